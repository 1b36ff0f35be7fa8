/**
 * Image Factory schematics: the data model, a strict reader that accepts what the factory accepts
 * (YAML or JSON, any formatting, unknown fields rejected), the canonical YAML form the factory
 * hashes, and the schematic ID (T1). Pure: no I/O, no network.
 *
 * The canonical form is go-yaml's `Marshal` of image-factory's `Schematic` struct; see
 * `./go-yaml.ts` for the scalar rules and docs/facts.md T1 for the facts.
 * @module
 */
import { createHash } from 'node:crypto'
import { type Document, isAlias, isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml'
import { InputError } from '../core/errors.ts'
import { containsCredential } from '../core/secrets.ts'
import { LIMITS, parseSource, positionAt, type SourceFile } from '../core/source.ts'
import { closestMatch } from '../core/suggest.ts'
import { goFormatFloat, goOldBool, goRenderString, goResolve, goSimpleKeyAllowed } from './go-yaml.ts'

/** Bootloader choices of `customization.bootloader`; `none` is the zero value (not written). */
export const BOOTLOADERS = ['none', 'dual-boot', 'sd-boot', 'grub'] as const
export type Bootloader = (typeof BOOTLOADERS)[number]

/**
 * `customization.secureboot.enrollKeys` choices (systemd-boot's `secure-boot-enroll` values). The
 * field is a plain string in the factory, so an explicit `off` is kept and written `"off"` (go-yaml
 * quotes YAML 1.1 booleans); only an absent or empty value is left out. See docs/schematic.md.
 */
export const ENROLL_KEYS = ['off', 'manual', 'if-safe', 'force'] as const
export type EnrollKeys = (typeof ENROLL_KEYS)[number]

/**
 * A YAML float whose value is a whole number (`1.0`, `1e6`). Go keeps it a float64 and writes it
 * with `strconv.FormatFloat` (`1e+06`), unlike the integer `1000000`; this wrapper keeps the
 * difference through a round trip.
 */
export class YamlFloat {
  readonly value: number
  constructor(value: number) {
    this.value = value
  }
}

/**
 * A value inside `overlay.options` (Go `map[string]any`). A JS `number` that is a safe integer and
 * a `bigint` are YAML integers; other numbers are floats, as is a {@link YamlFloat}.
 */
export type OverlayOptionValue =
  | string
  | bigint
  | number
  | boolean
  | null
  | YamlFloat
  | OverlayOptionValue[]
  | { [key: string]: OverlayOptionValue }

/** An overlay (SBC support); when any field is set, `image` and `name` are always written. */
export interface SchematicOverlay {
  image?: string
  name?: string
  options?: { [key: string]: OverlayOptionValue }
}

/** One initial META entry; `key` is a uint8 (0..255). */
export interface SchematicMetaValue {
  key: number
  value: string
}

/** `customization`: always written, `{}` when empty. */
export interface SchematicCustomization {
  /** Talos >= 1.12. Public once the schematic is registered: never put secrets here (T19). */
  embeddedMachineConfiguration?: string
  extraKernelArgs?: string[]
  meta?: SchematicMetaValue[]
  systemExtensions?: { officialExtensions?: string[] }
  bootloader?: Bootloader
  secureboot?: { enrollKeys?: EnrollKeys; includeWellKnownCertificates?: boolean }
  diskImage?: { sectorSize?: number | bigint }
}

/**
 * Mirror of image-factory's `schematic.Schematic`. Field order is the serialization order; zero
 * values are omitted; list order is significant (no sorting).
 */
export interface Schematic {
  /** Set by Enterprise factories with authentication; part of the hashed body. */
  owner?: string
  overlay?: SchematicOverlay
  customization?: SchematicCustomization
}

/** 1-based position of a field or list item, keyed by its path (`customization.extraKernelArgs[0]`). */
export interface SchematicPosition {
  line: number
  column: number
}

/**
 * A schematic with the positions of its fields, for findings that point into the file. A field's
 * path maps to its key (`customization.extraKernelArgs`), a list item's to the item
 * (`customization.extraKernelArgs[1]`), an overlay option's to its key (`overlay.options.configTxt`).
 */
export interface ParsedSchematic {
  schematic: Schematic
  positions: ReadonlyMap<string, SchematicPosition>
}

/** The official extension name of Tailscale. */
export const TAILSCALE_EXTENSION = 'siderolabs/tailscale'

// --- reading ---------------------------------------------------------------------------------

/**
 * Reads a schematic from YAML or JSON, strictly like `POST /schematics`: unknown fields, wrong
 * shapes and out-of-range numbers are an InputError naming the field, its line and column.
 * Scalars are read with go-yaml's rules (`key: 0x0a` is 10, `includeWellKnownCertificates: yes` is
 * true, `extraKernelArgs: [10]` is the string "10").
 */
export function parseSchematic(source: SourceFile): Schematic {
  return parseSchematicWithPositions(source).schematic
}

/** Like {@link parseSchematic}, also returning where each field sits in the file. */
export function parseSchematicWithPositions(source: SourceFile): ParsedSchematic {
  const docs = parseSource(source)
  const nonEmpty = docs.filter(d => d.doc.contents !== null)
  if (nonEmpty.length === 0) {
    throw new InputError(`"${source.path}" is empty, so it is not a schematic.`, {
      location: { file: source.path },
      hint: 'The smallest schematic is "customization: {}". The Image Factory rejects an empty body too.',
    })
  }
  if (nonEmpty.length > 1) {
    const second = nonEmpty[1]!
    const { line, column } = positionAt(source, second.doc.contents?.range?.[0] ?? 0)
    throw new InputError(`"${source.path}" holds ${nonEmpty.length} YAML documents; a schematic is one.`, {
      location: { file: source.path, line, column },
      hint: 'Keep only the schematic document in this file.',
    })
  }
  const first = nonEmpty[0]!
  return decodeSchematicNode(first.doc.contents as Node, { source, doc: first.doc })
}

/**
 * Decodes a schematic from a YAML node inside a larger file (for example the `schematic:` block of a
 * talhelper node). `basePath` prefixes the paths used in errors and positions.
 */
export function decodeSchematicNode(
  node: Node | null,
  where: { source: SourceFile; doc: Document },
  basePath = '',
): ParsedSchematic {
  const decoder = new Decoder(where.source, where.doc, basePath)
  const schematic = decoder.schematic(node)
  return { schematic, positions: decoder.positions }
}

const STR_TAG = 'tag:yaml.org,2002:str'
const NULL_TAG = 'tag:yaml.org,2002:null'

class Decoder {
  readonly positions = new Map<string, SchematicPosition>()
  private aliasBudget: number = LIMITS.aliasCount

  private readonly source: SourceFile
  private readonly doc: Document
  private readonly basePath: string

  constructor(source: SourceFile, doc: Document, basePath: string) {
    this.source = source
    this.doc = doc
    this.basePath = basePath
  }

  schematic(node: Node | null): Schematic {
    const out: Schematic = {}
    this.struct(node, '', 'schematic', {
      owner: (n, p) => {
        const v = this.string(n, p)
        if (v !== '') out.owner = v
      },
      overlay: (n, p) => {
        const overlay: SchematicOverlay = {}
        this.struct(n, p, 'overlay', {
          image: (m, q) => {
            overlay.image = this.string(m, q)
          },
          name: (m, q) => {
            overlay.name = this.string(m, q)
          },
          options: (m, q) => {
            const options = this.optionsMap(m, q)
            if (options && Object.keys(options).length > 0) overlay.options = options
          },
        })
        if (overlay.image || overlay.name || overlay.options) {
          out.overlay = { image: overlay.image ?? '', name: overlay.name ?? '' }
          if (overlay.options) out.overlay.options = overlay.options
        }
      },
      customization: (n, p) => {
        out.customization = this.customization(n, p)
      },
    })
    if (!out.customization) out.customization = {}
    return out
  }

  private customization(node: Node | null, path: string): SchematicCustomization {
    const c: SchematicCustomization = {}
    this.struct(node, path, 'customization', {
      embeddedMachineConfiguration: (n, p) => {
        const v = this.string(n, p)
        if (v !== '') c.embeddedMachineConfiguration = v
      },
      extraKernelArgs: (n, p) => {
        const list = this.list(n, p, (m, q) => this.string(m, q))
        if (list.length > 0) c.extraKernelArgs = list
      },
      meta: (n, p) => {
        const list = this.list(n, p, (m, q) => {
          const entry: SchematicMetaValue = { key: 0, value: '' }
          this.struct(m, q, 'meta entry', {
            key: (k, r) => {
              entry.key = Number(this.uint(k, r, 255n, 'a META key (0 to 255)'))
            },
            value: (k, r) => {
              entry.value = this.string(k, r)
            },
          })
          return entry
        })
        if (list.length > 0) c.meta = list
      },
      systemExtensions: (n, p) => {
        this.struct(n, p, 'systemExtensions', {
          officialExtensions: (m, q) => {
            const list = this.list(m, q, (k, r) => this.string(k, r))
            if (list.length > 0) c.systemExtensions = { officialExtensions: list }
          },
        })
      },
      bootloader: (n, p) => {
        const v = this.enumeration(n, p, BOOTLOADERS, 'bootloader')
        if (v !== undefined && v !== 'none') c.bootloader = v
      },
      secureboot: (n, p) => {
        const sb: NonNullable<SchematicCustomization['secureboot']> = {}
        this.struct(n, p, 'secureboot', {
          enrollKeys: (m, q) => {
            const v = this.enumeration(m, q, ENROLL_KEYS, 'enrollKeys')
            if (v !== undefined) sb.enrollKeys = v
          },
          includeWellKnownCertificates: (m, q) => {
            if (this.bool(m, q)) sb.includeWellKnownCertificates = true
          },
        })
        if (sb.enrollKeys || sb.includeWellKnownCertificates) c.secureboot = sb
      },
      diskImage: (n, p) => {
        this.struct(n, p, 'diskImage', {
          sectorSize: (m, q) => {
            const v = this.uint(m, q, (1n << 64n) - 1n, 'an unsigned integer')
            if (v !== 0n) c.diskImage = { sectorSize: v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v }
          },
        })
      },
    })
    return c
  }

  // -- node helpers ---------------------------------------------------------------------------

  private full(path: string): string {
    if (!this.basePath) return path
    if (!path) return this.basePath
    return path.startsWith('[') ? `${this.basePath}${path}` : `${this.basePath}.${path}`
  }

  private record(path: string, node: Node | null | undefined): void {
    const offset = node?.range?.[0]
    if (offset === undefined) return
    this.positions.set(this.full(path), positionAt(this.source, offset))
  }

  private fail(node: Node | null | undefined, path: string, message: string, hint: string): never {
    const { line, column } = positionAt(this.source, node?.range?.[0] ?? 0)
    const full = this.full(path)
    throw new InputError(message, {
      location: { file: this.source.path, line, column, ...(full ? { path: full } : {}) },
      hint,
    })
  }

  private deref(node: Node | null | undefined): Node | null {
    if (node && isAlias(node)) {
      this.aliasBudget -= 1
      if (this.aliasBudget < 0) {
        this.fail(node, '', 'too many YAML alias expansions in this schematic.', 'Write the values out.')
      }
      const target = node.resolve(this.doc)
      if (!target) this.fail(node, '', `unknown YAML alias "*${node.source}".`, 'Define the anchor first.')
      return target as Node
    }
    return node ?? null
  }

  private isNull(node: Node | null): boolean {
    if (node === null) return true
    if (!isScalar(node)) return false
    if (node.tag === NULL_TAG) return true
    if (node.tag) return false
    return node.type === 'PLAIN' && goResolve(String(node.source ?? '')).kind === 'null'
  }

  private checkTag(node: Scalar, path: string): void {
    if (node.tag && node.tag !== STR_TAG && node.tag !== NULL_TAG) {
      this.fail(
        node,
        path,
        `explicit YAML tag "${node.tag}" is not supported in a schematic.`,
        'Remove the tag; write the value as a plain or quoted scalar.',
      )
    }
  }

  private describe(node: Node): string {
    if (isMap(node)) return 'a mapping'
    if (isSeq(node)) return 'a list'
    return 'a scalar'
  }

  private struct(
    raw: Node | null | undefined,
    path: string,
    what: string,
    fields: Record<string, (node: Node | null, path: string) => void>,
  ): void {
    const node = this.deref(raw)
    if (this.isNull(node)) return
    if (!isMap(node)) {
      this.fail(
        node,
        path,
        `${what} must be a mapping, found ${this.describe(node!)}.`,
        `Write ${path || 'the schematic'} as "key: value" lines (fields: ${Object.keys(fields).join(', ')}).`,
      )
    }
    for (const pair of node.items) {
      const key = this.deref(pair.key as Node | null)
      const name = key && isScalar(key) ? scalarText(key) : undefined
      // Own keys only: `__proto__` or `constructor` must be unknown fields, not Object.prototype's.
      const field = name === undefined || !Object.hasOwn(fields, name) ? undefined : fields[name]
      if (!field || name === undefined) {
        const shown = name === undefined ? 'a non-scalar key' : `"${name}"`
        const guess = name === undefined ? undefined : closestMatch(name, Object.keys(fields))
        this.fail(
          key,
          name === undefined ? path : path ? `${path}.${name}` : name,
          `unknown field ${shown} in ${what}; the Image Factory rejects unknown fields.`,
          `${guess ? `Did you mean "${guess}"? ` : ''}Fields of ${what}: ${Object.keys(fields).join(', ')}.`,
        )
      }
      const childPath = path ? `${path}.${name}` : name
      this.record(childPath, key)
      field(pair.value as Node | null, childPath)
    }
  }

  private list<T>(raw: Node | null, path: string, item: (node: Node | null, path: string) => T): T[] {
    const node = this.deref(raw)
    if (this.isNull(node)) return []
    if (!isSeq(node)) {
      this.fail(
        node,
        path,
        `${path} must be a list, found ${this.describe(node!)}.`,
        'Write one "- item" per line.',
      )
    }
    return node.items.map((child, index) => {
      const childPath = `${path}[${index}]`
      const target = this.deref(child as Node | null)
      this.record(childPath, target)
      return item(target, childPath)
    })
  }

  private string(raw: Node | null, path: string): string {
    const node = this.deref(raw)
    if (this.isNull(node)) return ''
    if (!isScalar(node)) {
      this.fail(
        node,
        path,
        `${path} must be a string, found ${this.describe(node!)}.`,
        'Write a single value.',
      )
    }
    this.checkTag(node, path)
    return scalarText(node)
  }

  private uint(raw: Node | null, path: string, max: bigint, expected: string): bigint {
    const node = this.deref(raw)
    if (this.isNull(node)) return 0n
    const bad = (found: string): never =>
      this.fail(
        node,
        path,
        `${path} must be ${expected}, found ${found}.`,
        'Write a decimal number such as 10 or a hex number such as 0x0a.',
      )
    if (!isScalar(node)) return bad(this.describe(node!))
    this.checkTag(node, path)
    const text = scalarText(node)
    if (node.type !== 'PLAIN' || node.tag === STR_TAG) return bad(`the string "${text}"`)
    const resolved = goResolve(text)
    let value: bigint | undefined
    if (resolved.kind === 'int') value = resolved.value
    else if (resolved.kind === 'float' && Number.isInteger(resolved.value)) value = BigInt(resolved.value)
    if (value === undefined) return bad(`"${text}"`)
    if (value < 0n || value > max) return bad(`${text} (out of range)`)
    return value
  }

  private bool(raw: Node | null, path: string): boolean {
    const node = this.deref(raw)
    if (this.isNull(node)) return false
    if (!isScalar(node)) {
      this.fail(
        node,
        path,
        `${path} must be true or false, found ${this.describe(node!)}.`,
        'Write true or false.',
      )
    }
    this.checkTag(node, path)
    const text = scalarText(node)
    if (node.type === 'PLAIN' && !node.tag) {
      const resolved = goResolve(text)
      if (resolved.kind === 'bool') return resolved.value
    }
    const old = goOldBool(text)
    if (old !== undefined) return old
    return this.fail(node, path, `${path} must be true or false, found "${text}".`, 'Write true or false.')
  }

  private enumeration<T extends string>(
    raw: Node | null,
    path: string,
    values: readonly T[],
    what: string,
  ): T | undefined {
    const node = this.deref(raw)
    if (this.isNull(node)) return undefined
    const text = this.string(node, path)
    if (!(values as readonly string[]).includes(text)) {
      const guess = closestMatch(text.toLowerCase(), values)
      this.fail(
        node,
        path,
        `${what} "${text}" is not one of ${values.join(', ')}.`,
        guess ? `Did you mean "${guess}"?` : `Pick one of ${values.join(', ')}.`,
      )
    }
    return text as T
  }

  private optionsMap(raw: Node | null, path: string): { [key: string]: OverlayOptionValue } | undefined {
    const node = this.deref(raw)
    if (this.isNull(node)) return undefined
    if (!isMap(node)) {
      this.fail(
        node,
        path,
        `${path} must be a mapping, found ${this.describe(node!)}.`,
        'Write "key: value" lines.',
      )
    }
    return this.any(node, path) as { [key: string]: OverlayOptionValue }
  }

  private any(raw: Node | null, path: string): OverlayOptionValue {
    const node = this.deref(raw)
    if (node === null) return null
    if (isMap(node)) {
      const out: { [key: string]: OverlayOptionValue } = {}
      for (const pair of node.items) {
        const key = this.deref(pair.key as Node | null)
        if (!key || !isScalar(key) || !isStringScalar(key)) {
          this.fail(
            key,
            path,
            `${path} has a key that is not a string.`,
            'Overlay options with non-string keys are not supported by talscale; quote the key.',
          )
        }
        const name = scalarText(key)
        if (!goSimpleKeyAllowed(name)) {
          this.fail(
            key,
            path,
            `${path} has a key longer than 128 bytes or spanning lines.`,
            'talscale cannot reproduce the factory form of such keys; shorten the key.',
          )
        }
        this.record(`${path}.${name}`, key)
        out[name] = this.any(pair.value as Node | null, `${path}.${name}`)
      }
      return out
    }
    if (isSeq(node)) {
      return node.items.map((child, i) => {
        const target = this.deref(child as Node | null)
        this.record(`${path}[${i}]`, target)
        return this.any(target, `${path}[${i}]`)
      })
    }
    if (!isScalar(node)) return null
    this.checkTag(node, path)
    const text = scalarText(node)
    if (node.tag === NULL_TAG) return null
    if (node.type !== 'PLAIN' || node.tag === STR_TAG) return text
    const resolved = goResolve(text)
    switch (resolved.kind) {
      case 'null':
        return null
      case 'bool':
        return resolved.value
      case 'int':
        return resolved.value
      case 'float':
        return Number.isInteger(resolved.value) ? new YamlFloat(resolved.value) : resolved.value
      case 'timestamp':
        return this.fail(
          node,
          path,
          `${path} is an unquoted timestamp ("${text}").`,
          'The factory turns it into a Go time value, which talscale does not reproduce; quote it if you mean a string.',
        )
      case 'merge':
      case 'str':
        return text
    }
  }
}

function scalarText(node: Scalar): string {
  if (node.type === 'PLAIN') return String(node.source ?? '')
  return node.value === null || node.value === undefined ? '' : String(node.value)
}

function isStringScalar(node: Scalar): boolean {
  if (node.tag === STR_TAG) return true
  if (node.tag) return false
  if (node.type !== 'PLAIN') return true
  return goResolve(scalarText(node)).kind === 'str'
}

// --- writing ---------------------------------------------------------------------------------

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

// --- secrets (T19) ---------------------------------------------------------------------------

/** Why a place in a schematic looks like it holds a secret. */
export type SchematicSecretKind =
  | 'tailscale-key'
  | 'auth-in-kernel-args'
  | 'secret-in-kernel-args'
  | 'secret-in-meta'
  | 'embedded-config-secret'
  | 'embedded-extension-service-config'

/** A field of a schematic that looks like it carries a secret. The value itself is never included. */
export interface SchematicSecretRisk {
  /** Path of the field, as in {@link ParsedSchematic.positions} (`customization.extraKernelArgs[2]`). */
  path: string
  kind: SchematicSecretKind
  /** What was found and why it matters, without the secret. */
  message: string
}

const TS_AUTH_VAR = /\bTS_(?:AUTHKEY|AUTH_KEY|API_KEY|OAUTH_CLIENT_SECRET|CLIENT_SECRET)\s*=/i
const GENERIC_ARG_SECRET = /(?:^|[._-])(?:password|passwd|token|secret|api_?key|auth_?key)=/i
const CONFIG_SECRET =
  /PRIVATE KEY-----|LS0tLS1CRUdJTi|^\s*(?:token|secret|secretboxEncryptionSecret|aescbcEncryptionSecret|bootstrapToken|password|authkey)\s*:\s*\S/im

/**
 * Places in a schematic that look like secrets (T19: schematics are public; anyone with the ID can
 * read them back from the factory). Checks Tailscale keys (`tskey-...`) anywhere, `TS_AUTHKEY=` and
 * `password=`-style kernel arguments, META values, an embedded machine configuration that carries an
 * `ExtensionServiceConfig` or key material, and overlay option strings. Pure; returns risks in
 * field order, never the secret value.
 */
export function schematicSecretRisks(schematic: Schematic): SchematicSecretRisk[] {
  const risks: SchematicSecretRisk[] = []
  const c = schematic.customization ?? {}
  const ts = (path: string, where: string) =>
    risks.push({
      path,
      kind: 'tailscale-key',
      message: `${where} contains a Tailscale key (tskey-...). Schematics are public: anyone with the ID can read it.`,
    })
  const embedded = c.embeddedMachineConfiguration
  if (typeof embedded === 'string' && embedded !== '') {
    const path = 'customization.embeddedMachineConfiguration'
    if (containsCredential(embedded)) ts(path, 'the embedded machine configuration')
    else if (/^\s*kind:\s*ExtensionServiceConfig\b/m.test(embedded) || TS_AUTH_VAR.test(embedded)) {
      risks.push({
        path,
        kind: 'embedded-extension-service-config',
        message:
          'the embedded machine configuration carries an ExtensionServiceConfig or TS_AUTHKEY; it is public once registered. Apply service configs with talosctl instead.',
      })
    } else if (CONFIG_SECRET.test(embedded)) {
      risks.push({
        path,
        kind: 'embedded-config-secret',
        message:
          'the embedded machine configuration looks like it holds tokens or private keys; it is public once registered.',
      })
    }
  }
  for (const [i, arg] of (c.extraKernelArgs ?? []).entries()) {
    const path = `customization.extraKernelArgs[${i}]`
    if (typeof arg !== 'string') continue
    if (containsCredential(arg)) ts(path, 'a kernel argument')
    else if (TS_AUTH_VAR.test(arg)) {
      risks.push({
        path,
        kind: 'auth-in-kernel-args',
        message:
          'a kernel argument sets a Tailscale auth variable; kernel arguments of a schematic are public.',
      })
    } else if (GENERIC_ARG_SECRET.test(arg)) {
      risks.push({
        path,
        kind: 'secret-in-kernel-args',
        message:
          'a kernel argument looks like it carries a password or token; kernel arguments of a schematic are public.',
      })
    }
  }
  for (const [i, m] of (c.meta ?? []).entries()) {
    const path = `customization.meta[${i}].value`
    const value = m?.value
    if (typeof value !== 'string') continue
    if (containsCredential(value)) ts(path, `META key ${m.key}`)
    else if (TS_AUTH_VAR.test(value) || CONFIG_SECRET.test(value)) {
      risks.push({
        path,
        kind: 'secret-in-meta',
        message: `META key ${m.key} looks like it carries a secret; META values of a schematic are public.`,
      })
    }
  }
  const walk = (value: OverlayOptionValue, path: string) => {
    if (value instanceof YamlFloat) return
    if (typeof value === 'string') {
      if (containsCredential(value)) ts(path, 'an overlay option')
    } else if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) walk(v, `${path}[${i}]`)
    } else if (value && typeof value === 'object') {
      for (const key of Object.keys(value).sort()) walk(value[key] as OverlayOptionValue, `${path}.${key}`)
    }
  }
  if (schematic.overlay?.options) walk(schematic.overlay.options, 'overlay.options')
  return risks
}

/** True when the schematic lists the Tailscale extension (`siderolabs/tailscale`). */
export function hasTailscaleExtension(schematic: Schematic): boolean {
  return (schematic.customization?.systemExtensions?.officialExtensions ?? []).includes(TAILSCALE_EXTENSION)
}
