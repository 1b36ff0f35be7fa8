/**
 * Reading a schematic strictly: YAML or JSON, any formatting, unknown fields rejected, as the
 * factory accepts it (T1).
 * @module
 */
import { type Document, isAlias, isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml'
import { InputError } from '../../core/errors.ts'
import { LIMITS, parseSource, positionAt, type SourceFile } from '../../core/source.ts'
import { closestMatch } from '../../core/suggest.ts'
import { goOldBool, goResolve, goSimpleKeyAllowed } from '../go-yaml.ts'
import {
  BOOTLOADERS,
  ENROLL_KEYS,
  type OverlayOptionValue,
  type ParsedSchematic,
  type Schematic,
  type SchematicCustomization,
  type SchematicMetaValue,
  type SchematicOverlay,
  type SchematicPosition,
  YamlFloat,
} from './model.ts'

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
