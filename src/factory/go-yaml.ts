/**
 * The parts of go-yaml (gopkg.in/yaml.v3, go.yaml.in/yaml/v4 with its v3 defaults) that decide the
 * bytes of a schematic ID: how a plain scalar resolves (`10`, `true`, `yes`, `0x1f`, `2001-01-01`)
 * and which style the emitter picks for a string (plain, single-quoted, double-quoted, literal block).
 * A reimplementation has to copy these rules exactly: one quote of difference is a different ID.
 *
 * Sources: go-yaml `resolve.go` (`resolve`), `encode.go` (`stringv`, `isBase60Float`, `isOldBool`,
 * `looksLikeMerge`, `shouldUseLiteralStyle`), `emitterc.go` (`analyzeScalar`, `selectScalarStyle`,
 * `writeSingleQuotedScalar`, `writeDoubleQuotedScalar`, `writeBlockScalarHints`,
 * `writeLiteralScalar`). `Marshal` runs with unlimited line width, so nothing is ever folded.
 * @module
 */

/** What go-yaml makes of a plain (unquoted) scalar. */
export type GoResolved =
  | { kind: 'null' }
  | { kind: 'bool'; value: boolean }
  | { kind: 'int'; value: bigint }
  | { kind: 'float'; value: number }
  | { kind: 'timestamp' }
  | { kind: 'merge' }
  | { kind: 'str' }

const RESOLVE_MAP: ReadonlyMap<string, GoResolved> = new Map<string, GoResolved>([
  ...['true', 'True', 'TRUE'].map(s => [s, { kind: 'bool', value: true }] as const),
  ...['false', 'False', 'FALSE'].map(s => [s, { kind: 'bool', value: false }] as const),
  ...['', '~', 'null', 'Null', 'NULL'].map(s => [s, { kind: 'null' }] as const),
  ...['.nan', '.NaN', '.NAN'].map(s => [s, { kind: 'float', value: Number.NaN }] as const),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map(
    s => [s, { kind: 'float', value: Number.POSITIVE_INFINITY }] as const,
  ),
  ...['-.inf', '-.Inf', '-.INF'].map(s => [s, { kind: 'float', value: Number.NEGATIVE_INFINITY }] as const),
  ['<<', { kind: 'merge' }],
])

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/
const OLD_BOOLS = new Set([
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'on',
  'On',
  'ON',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'off',
  'Off',
  'OFF',
])

function hintOf(s: string): 'S' | 'D' | 'M' | '.' | undefined {
  if (s === '') return 'M'
  const c = s[0]!
  if (c === '+' || c === '-') return 'S'
  if (c >= '0' && c <= '9') return 'D'
  if ('yYnNtTfFoO~'.includes(c)) return 'M'
  if (c === '.') return '.'
  return undefined
}

/** go-yaml `resolve("", s)` for a plain scalar. */
export function goResolve(s: string): GoResolved {
  const hint = hintOf(s)
  if (hint === undefined) return { kind: 'str' }
  const known = RESOLVE_MAP.get(s)
  if (known) return known
  if (hint === 'M') return { kind: 'str' }
  if (hint === '.') {
    const f = goParseFloat(s)
    return f === undefined ? { kind: 'str' } : { kind: 'float', value: f }
  }
  if (isGoTimestamp(s)) return { kind: 'timestamp' }
  const plain = s.replaceAll('_', '')
  const i = goParseInt(plain)
  if (i !== undefined) return { kind: 'int', value: i }
  const u = goParseUint(plain)
  if (u !== undefined) return { kind: 'int', value: u }
  if (YAML_STYLE_FLOAT.test(plain)) {
    const f = goParseFloat(plain)
    if (f !== undefined) return { kind: 'float', value: f }
  }
  return { kind: 'str' }
}

const INT64_MAX = (1n << 63n) - 1n
const UINT64_MAX = (1n << 64n) - 1n

