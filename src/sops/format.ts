/**
 * Reading SOPS-encrypted files (YAML, JSON, dotenv) and decrypting their values in memory with the
 * file's data key. The format follows sops 3.x: every encrypted leaf is
 * `ENC[AES256_GCM,data:<b64>,iv:<b64>,tag:<b64>,type:<str|int|float|bool|bytes|time>]`, sealed with
 * AES-256-GCM under the data key with the leaf's key path (`a:b:c:`; list items add nothing) as
 * additional data. The MAC is SHA-512 over the clear leaves in tree order, upper-case hex, encrypted
 * like a value with the file's `lastmodified` time as additional data.
 *
 * The clear text keeps the file's lines: each value is replaced on its own line (strings as one-line
 * JSON strings, which are valid YAML too) and the `sops` metadata is blanked, so a line in the clear
 * text is the same line in the encrypted file. Nothing here prints, logs or writes anything.
 * @module
 */
import { createDecipheriv, createHash } from 'node:crypto'
import { type Document, isAlias, isMap, isScalar, isSeq, type Node, type Pair, parseAllDocuments } from 'yaml'
import { InputError } from '../core/errors.ts'
import type { SourceFile } from '../core/source.ts'

export type SopsFormat = 'yaml' | 'json' | 'dotenv'

/** One age recipient of the data key. */
export interface SopsAgeKey {
  recipient: string
  /** The data key, as an armored age file. */
  enc: string
}

/** What talscale needs from a file's `sops` metadata. */
export interface SopsMetadata {
  format: SopsFormat
  age: SopsAgeKey[]
  /** Other key types the data key is encrypted for (pgp, kms, gcp_kms, azure_kv, hc_vault, hckms). */
  others: string[]
  /** Number of key groups (more than one means Shamir secret sharing). */
  keyGroups: number
  lastModified: string
  mac: string
  macOnlyEncrypted: boolean
}

/** A clear value's place in both texts, and the key it sits under. */
export interface DecryptedValue {
  /** Offsets of the ciphertext in the encrypted text. */
  original: [number, number]
  /** Offsets of the clear value in the clear text. */
  clear: [number, number]
  /** Display path of the key (`environment[1]`, `machine.install.image`, `TS_AUTHKEY`). */
  key: string
  /** The clear value (kept only in memory, for redaction of messages that quote it). */
  value: string
}

/** A decrypted file: the clear text and where each value came from. */
export interface DecryptedSops {
  clear: SourceFile
  values: DecryptedValue[]
  /** Offsets blanked in both texts (the metadata), sorted. */
  blanked: Array<[number, number]>
}

const OTHER_KEY_TYPES = ['pgp', 'kms', 'gcp_kms', 'azure_kv', 'hc_vault', 'hckms'] as const

const ENC = /^ENC\[AES256_GCM,data:([^,]*),iv:([^,]+),tag:([^,]+),type:([^\]]+)\]$/

// Written into the hash first when mac_only_encrypted is set, so the two kinds of MAC never agree.
const MAC_ONLY_ENCRYPTED_INIT = Buffer.from([
  0x8a, 0x3f, 0xd2, 0xad, 0x54, 0xce, 0x66, 0x52, 0x7b, 0x10, 0x34, 0xf3, 0xd1, 0x47, 0xbe, 0x0b, 0x0b, 0x97,
  0x5b, 0x3b, 0xf4, 0x4f, 0x72, 0xc6, 0xfd, 0xad, 0xec, 0x81, 0x76, 0xf2, 0x7d, 0x69,
])

/** True when a string is a SOPS AES256_GCM ciphertext. */
export function isSopsCiphertext(value: string): boolean {
  return ENC.test(value)
}

/** The format a SOPS file of this name is read as (sops decides by extension too). */
export function sopsFormatOf(path: string): SopsFormat {
  if (/\.json$/i.test(path)) return 'json'
  if (/(?:^|[/\\.])env$/i.test(path)) return 'dotenv'
  return 'yaml'
}

