/**
 * Reading an ExtensionServiceConfig the way the extension will: `environment` entries split into
 * key and value with exact source offsets, containerboot's argument strings split like Go's
 * `strings.Fields` and parsed with Go `flag` semantics, and the value syntaxes the Tailscale CLI
 * checks (CIDR prefixes, tags, hostnames). Pure: no I/O, no job imports.
 * @module
 */
import { isScalar, isSeq, type Node, type Scalar, type YAMLSeq } from 'yaml'
import {
  type Cidr,
  canonicalCidr,
  cidrContains,
  formatCidr,
  isMaskedCidr,
  parseCidr,
  parseIp,
} from '../core/net.ts'
import type { SourceFile } from '../core/source.ts'
import { nodeAt, sourceOfNode, type TalosDocument } from '../talos/documents.ts'
import { type CliCommand, commandFlag, type FlagKind, type FlagSpec, tailscaledFlag } from './flags.ts'
import { EXTENSION_PRESETS, parseGoBool } from './variables.ts'

// ---------------------------------------------------------------------------------------------
// Scalars and offsets

/**
 * The decoded text of a scalar with, for every character, its offset in the source text (plus one
 * trailing entry for the end). Null when the mapping cannot be made exact (block scalars, or a
 * decoding that disagrees with the YAML library): callers then point at the whole node.
 */
export function scalarOffsets(node: Scalar, text: string): { text: string; offsets: number[] } | null {
  const range = node.range
  if (!range) return null
  const raw = text.slice(range[0], range[1])
  let decoded: { text: string; offsets: number[] } | null
  switch (node.type) {
    case 'PLAIN':
      decoded = fold(splitLines(raw, range[0]), 'plain')
      break
    case 'QUOTE_SINGLE':
      decoded = raw.length >= 2 ? decodeSingle(raw, range[0]) : null
      break
    case 'QUOTE_DOUBLE':
      decoded = raw.length >= 2 ? decodeDouble(raw, range[0]) : null
      break
    default:
      decoded = null
  }
  if (!decoded) return null
  const expected = typeof node.value === 'string' ? node.value : node.type === 'PLAIN' ? raw : null
  if (expected === null || decoded.text !== expected) return null
  // The end entry is where the content stops: before the closing quote of a quoted scalar.
  decoded.offsets.push(node.type === 'PLAIN' ? range[1] : range[1] - 1)
  return decoded
}

interface Piece {
  chars: string[]
  offsets: number[]
  /** Offset of the line break that ends this line (for folded spaces). */
  breakAt: number
}

function splitLines(raw: string, base: number): Piece[] {
  const pieces: Piece[] = []
  let current: Piece = { chars: [], offsets: [], breakAt: -1 }
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!
    if (ch === '\n') {
      current.breakAt = base + i
      pieces.push(current)
      current = { chars: [], offsets: [], breakAt: -1 }
    } else if (ch !== '\r') {
      current.chars.push(ch)
      current.offsets.push(base + i)
    }
  }
  pieces.push(current)
  return pieces
}

// YAML line folding: a single line break becomes a space, each empty line a newline; leading
// whitespace of continuation lines and trailing whitespace before a break are dropped.
function fold(pieces: Piece[], style: 'plain' | 'quoted'): { text: string; offsets: number[] } {
  let text = ''
  const offsets: number[] = []
  const push = (ch: string, at: number) => {
    text += ch
    offsets.push(at)
  }
  let pendingBreak = -1
  let emptyLines = 0
  pieces.forEach((piece, index) => {
    let start = 0
    let end = piece.chars.length
    const last = index === pieces.length - 1
    if (index > 0 || style === 'plain') while (start < end && isBlank(piece.chars[start]!)) start++
    if (!last || style === 'plain') while (end > start && isBlank(piece.chars[end - 1]!)) end--
    if (index > 0 && start === end && !last) {
      emptyLines++
      return
    }
    if (index > 0) {
      if (emptyLines > 0) for (let k = 0; k < emptyLines; k++) push('\n', pendingBreak)
      else push(' ', pendingBreak)
      emptyLines = 0
    }
    for (let k = start; k < end; k++) push(piece.chars[k]!, piece.offsets[k]!)
    pendingBreak = piece.breakAt
  })
  return { text, offsets }
}

