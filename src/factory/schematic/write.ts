/**
 * The canonical YAML of a schematic (go-yaml's `Marshal` of image-factory's `Schematic` struct; see
 * `../go-yaml.ts` for the scalar rules and docs/facts.md T1) and the schematic ID, its SHA-256.
 * @module
 */
import { createHash } from 'node:crypto'
import { InputError } from '../../core/errors.ts'
import { goFormatFloat, goRenderString, goSimpleKeyAllowed } from '../go-yaml.ts'
import {
  BOOTLOADERS,
  ENROLL_KEYS,
  type OverlayOptionValue,
  type Schematic,
  type SchematicCustomization,
  YamlFloat,
} from './model.ts'

type Emit =
  | { kind: 'string'; value: string }
  | { kind: 'raw'; text: string }
  | { kind: 'map'; entries: Array<[string, Emit]> }
  | { kind: 'seq'; items: Emit[] }

/**
 * The canonical YAML of a schematic, byte for byte what image-factory's `Marshal` writes (go-yaml:
 * struct field order, zero values omitted, `customization: {}` when empty, 4-space indentation,
 * sequences indented under their key, overlay option keys sorted, go-yaml quoting).
 * Throws an InputError for values the factory could not hold (META key outside 0..255, unknown
 * bootloader, ...).
 */
export function canonicalSchematicYaml(schematic: Schematic): string {
  const root = toEmit(schematic)
  return renderMapping(root, 0)
}

/** The Image Factory schematic ID: lowercase hex SHA-256 of {@link canonicalSchematicYaml}. */
export function schematicId(schematic: Schematic): string {
  return createHash('sha256').update(canonicalSchematicYaml(schematic), 'utf8').digest('hex')
}

/** ID of the empty schematic (`customization: {}`), the factory's default (T1, T3). */
export const EMPTY_SCHEMATIC_ID = '376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba'

function invalid(path: string, message: string, hint: string): never {
  throw new InputError(`schematic ${path}: ${message}`, { hint })
}

function checkString(value: unknown, path: string): string {
  if (typeof value !== 'string') invalid(path, `expected a string, got ${typeof value}.`, 'Pass a string.')
  if (/\p{Cs}/u.test(value.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))) {
    invalid(path, 'contains a lone surrogate, so it is not valid UTF-8.', 'Remove the broken character.')
  }
  return value
}

function checkStrings(value: unknown, path: string): string[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) invalid(path, 'expected a list of strings.', 'Pass an array.')
  return value.map((v, i) => checkString(v, `${path}[${i}]`))
}

function toEmit(s: Schematic): Emit & { kind: 'map' } {
  const entries: Array<[string, Emit]> = []
  if (s.owner !== undefined && checkString(s.owner, 'owner') !== '') {
    entries.push(['owner', { kind: 'string', value: s.owner }])
  }
  const o = s.overlay
  if (o) {
    const image = o.image === undefined ? '' : checkString(o.image, 'overlay.image')
    const name = o.name === undefined ? '' : checkString(o.name, 'overlay.name')
    const options = o.options ?? {}
    if (typeof options !== 'object' || Array.isArray(options)) {
      invalid('overlay.options', 'expected a mapping.', 'Pass an object.')
    }
    const hasOptions = Object.keys(options).length > 0
    if (image || name || hasOptions) {
      const overlay: Array<[string, Emit]> = [
        ['image', { kind: 'string', value: image }],
        ['name', { kind: 'string', value: name }],
      ]
      if (hasOptions) overlay.push(['options', optionToEmit(options, 'overlay.options')])
      entries.push(['overlay', { kind: 'map', entries: overlay }])
    }
  }
  entries.push(['customization', customizationToEmit(s.customization ?? {})])
  return { kind: 'map', entries }
}