/** Go `strconv.ParseUint(s, 0, 64)` (underscores already removed by the caller). */
export function goParseUint(input: string): bigint | undefined {
  if (input === '') return undefined
  let s = input
  let base = 10
  if (s[0] === '0') {
    const p = s[1]?.toLowerCase()
    if (s.length >= 3 && p === 'b') {
      base = 2
      s = s.slice(2)
    } else if (s.length >= 3 && p === 'o') {
      base = 8
      s = s.slice(2)
    } else if (s.length >= 3 && p === 'x') {
      base = 16
      s = s.slice(2)
    } else {
      base = 8
      s = s.slice(1)
    }
  }
  let n = 0n
  const b = BigInt(base)
  for (const ch of s) {
    const d = Number.parseInt(ch, 36)
    if (Number.isNaN(d) || d >= base || !/[0-9a-zA-Z]/.test(ch)) return undefined
    n = n * b + BigInt(d)
    if (n > UINT64_MAX) return undefined
  }
  return n
}

/** Go `strconv.ParseInt(s, 0, 64)`. */
export function goParseInt(input: string): bigint | undefined {
  if (input === '') return undefined
  let s = input
  let negative = false
  if (s[0] === '+' || s[0] === '-') {
    negative = s[0] === '-'
    s = s.slice(1)
    if (s === '') return undefined
  }
  const u = goParseUint(s)
  if (u === undefined) return undefined
  if (negative) return u > INT64_MAX + 1n ? undefined : -u
  return u > INT64_MAX ? undefined : u
}

// Go's ParseFloat on the decimal forms go-yaml lets through; underscores only between digits.
function goParseFloat(s: string): number | undefined {
  if (!/^[-+]?(\d(_?\d)*)?(\.(\d(_?\d)*)?)?([eE][-+]?\d(_?\d)*)?$/.test(s)) return undefined
  if (!/\d/.test(s.replace(/[eE].*$/, ''))) return undefined
  const value = Number(s.replaceAll('_', ''))
  if (Number.isNaN(value) || !Number.isFinite(value)) return undefined
  return value
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
const TIMESTAMP =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?))?$/

// go-yaml's timestamp check: time.Parse with its four layouts, after a quick "YYYY-" test.
function isGoTimestamp(s: string): boolean {
  const m = TIMESTAMP.exec(s)
  if (!m) return false
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  if (month < 1 || month > 12 || day < 1) return false
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const maxDay = month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1]!
  if (day > maxDay) return false
  const hour = m[4] ?? m[7]
  const minute = m[5] ?? m[8]
  const second = m[6] ?? m[9]
  if (hour !== undefined && (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59)) return false
  return true
}

/** True when go-yaml would write `s` without quotes as far as resolution goes (`canUsePlain`). */
export function goCanUsePlain(s: string): boolean {
  if (goResolve(s).kind !== 'str') return false
  if (isBase60Float(s) || OLD_BOOLS.has(s) || s === '<<') return false
  return true
}

function isBase60Float(s: string): boolean {
  if (s === '') return false
  const c = s[0]!
  if (!(c === '+' || c === '-' || (c >= '0' && c <= '9')) || !s.includes(':')) return false
  return BASE60_FLOAT.test(s)
}

/** YAML 1.1 booleans that go-yaml still accepts when decoding into a Go bool. */
export function goOldBool(s: string): boolean | undefined {
  if (!OLD_BOOLS.has(s)) return undefined
  return ['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON'].includes(s)
}

// --- emitter ---------------------------------------------------------------------------------

type Style = 'plain' | 'single' | 'double' | 'literal'

interface ScalarAnalysis {
  multiline: boolean
  blockPlainAllowed: boolean
  singleQuotedAllowed: boolean
  blockAllowed: boolean
}

const isSpace = (c: number | undefined) => c === 0x20
const isBreak = (c: number | undefined) =>
  c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029
const isBlank = (c: number | undefined) => c === 0x20 || c === 0x09
const isBlankOrZero = (c: number | undefined) => isBlank(c) || isBreak(c) || c === 0 || c === undefined

/** go-yaml `is_printable` on a code point. */
function isPrintable(c: number): boolean {
  return (
    c === 0x0a ||
    (c >= 0x20 && c <= 0x7e) ||
    (c >= 0xa0 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff)
  )
}