const isBlank = (ch: string): boolean => ch === ' ' || ch === '\t'

function decodeSingle(raw: string, base: number): { text: string; offsets: number[] } | null {
  const inner = raw.slice(1, -1)
  const pieces = splitLines(inner, base + 1)
  for (const piece of pieces) {
    const chars: string[] = []
    const offsets: number[] = []
    for (let k = 0; k < piece.chars.length; k++) {
      chars.push(piece.chars[k]!)
      offsets.push(piece.offsets[k]!)
      if (piece.chars[k] === "'" && piece.chars[k + 1] === "'") k++
    }
    piece.chars = chars
    piece.offsets = offsets
  }
  return fold(pieces, 'quoted')
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
}

function decodeDouble(raw: string, base: number): { text: string; offsets: number[] } | null {
  if (raw.includes('\n')) {
    // Multi-line double-quoted scalars mix folding and escapes; only the escape-free case is mapped.
    if (raw.includes('\\')) return null
    return fold(splitLines(raw.slice(1, -1), base + 1), 'quoted')
  }
  let text = ''
  const offsets: number[] = []
  for (let i = 1; i < raw.length - 1; i++) {
    const ch = raw[i]!
    if (ch !== '\\') {
      text += ch
      offsets.push(base + i)
      continue
    }
    const next = raw[i + 1]
    if (next === undefined) return null
    const at = base + i
    if (Object.hasOwn(SIMPLE_ESCAPES, next)) {
      text += SIMPLE_ESCAPES[next]
      offsets.push(at)
      i++
      continue
    }
    const width = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0
    if (width === 0) return null
    const hex = raw.slice(i + 2, i + 2 + width)
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) return null
    const decoded = String.fromCodePoint(Number.parseInt(hex, 16))
    for (let k = 0; k < decoded.length; k++) offsets.push(at)
    text += decoded
    i += 1 + width
  }
  return { text, offsets }
}

// ---------------------------------------------------------------------------------------------
// Environment entries

/** One item of an ExtensionServiceConfig `environment` list. */
export interface EnvEntry {
  /** Position in the list. */
  index: number
  /** The list item node. */
  node: Node
  /** The file the item came from (differs from the document's file in rendered nodes). */
  source: SourceFile
  /** True when the item is a scalar (the only form Talos accepts). */
  scalar: boolean
  /** The item's string (decoded scalar), '' for non-scalars. */
  text: string
  /** The name before the first `=`, or undefined when there is no `=`. */
  key: string | undefined
  /** Everything after the first `=`, or undefined when there is no `=`. */
  value: string | undefined
  /** Source offset of each character of `text`, plus the end; null when only the node range is exact. */
  offsets: number[] | null
}

/** Absolute `[start, end)` source range of `text.slice(start, end)` of an entry (whole node as fallback). */
export function entryRange(entry: EnvEntry, start: number, end: number): [number, number] {
  const offsets = entry.offsets
  const range = entry.node.range
  if (!offsets) return range ? [range[0], range[1]] : [0, 0]
  const clamp = (i: number) => offsets[Math.max(0, Math.min(i, offsets.length - 1))]!
  return [clamp(start), Math.max(clamp(start), clamp(end))]
}

/** Source range of an entry's key. */
export function keyRange(entry: EnvEntry): [number, number] {
  return entryRange(entry, 0, entry.key === undefined ? entry.text.length : entry.key.length)
}

/** Source range of an entry's value (after `=`). */
export function valueRange(entry: EnvEntry): [number, number] {
  if (entry.key === undefined) return entryRange(entry, 0, entry.text.length)
  return entryRange(entry, entry.key.length + 1, entry.text.length)
}