// Cheap test before any parsing: every SOPS file names its MAC.
const MAYBE_SOPS = /(?:^|["\s])(?:sops_)?mac["']?\s*[:=]/m

/**
 * The SOPS metadata of a file, or undefined when it is not a SOPS-encrypted file. A file that says
 * it is one but whose metadata is unusable is an InputError.
 */
export function readSopsMetadata(source: SourceFile): SopsMetadata | undefined {
  if (!MAYBE_SOPS.test(source.text) || !source.text.includes('sops')) return undefined
  const format = sopsFormatOf(source.path)
  let raw: Record<string, unknown> | undefined
  if (format === 'dotenv' && !/^\s*[[{]/.test(source.text)) raw = dotenvMetadata(source.text)
  else {
    const docs = parseYaml(source)
    const first = docs?.[0]?.contents
    if (isMap(first)) {
      const pair = first.items.find(item => isScalar(item.key) && item.key.value === 'sops')
      const value = pair?.value
      if (isMap(value)) raw = value.toJSON() as Record<string, unknown>
    }
  }
  if (!raw || typeof raw.mac !== 'string') return undefined
  return toMetadata(raw, format === 'dotenv' && raw.__dotenv === true ? 'dotenv' : format, source.path)
}

function toMetadata(raw: Record<string, unknown>, format: SopsFormat, path: string): SopsMetadata {
  const groups: Array<Record<string, unknown>> = Array.isArray(raw.key_groups)
    ? (raw.key_groups as unknown[]).filter(isRecord)
    : [raw]
  const age: SopsAgeKey[] = []
  const others = new Set<string>()
  for (const group of groups) {
    for (const entry of Array.isArray(group.age) ? group.age : []) {
      if (isRecord(entry) && typeof entry.enc === 'string')
        age.push({ recipient: String(entry.recipient ?? ''), enc: entry.enc })
    }
    for (const type of OTHER_KEY_TYPES) {
      if (Array.isArray(group[type]) && group[type].length > 0) others.add(type)
    }
  }
  const lastModified = raw.lastmodified
  if (typeof lastModified !== 'string' && !(lastModified instanceof Date)) {
    throw new InputError(
      `"${path}" has SOPS metadata without "lastmodified", so its MAC cannot be checked.`,
      {
        location: { file: path },
        hint: 'Re-encrypt the file with sops (sops updatekeys or sops -e).',
      },
    )
  }
  return {
    format,
    age,
    others: [...others],
    keyGroups: groups.length,
    lastModified: lastModified instanceof Date ? lastModified.toISOString() : lastModified,
    mac: raw.mac as string,
    macOnlyEncrypted: raw.mac_only_encrypted === true || raw.mac_only_encrypted === 'true',
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function parseYaml(source: SourceFile): Document.Parsed[] | undefined {
  const docs = parseAllDocuments(source.text, {
    prettyErrors: false,
    logLevel: 'silent',
    keepSourceTokens: false,
  })
  const list = Array.isArray(docs) ? docs : [docs]
  if (list.some(doc => doc.errors.length > 0)) return undefined
  return list
}

// dotenv: metadata is flattened into `sops_` keys (`sops_age__list_0__map_enc`), newlines as `\n`.
function dotenvMetadata(text: string): Record<string, unknown> | undefined {
  const root: Record<string, unknown> = {}
  let found = false
  for (const line of text.split('\n')) {
    if (!line.startsWith('sops_')) continue
    const eq = line.indexOf('=')
    if (eq < 0) continue
    found = true
    setFlattened(root, line.slice(5, eq), line.slice(eq + 1).replaceAll('\\n', '\n'))
  }
  if (!found) return undefined
  root.__dotenv = true
  return root
}

function setFlattened(root: Record<string, unknown>, flatKey: string, value: string): void {
  const parts = flatKey.split(/(__list_\d+|__map_)/).filter(part => part !== '' && part !== '__map_')
  let current: Record<string, unknown> | unknown[] = root
  for (const [index, part] of parts.entries()) {
    const last = index === parts.length - 1
    const list = /^__list_(\d+)$/.exec(part)
    const key: string | number = list ? Number(list[1]) : part
    const next = parts[index + 1]
    const container = (current as Record<string | number, unknown>)[key]
    if (last) {
      ;(current as Record<string | number, unknown>)[key] = value
    } else if (container === undefined) {
      const made = next?.startsWith('__list_') ? [] : {}
      ;(current as Record<string | number, unknown>)[key] = made
      current = made
    } else current = container as Record<string, unknown>
  }
}

/** Decrypts one `ENC[...]` value with the data key; the additional data is the key path (`a:b:`). */
export function decryptValue(
  ciphertext: string,
  dataKey: Uint8Array,
  additionalData: string,
): { text: string; type: string } {
  const match = ENC.exec(ciphertext)
  if (!match) throw new Error('not a SOPS ciphertext')
  const [, data, iv, tag, type] = match as unknown as [string, string, string, string, string]
  const decipher = createDecipheriv('aes-256-gcm', dataKey, Buffer.from(iv, 'base64'))
  decipher.setAAD(Buffer.from(additionalData, 'utf8'))
  decipher.setAuthTag(Buffer.from(tag, 'base64'))
  const clear = Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()])
  return { text: clear.toString('utf8'), type }
}

interface Replacement {
  start: number
  end: number
  text: string
  value?: { key: string; clear: string }
}

/**
 * Decrypts every value of a SOPS file with its data key and verifies the MAC. Throws an InputError
 * (never quoting a value) when a value does not decrypt or the MAC does not match.
 */
export function decryptSops(source: SourceFile, metadata: SopsMetadata, dataKey: Uint8Array): DecryptedSops {
  const hash = createHash('sha512')
  if (metadata.macOnlyEncrypted) hash.update(MAC_ONLY_ENCRYPTED_INIT)
  const replacements: Replacement[] = []
  const fail = (what: string, cause?: unknown) =>
    new InputError(`"${source.path}": ${what}.`, {
      location: { file: source.path },
      hint: 'The file was changed after it was encrypted, or the data key is wrong; check it with sops -d.',
      ...(cause === undefined ? {} : { cause }),
    })
  const leaf = (
    value: unknown,
    sopsPath: string[],
    display: string,
    range?: [number, number],
    dotenv = false,
  ) => {
    if (value === null || value === undefined) return
    if (typeof value === 'string' && isSopsCiphertext(value)) {
      let clear: { text: string; type: string }
      try {
        clear = decryptValue(value, dataKey, `${sopsPath.join(':')}:`)
      } catch (error) {
        throw fail(`the value of "${display}" does not decrypt with the file's data key`, error)
      }
      const macText = clear.type === 'bool' ? goBool(clear.text) : clear.text
      hash.update(Buffer.from(macText, 'utf8'))
      if (range) {
        const text = dotenv ? clear.text.replaceAll('\n', '\\n') : scalarText(clear.text, clear.type)
        replacements.push({
          start: range[0],
          end: range[1],
          text,
          value: { key: display, clear: clear.text },
        })
      }
      return
    }
    if (!metadata.macOnlyEncrypted) hash.update(Buffer.from(goBytes(value), 'utf8'))
  }

  if (metadata.format === 'dotenv') {
    let offset = 0
    for (const line of source.text.split('\n')) {
      const start = offset
      offset += line.length + 1
      if (line.length === 0 || line.startsWith('#')) continue
      const eq = line.indexOf('=')
      if (eq < 0) throw fail('a line is not KEY=VALUE, so this is not a dotenv file sops wrote')
      const key = line.slice(0, eq)
      if (key.startsWith('sops_')) {
        replacements.push({ start, end: start + line.length, text: '' })
        continue
      }
      const value = line.slice(eq + 1).replaceAll('\\n', '\n')
      leaf(value, [key], key, [start + eq + 1, start + line.length], true)
    }
  } else {
    const docs = parseYaml(source)
    if (!docs) throw fail('it does not parse as YAML or JSON')
    for (const doc of docs) {
      const contents = doc.contents
      if (!isMap(contents)) {
        if (contents !== null) walk(doc, contents, [], '', leaf)
        continue
      }
      const items = contents.items
      for (const [index, pair] of items.entries()) {
        if (isScalar(pair.key) && pair.key.value === 'sops') {
          replacements.push(blankPair(source.text, items, index))
          continue
        }
        walkPair(doc, pair, [], '', leaf)
      }
    }
  }

  const mac = `${hash.digest('hex').toUpperCase()}`
  let stored: string
  try {
    stored = decryptValue(metadata.mac, dataKey, goRfc3339(metadata.lastModified)).text
  } catch (error) {
    throw fail("its MAC does not decrypt with the file's data key", error)
  }
  if (stored !== mac) throw fail('its MAC does not match the content (the file was altered after encryption)')

  return build(source, replacements)
}

type Leaf = (value: unknown, sopsPath: string[], display: string, range?: [number, number]) => void

function walkPair(doc: Document.Parsed, pair: Pair, path: string[], display: string, leaf: Leaf): void {
  const key = isScalar(pair.key) ? pair.key.value : undefined
  if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean') return
  const name = String(key)
  if (pair.value === null || pair.value === undefined) return
  walk(doc, pair.value as Node, [...path, name], display === '' ? name : `${display}.${name}`, leaf)
}

function walk(doc: Document.Parsed, node: Node, path: string[], display: string, leaf: Leaf): void {
  if (isMap(node)) {
    for (const pair of node.items) walkPair(doc, pair as Pair, path, display, leaf)
  } else if (isSeq(node)) {
    for (const [index, item] of node.items.entries())
      if (item !== null && item !== undefined) walk(doc, item as Node, path, `${display}[${index}]`, leaf)
  } else if (isScalar(node)) {
    const range = node.range ? ([node.range[0], node.range[1]] as [number, number]) : undefined
    leaf(node.value, path, display, range)
  } else if (isAlias(node)) {
    // sops follows the alias: the MAC covers the anchored value again; the text is replaced at the anchor.
    const target = node.resolve(doc)
    if (target) {
      const inner: Leaf = (value, sopsPath, shown) => leaf(value, sopsPath, shown)
      walk(doc, target as Node, path, display, inner)
    }
  }
}

// The metadata item is blanked (spaces, newlines kept) so the clear text has the same lines. In a
// JSON object the comma that joins it to a neighbour goes with it.
function blankPair(text: string, items: readonly Pair[], index: number): Replacement {
  const pair = items[index]!
  const keyRange = (pair.key as Node).range!
  const value = pair.value as Node | null
  let start = keyRange[0]
  let end = value?.range ? value.range[1] : keyRange[1]
  const flow = text.lastIndexOf('{', start) > text.lastIndexOf('\n', start) || isJsonKey(text, start)
  if (flow) {
    const before = items[index - 1]
    const after = items[index + 1]
    if (before?.value && (before.value as Node).range) start = (before.value as Node).range![1]
    else if (after?.key && (after.key as Node).range) end = (after.key as Node).range![0]
  }
  return { start, end, text: text.slice(start, end).replace(/[^\n]/g, ' ') }
}

function isJsonKey(text: string, start: number): boolean {
  return text[start] === '"'
}

function build(source: SourceFile, replacements: Replacement[]): DecryptedSops {
  replacements.sort((a, b) => a.start - b.start)
  let clear = ''
  let cursor = 0
  const values: DecryptedValue[] = []
  const blanked: Array<[number, number]> = []
  for (const replacement of replacements) {
    if (replacement.start < cursor) continue
    clear += source.text.slice(cursor, replacement.start)
    const at = clear.length
    clear += replacement.text
    if (replacement.value) {
      values.push({
        original: [replacement.start, replacement.end],
        clear: [at, clear.length],
        key: replacement.value.key,
        value: replacement.value.clear,
      })
    } else blanked.push([replacement.start, replacement.end])
    cursor = replacement.end
  }
  clear += source.text.slice(cursor)
  return { clear: { path: source.path, text: clear }, values, blanked }
}

// How a clear value is written back: numbers and booleans as plain scalars, everything else as a
// one-line JSON string (valid YAML and JSON), so line numbers do not move.
function scalarText(text: string, type: string): string {
  if ((type === 'int' || type === 'float') && /^-?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+)$/.test(text))
    return text
  if (type === 'bool') return goBool(text) === 'True' ? 'true' : 'false'
  return JSON.stringify(text)
}

// Go's strconv.ParseBool then sops' ToBytes.
function goBool(text: string): string {
  return ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text) ? 'True' : 'False'
}

// sops' ToBytes for a clear value read from the file.
function goBytes(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False'
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return String(value)
    const text = String(value)
    return text.includes('e') ? value.toFixed(20).replace(/0+$/, '') : text
  }
  if (typeof value === 'bigint') return value.toString()
  if (value instanceof Date) return value.toISOString()
  return String(value)
}

// sops parses lastmodified as RFC 3339 and formats it again (whole seconds) for the MAC's additional data.
function goRfc3339(text: string): string {
  return text.replace(/\.\d+(?=(?:Z|[+-]\d\d:\d\d)$)/, '')
}