function codePoints(s: string): number[] {
  return Array.from(s, ch => ch.codePointAt(0)!)
}

/** go-yaml `analyzeScalar` (block context; flow-only flags are not needed). */
function analyzeScalar(s: string): ScalarAnalysis {
  if (s.length === 0) {
    return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false }
  }
  const cps = codePoints(s)
  let blockIndicators = false
  let lineBreaks = false
  let special = false
  let tabs = false
  let leadingSpace = false
  let leadingBreak = false
  let trailingSpace = false
  let trailingBreak = false
  let breakSpace = false
  let spaceBreak = false
  let previousSpace = false
  let previousBreak = false
  if (s.startsWith('---') || s.startsWith('...')) blockIndicators = true
  let precededByWhitespace = true
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]!
    const followedByWhitespace = i + 1 >= cps.length || isBlank(cps[i + 1])
    const ch = String.fromCodePoint(c)
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) blockIndicators = true
      else if ((ch === '?' || ch === ':') && followedByWhitespace) blockIndicators = true
      else if (ch === '-' && followedByWhitespace) blockIndicators = true
    } else if (ch === ':' && followedByWhitespace) blockIndicators = true
    else if (ch === '#' && precededByWhitespace) blockIndicators = true

    if (c === 0x09) tabs = true
    else if (!isPrintable(c)) special = true
    if (isSpace(c)) {
      if (i === 0) leadingSpace = true
      if (i === cps.length - 1) trailingSpace = true
      if (previousBreak) breakSpace = true
      previousSpace = true
      previousBreak = false
    } else if (isBreak(c)) {
      lineBreaks = true
      if (i === 0) leadingBreak = true
      if (i === cps.length - 1) trailingBreak = true
      if (previousSpace) spaceBreak = true
      previousSpace = false
      previousBreak = true
    } else {
      previousSpace = false
      previousBreak = false
    }
    precededByWhitespace = isBlankOrZero(c)
  }
  let blockPlainAllowed = true
  let singleQuotedAllowed = true
  let blockAllowed = true
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlainAllowed = false
  if (trailingSpace) blockAllowed = false
  if (breakSpace) {
    blockPlainAllowed = false
    singleQuotedAllowed = false
  }
  if (spaceBreak || tabs || special) {
    blockPlainAllowed = false
    singleQuotedAllowed = false
  }
  if (spaceBreak || special) blockAllowed = false
  if (lineBreaks) blockPlainAllowed = false
  if (blockIndicators) blockPlainAllowed = false
  return { multiline: lineBreaks, blockPlainAllowed, singleQuotedAllowed, blockAllowed }
}

// v4's stringv only picks a literal block for strings with a newline, 2+ bytes and a non-space.
function shouldUseLiteralStyle(s: string): boolean {
  if (!s.includes('\n') || Buffer.byteLength(s, 'utf8') < 2) return false
  for (const ch of s) if (!GO_SPACES.has(ch.codePointAt(0)!)) return true
  return false
}

// Go's unicode.IsSpace.
const GO_SPACES = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005,
  0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
])

/** The style go-yaml's encoder and emitter end up with for a string in block context. */
export function goStringStyle(s: string, simpleKey: boolean): Style {
  let style: Style
  if (s.includes('\n')) style = shouldUseLiteralStyle(s) ? 'literal' : 'double'
  else style = goCanUsePlain(s) ? 'plain' : 'double'
  const a = analyzeScalar(s)
  if (simpleKey && a.multiline) style = 'double'
  if (style === 'plain') {
    if (!a.blockPlainAllowed) style = 'single'
    if (s.length === 0 && simpleKey) style = 'single'
  }
  if (style === 'single' && !a.singleQuotedAllowed) style = 'double'
  if (style === 'literal' && (!a.blockAllowed || simpleKey)) style = 'double'
  return style
}

/** True when go-yaml can write `s` as a simple `key: value` key (else it uses `? key`). */
export function goSimpleKeyAllowed(s: string): boolean {
  return !analyzeScalar(s).multiline && Buffer.byteLength(s, 'utf8') <= 128
}