/** Parses the items of an `environment` sequence. Non-sequence values give no entries. */
export function parseEnvironment(doc: TalosDocument, seq: Node | undefined): EnvEntry[] {
  if (!seq || !isSeq(seq)) return []
  const entries: EnvEntry[] = []
  ;(seq as YAMLSeq).items.forEach((item, index) => {
    const node = item as Node
    if (!node || typeof node !== 'object') return
    const source = sourceOfNode(doc, node)
    if (!isScalar(node)) {
      entries.push({
        index,
        node,
        source,
        scalar: false,
        text: '',
        key: undefined,
        value: undefined,
        offsets: null,
      })
      return
    }
    const mapped = scalarOffsets(node, source.text)
    const text = mapped?.text ?? (node.value === null || node.value === undefined ? '' : String(node.value))
    // SOPS encrypts each list item whole: its ciphertext has "=" padding but no key.
    const eq = /^\s*ENC\[[A-Za-z0-9_]+,/.test(text) ? -1 : text.indexOf('=')
    entries.push({
      index,
      node,
      source,
      scalar: true,
      text,
      key: eq === -1 ? undefined : text.slice(0, eq),
      value: eq === -1 ? undefined : text.slice(eq + 1),
      offsets: mapped?.offsets ?? null,
    })
  })
  return entries
}

// ---------------------------------------------------------------------------------------------
// Arguments (TS_EXTRA_ARGS, TS_TAILSCALED_EXTRA_ARGS)

/** A whitespace-separated word of an argument string, with offsets into that string. */
export interface ArgToken {
  text: string
  start: number
  end: number
}

// Go's unicode.IsSpace, which strings.Fields splits on.
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g

/** Go's `strings.Fields`: the words of `text`, split on Unicode white space, with offsets. */
export function splitFields(text: string): ArgToken[] {
  const tokens: ArgToken[] = []
  let cursor = 0
  for (const match of text.matchAll(GO_SPACE)) {
    if (match.index > cursor)
      tokens.push({ text: text.slice(cursor, match.index), start: cursor, end: match.index })
    cursor = match.index + match[0].length
  }
  if (cursor < text.length) tokens.push({ text: text.slice(cursor), start: cursor, end: text.length })
  return tokens
}

/** A flag as Go's `flag` package reads it. */
export interface ParsedFlag {
  /** Name as written, without dashes. */
  name: string
  /** Name after the CLI's alias rewriting (`authkey` -> `auth-key`). */
  canonical: string
  /** The flag's spec in the table it was parsed against; undefined when that table lacks it. */
  spec: FlagSpec | undefined
  token: ArgToken
  /** `--name=value` form. */
  inline: boolean
  /** The value, when one was given (inline, or the next word for non-bool flags). */
  value: string | undefined
  /** Offsets of the value inside the argument string, when there is one. */
  valueStart: number
  valueEnd: number
  /** The separate word consumed as the value (`--hostname foo`). */
  valueToken?: ArgToken
}

/** What Go's `flag` package would stop at. */
export interface ArgProblem {
  kind: 'bad-syntax' | 'needs-argument' | 'positional'
  token: ArgToken
}

/** An argument string parsed the way `tailscale up` or `tailscaled` parses its argv. */
export interface ParsedArgs {
  tokens: ArgToken[]
  flags: ParsedFlag[]
  problems: ArgProblem[]
}

/** Which table an argument string is parsed against. */
export type ArgTable = 'up' | 'tailscaled'

/** The CLI's `CleanUpArgs` aliases. */
export const CLI_ALIASES: Readonly<Record<string, string>> = {
  authkey: 'auth-key',
  'posture-checking': 'report-posture',
}

/**
 * Parses with Go `flag` semantics: `-f`/`--f`, `=` values, a separate word as the value of a non-bool
 * flag (even one that starts with a dash), `--` ends the flags, and a bool never takes the next word.
 * Go stops at the first problem; this keeps going so every problem can be reported at once. Flags
 * the table lacks are read with the other table's kind when it knows them (`--port 41641` in
 * `TS_EXTRA_ARGS`), else they take the next word when it does not look like a flag.
 */
export function parseArgs(text: string, table: ArgTable, command: CliCommand = 'up'): ParsedArgs {
  const tokens = splitFields(text)
  const flags: ParsedFlag[] = []
  const problems: ArgProblem[] = []
  let flagsEnded = false
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!
    const s = token.text
    if (flagsEnded || s.length < 2 || s[0] !== '-') {
      problems.push({ kind: 'positional', token })
      continue
    }
    const dashes = s[1] === '-' ? 2 : 1
    if (s === '--') {
      flagsEnded = true
      continue
    }
    const body = s.slice(dashes)
    if (body.length === 0 || body[0] === '-' || body[0] === '=') {
      problems.push({ kind: 'bad-syntax', token })
      continue
    }
    const eq = body.indexOf('=')
    const name = eq === -1 ? body : body.slice(0, eq)
    const canonical = table === 'up' ? (CLI_ALIASES[name] ?? name) : name
    const spec = table === 'up' ? commandFlag(command, canonical) : tailscaledFlag(canonical)
    const kind: FlagKind | undefined =
      spec?.kind ?? (table === 'up' ? tailscaledFlag(canonical)?.kind : commandFlag(command, canonical)?.kind)
    const flag: ParsedFlag = {
      name,
      canonical,
      spec,
      token,
      inline: eq !== -1,
      value: undefined,
      valueStart: token.end,
      valueEnd: token.end,
    }
    if (eq !== -1) {
      flag.value = body.slice(eq + 1)
      flag.valueStart = token.start + dashes + eq + 1
      flag.valueEnd = token.end
    } else if (kind !== 'bool') {
      const next = tokens[i + 1]
      const takesNext = next !== undefined && (kind !== undefined || !next.text.startsWith('-'))
      if (takesNext) {
        flag.value = next.text
        flag.valueToken = next
        flag.valueStart = next.start
        flag.valueEnd = next.end
        i++
      } else if (kind !== undefined) {
        problems.push({ kind: 'needs-argument', token })
      }
    }
    flags.push(flag)
  }
  return { tokens, flags, problems }
}