function customizationToEmit(c: SchematicCustomization): Emit {
  const p = 'customization'
  const entries: Array<[string, Emit]> = []
  if (c.embeddedMachineConfiguration !== undefined) {
    const v = checkString(c.embeddedMachineConfiguration, `${p}.embeddedMachineConfiguration`)
    if (v !== '') entries.push(['embeddedMachineConfiguration', { kind: 'string', value: v }])
  }
  const args = checkStrings(c.extraKernelArgs, `${p}.extraKernelArgs`)
  if (args.length > 0) {
    entries.push(['extraKernelArgs', { kind: 'seq', items: args.map(v => ({ kind: 'string', value: v })) }])
  }
  const meta = c.meta ?? []
  if (!Array.isArray(meta)) invalid(`${p}.meta`, 'expected a list.', 'Pass an array of {key, value}.')
  if (meta.length > 0) {
    entries.push([
      'meta',
      {
        kind: 'seq',
        items: meta.map((m, i) => {
          const key = m?.key
          if (typeof key !== 'number' || !Number.isInteger(key) || key < 0 || key > 255) {
            invalid(
              `${p}.meta[${i}].key`,
              `${String(key)} is not a META key (0 to 255).`,
              'Use an integer 0..255.',
            )
          }
          const value = checkString(m.value ?? '', `${p}.meta[${i}].value`)
          return {
            kind: 'map',
            entries: [
              ['key', { kind: 'raw', text: String(key) }],
              ['value', { kind: 'string', value }],
            ],
          }
        }),
      },
    ])
  }
  const extensions = checkStrings(
    c.systemExtensions?.officialExtensions,
    `${p}.systemExtensions.officialExtensions`,
  )
  if (extensions.length > 0) {
    entries.push([
      'systemExtensions',
      {
        kind: 'map',
        entries: [
          ['officialExtensions', { kind: 'seq', items: extensions.map(v => ({ kind: 'string', value: v })) }],
        ],
      },
    ])
  }
  if (c.bootloader !== undefined) {
    if (!(BOOTLOADERS as readonly string[]).includes(c.bootloader)) {
      invalid(
        `${p}.bootloader`,
        `"${String(c.bootloader)}" is not one of ${BOOTLOADERS.join(', ')}.`,
        'Pick a listed value.',
      )
    }
    if (c.bootloader !== 'none') entries.push(['bootloader', { kind: 'string', value: c.bootloader }])
  }
  const sb = c.secureboot
  if (sb) {
    const sbEntries: Array<[string, Emit]> = []
    if (sb.enrollKeys !== undefined) {
      if (!(ENROLL_KEYS as readonly string[]).includes(sb.enrollKeys)) {
        invalid(
          `${p}.secureboot.enrollKeys`,
          `"${String(sb.enrollKeys)}" is not one of ${ENROLL_KEYS.join(', ')}.`,
          'Pick a listed value.',
        )
      }
      sbEntries.push(['enrollKeys', { kind: 'string', value: sb.enrollKeys }])
    }
    if (sb.includeWellKnownCertificates === true) {
      sbEntries.push(['includeWellKnownCertificates', { kind: 'raw', text: 'true' }])
    }
    if (sbEntries.length > 0) entries.push(['secureboot', { kind: 'map', entries: sbEntries }])
  }
  const sectorSize = c.diskImage?.sectorSize
  if (sectorSize !== undefined) {
    const n =
      typeof sectorSize === 'bigint' ? sectorSize : Number.isInteger(sectorSize) ? BigInt(sectorSize) : -1n
    if (n < 0n || n >= 1n << 64n) {
      invalid(
        `${p}.diskImage.sectorSize`,
        `${String(sectorSize)} is not an unsigned integer.`,
        'Use 512 or 4096.',
      )
    }
    if (n !== 0n) {
      entries.push([
        'diskImage',
        { kind: 'map', entries: [['sectorSize', { kind: 'raw', text: n.toString() }]] },
      ])
    }
  }
  return { kind: 'map', entries }
}