/**
 * Renders a string as go-yaml does, starting right after the indicator before it (`key:` or `-`).
 * The result begins with the separating space (or a newline for nothing) and has no trailing newline,
 * except literal blocks, which end where their last line ends. `indent` is the emitter's indent for
 * the scalar (block content lines are padded to it).
 */
export function goRenderString(s: string, indent: number, simpleKey = false): string {
  const style = goStringStyle(s, simpleKey)
  switch (style) {
    case 'plain':
      return s.length > 0 ? ` ${s}` : ''
    case 'single':
      return ` ${singleQuoted(s, indent)}`
    case 'double':
      return ` ${doubleQuoted(s)}`
    case 'literal':
      return ` ${literal(s, indent)}`
  }
}

function singleQuoted(s: string, indent: number): string {
  let out = "'"
  let breaks = false
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    if (isBreak(c)) {
      // Only U+2028/U+2029 can get here (a newline picks another style); written raw, then re-indented.
      out += ch
      breaks = true
    } else {
      if (breaks) out += ' '.repeat(indent)
      out += ch === "'" ? "''" : ch
      breaks = false
    }
  }
  return `${out}'`
}

const ESCAPES: Readonly<Record<number, string>> = {
  0: '0',
  7: 'a',
  8: 'b',
  9: 't',
  10: 'n',
  11: 'v',
  12: 'f',
  13: 'r',
  27: 'e',
  34: '"',
  92: '\\',
  133: 'N',
  160: '_',
  8232: 'L',
  8233: 'P',
}

function doubleQuoted(s: string): string {
  let out = '"'
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    if (!isPrintable(c) || c === 0xfeff || isBreak(c) || c === 0x22 || c === 0x5c) {
      const named = ESCAPES[c]
      if (named !== undefined) out += `\\${named}`
      else if (c <= 0xff) out += `\\x${hex(c, 2)}`
      else if (c <= 0xffff) out += `\\u${hex(c, 4)}`
      else out += `\\U${hex(c, 8)}`
    } else out += ch
  }
  return `${out}"`
}

function hex(n: number, width: number): string {
  return n.toString(16).toUpperCase().padStart(width, '0')
}

function literal(s: string, indent: number): string {
  const cps = codePoints(s)
  let header = '|'
  if (isSpace(cps[0]) || isBreak(cps[0])) header += '4'
  const last = cps.length - 1
  if (!isBreak(cps[last])) header += '-'
  else if (last === 0 || isBreak(cps[last - 1])) header += '+'
  let out = `${header}\n`
  let breaks = true
  for (const c of cps) {
    if (isBreak(c)) {
      out += c === 0x0a ? '\n' : String.fromCodePoint(c)
      breaks = true
    } else {
      if (breaks) out += ' '.repeat(indent)
      out += String.fromCodePoint(c)
      breaks = false
    }
  }
  return out
}

/** Go `strconv.FormatFloat(f, 'g', -1, 64)` with go-yaml's `.inf`/`.nan` spellings. */
export function goFormatFloat(f: number): string {
  if (Number.isNaN(f)) return '.nan'
  if (f === Number.POSITIVE_INFINITY) return '.inf'
  if (f === Number.NEGATIVE_INFINITY) return '-.inf'
  if (f === 0) return Object.is(f, -0) ? '-0' : '0'
  const sign = f < 0 ? '-' : ''
  const [mantissa, expText] = Math.abs(f).toExponential().split('e') as [string, string]
  const digits = mantissa.replace('.', '')
  const exp = Number(expText)
  let eprec = 6
  const dp = exp + 1
  if (eprec > digits.length && digits.length >= dp) eprec = digits.length
  if (exp < -4 || exp >= eprec) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : ''
    const e = Math.abs(exp)
    return `${sign}${digits[0]}${frac}e${exp < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`
  }
  if (dp <= 0) return `${sign}0.${'0'.repeat(-dp)}${digits}`
  if (dp >= digits.length) return `${sign}${digits}${'0'.repeat(dp - digits.length)}`
  return `${sign}${digits.slice(0, dp)}.${digits.slice(dp)}`
}