/** The last occurrence of a flag (Go: the last value wins), by canonical name. */
export function lastFlag(args: ParsedArgs | undefined, name: string): ParsedFlag | undefined {
  if (!args) return undefined
  for (let i = args.flags.length - 1; i >= 0; i--) if (args.flags[i]!.canonical === name) return args.flags[i]
  return undefined
}

/** Value of a bool flag as the CLI sees it: true for a bare `--f`, Go-parsed for `--f=v`. */
export function boolFlagValue(flag: ParsedFlag): boolean | undefined {
  if (!flag.inline) return true
  return parseGoBool(flag.value ?? '')
}

// ---------------------------------------------------------------------------------------------
// Route lists (prefixes parsed with Go net/netip rules by core/net)

/** True for 0.0.0.0/0 or ::/0. */
export function isDefaultRoute(prefix: Cidr): boolean {
  return prefix.bits === 0 && prefix.value === 0n
}

/** A problem with one item of an `--advertise-routes` / `TS_ROUTES` list, with the CLI's message. */
export interface RouteProblem {
  /** Offsets of the item inside the list string. */
  start: number
  end: number
  item: string
  kind: 'invalid' | 'not-masked' | 'half-default' | 'via'
  /** The text the CLI prints (netutil.CalcAdvertiseRoutes, identical in Tailscale 1.82 to 1.102). */
  message: string
  /** The masked prefix, for `not-masked`. */
  masked?: string
}

// Tailscale's 4via6 range (tsaddr.TailscaleViaRange): fd7a:115c:a1e0:b1a::/64.
const VIA_RANGE = parseCidr('fd7a:115c:a1e0:b1a::/64')!