function optionToEmit(value: OverlayOptionValue, path: string): Emit {
  if (value === null || value === undefined) return { kind: 'raw', text: 'null' }
  if (typeof value === 'string') return { kind: 'string', value: checkString(value, path) }
  if (typeof value === 'bigint') {
    if (value < -(1n << 63n) || value >= 1n << 64n) {
      invalid(
        path,
        `${value} does not fit a Go integer.`,
        'Use a value between -2^63 and 2^64-1, or a string.',
      )
    }
    return { kind: 'raw', text: value.toString() }
  }
  if (typeof value === 'number') {
    const int = Number.isSafeInteger(value) && !Object.is(value, -0)
    return { kind: 'raw', text: int ? String(value) : goFormatFloat(value) }
  }
  if (value instanceof YamlFloat) return { kind: 'raw', text: goFormatFloat(value.value) }
  if (typeof value === 'boolean') return { kind: 'raw', text: String(value) }
  if (Array.isArray(value))
    return { kind: 'seq', items: value.map((v, i) => optionToEmit(v, `${path}[${i}]`)) }
  if (typeof value === 'object') {
    const keys = Object.keys(value).sort((a, b) => (goKeyLess(a, b) ? -1 : goKeyLess(b, a) ? 1 : 0))
    return {
      kind: 'map',
      entries: keys.map(k => {
        checkString(k, path)
        if (!goSimpleKeyAllowed(k)) {
          invalid(
            `${path}.${k}`,
            'keys longer than 128 bytes or spanning lines are not supported.',
            'Shorten the key.',
          )
        }
        return [k, optionToEmit(value[k] as OverlayOptionValue, `${path}.${k}`)]
      }),
    }
  }
  return invalid(
    path,
    `unsupported value of type ${typeof value}.`,
    'Use strings, numbers, booleans, lists and mappings.',
  )
}

const isLetter = (c: string) => /\p{L}/u.test(c)
const isDigit = (c: string) => /\p{Nd}/u.test(c)

/** go-yaml's `keyList.Less` for two string keys (a natural order: digits compare as numbers). */
export function goKeyLess(a: string, b: string): boolean {
  const ar = Array.from(a)
  const br = Array.from(b)
  let digits = false
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) {
      digits = isDigit(ar[i]!)
      continue
    }
    const al = isLetter(ar[i]!)
    const bl = isLetter(br[i]!)
    if (al && bl) return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!
    if (al || bl) return digits ? al : bl
    let an = 0n
    let bn = 0n
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== '0') {
          an = 1n
          bn = 1n
          break
        }
      }
    }
    let ai = i
    let bi = i
    for (; ai < ar.length && isDigit(ar[ai]!); ai++)
      an = BigInt.asIntN(64, an * 10n + BigInt(ar[ai]!.codePointAt(0)! - 48))
    for (; bi < br.length && isDigit(br[bi]!); bi++)
      bn = BigInt.asIntN(64, bn * 10n + BigInt(br[bi]!.codePointAt(0)! - 48))
    if (an !== bn) return an < bn
    if (ai !== bi) return ai < bi
    return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!
  }
  return ar.length < br.length
}

const nextIndent = (indent: number) => 4 * Math.floor((indent + 4) / 4)
const endsAtLineStart = (text: string) => /[\n\u2028\u2029]$/.test(text)

// Writes a block mapping whose keys sit at `indent`; the result ends with a newline.
function renderMapping(node: Emit & { kind: 'map' }, indent: number): string {
  if (node.entries.length === 0) return '{}\n'
  let out = ''
  for (const [key, value] of node.entries) {
    const keyText = goRenderString(key, 0, true).slice(1)
    out += `${' '.repeat(indent)}${keyText}:${renderValue(value, indent, false)}`
  }
  return out
}

// Writes what follows `key:` (inSeq false) or `-` (inSeq true), including the final newline.
function renderValue(value: Emit, indent: number, inSeq: boolean): string {
  const child = inSeq ? indent + 2 : nextIndent(indent)
  switch (value.kind) {
    case 'raw':
      return ` ${value.text}\n`
    case 'string': {
      const text = goRenderString(value.value, child)
      return endsAtLineStart(text) ? text : `${text}\n`
    }
    case 'map':
      if (value.entries.length === 0) return ' {}\n'
      return inSeq ? ` ${renderMapping(value, child).slice(child)}` : `\n${renderMapping(value, child)}`
    case 'seq':
      if (value.items.length === 0) return ' []\n'
      return inSeq ? ` ${renderSequence(value, child).slice(child)}` : `\n${renderSequence(value, child)}`
  }
}

function renderSequence(node: Emit & { kind: 'seq' }, indent: number): string {
  let out = ''
  for (const item of node.items) out += `${' '.repeat(indent)}-${renderValue(item, indent, true)}`
  return out
}