/** Go's `%q` for a string: double-quoted, with Go escapes for quotes, backslashes and controls. */
export function goQuote(text: string): string {
  let out = '"'
  for (const ch of text) {
    const code = ch.codePointAt(0)!
    if (ch === '"' || ch === '\\') out += `\\${ch}`
    else if (ch === '\n') out += '\\n'
    else if (ch === '\t') out += '\\t'
    else if (ch === '\r') out += '\\r'
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`
    else out += ch
  }
  return `${out}"`
}

/** Checks a comma-separated route list like `netutil.CalcAdvertiseRoutes`; empty means no routes. */
export function checkRoutes(list: string): RouteProblem[] {
  if (list === '') return []
  const problems: RouteProblem[] = []
  let default4: { start: number; end: number; item: string } | undefined
  let default6: { start: number; end: number; item: string } | undefined
  let cursor = 0
  for (const item of list.split(',')) {
    const start = cursor
    const end = start + item.length
    cursor = end + 1
    const prefix = parseCidr(item)
    if (!prefix) {
      problems.push({
        start,
        end,
        item,
        kind: 'invalid',
        message: `${goQuote(item)} is not a valid IP address or CIDR prefix`,
      })
      continue
    }
    if (!isMaskedCidr(prefix)) {
      const masked = canonicalCidr(prefix)
      problems.push({
        start,
        end,
        item,
        kind: 'not-masked',
        message: `${formatCidr(prefix)} has non-address bits set; expected ${masked}`,
        masked,
      })
      continue
    }
    const via = viaProblem(prefix)
    if (via) {
      problems.push({ start, end, item, kind: 'via', message: via })
      continue
    }
    if (isDefaultRoute(prefix)) {
      if (prefix.family === 4) default4 = { start, end, item }
      else default6 = { start, end, item }
    }
  }
  if (default4 && !default6)
    problems.push({
      ...default4,
      kind: 'half-default',
      message: '0.0.0.0/0 advertised without its IPv6 counterpart, please also advertise ::/0',
    })
  if (default6 && !default4)
    problems.push({
      ...default6,
      kind: 'half-default',
      message: '::/0 advertised without its IPv4 counterpart, please also advertise 0.0.0.0/0',
    })
  return problems
}

// netutil.ValidateViaPrefix: a 4via6 route is at least a /96 and its site ID (bits 64-95) fits 16 bits.
function viaProblem(prefix: Cidr): string | undefined {
  if (prefix.family !== 6 || !cidrContains(VIA_RANGE, prefix)) return undefined
  const text = formatCidr(prefix)
  if (prefix.bits < 96) return `${text} 4-in-6 prefix must be at least a /96`
  const site = (prefix.value >> 32n) & 0xffffffffn
  if (site > 0xffffn)
    return `route ${text} contains invalid site ID ${site.toString(16).padStart(8, '0')}; must be 0xffff or less`
  return undefined
}

/**
 * The text containerboot's forwarding set-up (cmd/containerboot/forwarding.go) fails with for a
 * `TS_ROUTES` item Go's `netip.ParsePrefix` rejects, up to Go's own reason. containerboot checks
 * TS_ROUTES this way before it runs tailscale up, and exits.
 */
export function containerbootRouteError(item: string): string {
  return `invalid subnet route: netip.ParsePrefix(${goQuote(item)})`
}

// ---------------------------------------------------------------------------------------------
// Tags and hostnames

/** What `tailscale up` makes of one `--advertise-tags` item. */
export interface TagCheck {
  /** The tag as the CLI checks it (with `tag:` added to a bare name when the version does that). */
  tag: string
  /** The CLI's whole error, `tag: "tag:x": <reason>`, or undefined when the tag is accepted. */
  message?: string
  /** True when the item had no colon and the version added `tag:` for it. */
  prefixed: boolean
}

/**
 * Checks one `--advertise-tags` item like `tailscale up` (`tailcfg.CheckTag`). From Tailscale 1.98
 * an item without any colon gets `tag:` added; `bareTags` says whether the version does that.
 */
export function checkTag(item: string, bareTags = true): TagCheck {
  const prefixed = bareTags && !item.includes(':')
  const tag = prefixed ? `tag:${item}` : item
  const reason = tagReason(tag)
  return reason === undefined
    ? { tag, prefixed }
    : { tag, prefixed, message: `tag: ${goQuote(tag)}: ${reason}` }
}

function tagReason(tag: string): string | undefined {
  if (!tag.startsWith('tag:')) return "tags must start with 'tag:'"
  const name = tag.slice(4)
  if (name === '') return 'tag names must not be empty'
  if (!/^[A-Za-z]/.test(name)) return "tag names must start with a letter, after 'tag:'"
  if (!/^[A-Za-z0-9-]+$/.test(name)) return 'tag names can only contain numbers, letters, or dashes'
  return undefined
}

const utf8 = new TextEncoder()
const byteLength = (text: string): number => utf8.encode(text).length

/**
 * Checks a hostname like `dnsname.ValidHostname` and returns Tailscale's error text, or undefined
 * when valid. `maxNameLength` is 254 from Tailscale 1.92 (a name with its trailing dot), 253 before.
 * Lengths are in bytes and characters are judged byte by byte, as Go does.
 */
export function checkHostname(hostname: string, maxNameLength = 254): string | undefined {
  if (hostname === '' || hostname === '.') return 'empty DNS label'
  // dnsname.ToFQDN: one leading dot is dropped; the length counts a trailing dot, added when missing.
  let s = hostname.startsWith('.') ? hostname.slice(1) : hostname
  const raw = s
  const total = s.endsWith('.') ? byteLength(s) : byteLength(s) + 1
  if (s.endsWith('.')) s = s.slice(0, -1)
  if (total > maxNameLength) return `${goQuote(s)} is too long to be a DNS name`
  const dots = s.split('.')
  for (const label of dots.slice(0, -1)) {
    if (label === '' || byteLength(label) > 63) return `${goQuote(label)} is not a valid DNS label`
  }
  // dnsname.ValidLabel on every label of the name without its final dot.
  const fqdn = raw.endsWith('.') ? raw.slice(0, -1) : raw
  for (const label of fqdn.split('.')) {
    const problem = labelProblem(label)
    if (problem) return problem
  }
  return undefined
}

function labelProblem(label: string): string | undefined {
  if (label === '') return 'empty DNS label'
  const bytes = utf8.encode(label)
  if (bytes.length > 63) return `${goQuote(label)} is too long, max length is 63 bytes`
  const alnum = (b: number) =>
    (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)
  if (!alnum(bytes[0]!))
    return `${goQuote(label)} is not a valid DNS label: must start with a letter or number`
  if (!alnum(bytes[bytes.length - 1]!))
    return `${goQuote(label)} is not a valid DNS label: must end with a letter or number`
  for (let i = 1; i < bytes.length - 1; i++) {
    const b = bytes[i]!
    if (!alnum(b) && b !== 0x2d)
      return `${goQuote(label)} is not a valid DNS label: contains invalid character ${goRuneQuote(b)}`
  }
  return undefined
}

// Go's %q of a byte: a single-quoted character literal of the rune with that value.
function goRuneQuote(byte: number): string {
  if (byte === 0x27) return "'\\''"
  if (byte === 0x5c) return "'\\\\'"
  if (byte < 0x20 || byte === 0x7f) return `'\\x${byte.toString(16).padStart(2, '0')}'`
  if (byte >= 0x80 && byte < 0xa0) return `'\\u${byte.toString(16).padStart(4, '0')}'`
  return `'${String.fromCharCode(byte)}'`
}

// ---------------------------------------------------------------------------------------------
// The tailscale ExtensionServiceConfig of a target

/** The extension's service config (`ExtensionServiceConfig` named `tailscale`), parsed once. */
export interface TailscaleService {
  doc: TalosDocument
  /** The `environment` node, when present. */
  environment: Node | undefined
  entries: EnvEntry[]
  /** The first entry of each key (the one Go reads). */
  first: ReadonlyMap<string, EnvEntry>
  /** What containerboot sees: extension presets first, then the entries, first occurrence wins. */
  effective: ReadonlyMap<string, string>
  /** The entry behind each effective key that came from the document (not from a preset). */
  effectiveEntry: ReadonlyMap<string, EnvEntry>
  /**
   * Some entries cannot be read (a whole `ENC[...]` SOPS value, a `${VAR}` that expands to KEY=VALUE):
   * any key may be set there, so nothing may be judged absent.
   */
  opaque: boolean
  /** `TS_EXTRA_ARGS` parsed against `tailscale up`, when set. */
  extraArgs?: { entry: EnvEntry; args: ParsedArgs }
  /** `TS_TAILSCALED_EXTRA_ARGS` parsed against tailscaled, when set. */
  daemonArgs?: { entry: EnvEntry; args: ParsedArgs }
}

/** The name of the ExtensionServiceConfig the tailscale extension's service waits for (`configuration: true`). */
export const TAILSCALE_SERVICE = 'tailscale'

const serviceCache = new WeakMap<TalosDocument, TailscaleService | null>()
const listCache = new WeakMap<readonly TalosDocument[], TailscaleService[]>()

/** The parsed service config of one document, or null when it is not the tailscale ESC. Cached. */
export function tailscaleServiceOf(doc: TalosDocument): TailscaleService | null {
  // Most documents are not service configs: answer those without touching the cache.
  if (doc.kind !== 'ExtensionServiceConfig' || doc.name !== TAILSCALE_SERVICE || doc.deleted || !doc.map)
    return null
  let service = serviceCache.get(doc)
  if (service === undefined) {
    service = buildService(doc)
    serviceCache.set(doc, service)
  }
  return service
}

/**
 * Every tailscale service config among a target's documents. Cached per list, so the dozens of
 * rules that ask for the same target pay for the parse once (check must stay near parse speed).
 */
export function tailscaleServices(documents: readonly TalosDocument[]): TailscaleService[] {
  let services = listCache.get(documents)
  if (services === undefined) {
    services = []
    for (const doc of documents) {
      const service = tailscaleServiceOf(doc)
      if (service) services.push(service)
    }
    listCache.set(documents, services)
  }
  return services
}

function buildService(doc: TalosDocument): TailscaleService {
  const environment = nodeAt(doc, ['environment'])
  const entries = parseEnvironment(doc, environment)
  const first = new Map<string, EnvEntry>()
  const effective = new Map<string, string>(Object.entries(EXTENSION_PRESETS))
  const effectiveEntry = new Map<string, EnvEntry>()
  for (const entry of entries) {
    if (entry.key === undefined) continue
    if (!first.has(entry.key)) first.set(entry.key, entry)
    if (!effective.has(entry.key) || (entry.key === 'PATH' && !effectiveEntry.has('PATH'))) {
      effective.set(entry.key, entry.value ?? '')
      effectiveEntry.set(entry.key, entry)
    }
  }
  const opaque = entries.some(entry => entry.key === undefined && isOpaqueEntry(entry.text))
  const service: TailscaleService = { doc, environment, entries, first, effective, effectiveEntry, opaque }
  const extra = effectiveEntry.get('TS_EXTRA_ARGS')
  if (extra) service.extraArgs = { entry: extra, args: parseArgs(extra.value ?? '', 'up') }
  const daemon = effectiveEntry.get('TS_TAILSCALED_EXTRA_ARGS')
  if (daemon) service.daemonArgs = { entry: daemon, args: parseArgs(daemon.value ?? '', 'tailscaled') }
  return service
}

/** An environment item whose text another tool fills in whole: SOPS ciphertext, `${VAR}`, a Go template. */
export function isOpaqueEntry(text: string): boolean {
  return /ENC\[[A-Za-z0-9_]+,|\$\{[^}]*\}|\{\{/.test(text)
}

/** Source range of `[start, end)` inside an entry's value. */
export function valueSubRange(entry: EnvEntry, start: number, end: number): [number, number] {
  const base = entry.key === undefined ? 0 : entry.key.length + 1
  return entryRange(entry, base + start, base + end)
}

/**
 * Go's `netip.ParseAddrPort`: `1.2.3.4:80` or `[::1]:80`, an IP literal (no host names) and a
 * decimal port. Returns the problem, or undefined when valid.
 */
export function checkAddrPort(text: string): string | undefined {
  const colon = text.lastIndexOf(':')
  if (colon === -1) return 'not an ip:port'
  let ip = text.slice(0, colon)
  const port = text.slice(colon + 1)
  const bracketed = ip.startsWith('[')
  if (bracketed) {
    if (!ip.endsWith(']')) return 'missing ]'
    ip = ip.slice(1, -1)
  }
  if (!/^\d+$/.test(port) || Number(port) > 65535) return `invalid port "${port}"`
  const parsed = parseIp(ip.replace(/%[^%]+$/, ''))
  if (!parsed) return `"${ip}" is not an IP address (host names are not accepted)`
  if (parsed.family === 6 && !bracketed) return 'IPv6 addresses must be surrounded by square brackets'
  if (parsed.family === 4 && bracketed) return 'square brackets can only be used with IPv6 addresses'
  return undefined
}
