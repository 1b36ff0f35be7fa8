/**
 * Escaping for every context an untrusted string reaches: a terminal or CI log line, a bash word or
 * comment, Markdown, and URLs written into scripts. Untrusted strings are file names from a pull
 * request, intent values, device names and IDs from an API, talosctl output.
 *
 * `escapeTerminal` is THE function for anything printed to a terminal or a log: it makes every
 * control character visible (`\n`, `\x1b`, `\u202e`), so a file named `x\n::error ...` cannot start
 * a fake GitHub annotation, and a device named `\e]0;...\a` cannot set a terminal title.
 * @module
 */

/**
 * Control characters: C0 (tab and newline included), DEL, C1, the Unicode line and paragraph
 * separators, and the bidirectional overrides and isolates that reorder what a reader sees.
 */
export const CONTROL_CHARACTERS =
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/

const CONTROL_GLOBAL = new RegExp(CONTROL_CHARACTERS.source, 'g')

/** True when `text` holds a control character (see CONTROL_CHARACTERS). */
export function hasControlCharacters(text: string): boolean {
  return CONTROL_CHARACTERS.test(text)
}

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/** One control character as visible text: `\n`, `\x1b`, `\u202e`. */
function visible(char: string): string {
  const named = NAMED[char]
  if (named) return named
  const code = char.codePointAt(0)!
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`
}

/**
 * Makes a string safe for one line of a terminal or log: every control character becomes a visible
 * escape. Text without control characters is returned as it is. `keepNewlines` keeps `\n` (for a
 * multi-line message whose lines are each safe); `\r` and the rest are still escaped.
 */
export function escapeTerminal(text: string, options: { keepNewlines?: boolean } = {}): string {
  if (!hasControlCharacters(text)) return text
  return text.replace(CONTROL_GLOBAL, char => (options.keepNewlines && char === '\n' ? char : visible(char)))
}

/** Quotes a value for bash (single quotes; a quote inside becomes '\''). */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_./:@=,+-]+$/.test(value)) return value
  return `'${value.replaceAll("'", `'\\''`)}'`
}

/** Text for a `#` comment in a shell script: one line whatever the input (a newline would end it). */
export function shellComment(text: string): string {
  return escapeTerminal(text)
}

/** A Markdown inline code span holding `text` verbatim (backtick runs inside are fenced around). */
export function markdownCode(text: string): string {
  const safe = escapeTerminal(text)
  const longest = Math.max(0, ...[...safe.matchAll(/`+/g)].map(match => match[0].length))
  const fence = '`'.repeat(longest + 1)
  const pad = safe.startsWith('`') || safe.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${safe}${pad}${fence}`
}

/** Markdown text: characters that would start markup (links, HTML, emphasis, tables) are escaped. */
export function markdownText(text: string): string {
  return escapeTerminal(text).replace(/[\\`*_[\]<>|!#~]/g, char => `\\${char}`)
}

const HOST_LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?'
const URL_SHAPE = new RegExp(
  `^(https?)://((?:${HOST_LABEL})(?:\\.${HOST_LABEL})*\\.?|\\d{1,3}(?:\\.\\d{1,3}){3}|\\[[0-9A-Fa-f:.]+\\])(?::(\\d{1,5}))?(/[A-Za-z0-9._~%/+=,:@-]*)?$`,
)

/**
 * Why `text` is not a plain http(s) URL that is safe to write into a script, a Markdown file or a
 * command line; undefined when it is one. The host must be a DNS name, an IPv4 address or a bracketed
 * IPv6 address, with an optional port and a path of URL-safe characters: no credentials, query,
 * fragment, quotes, `$`, backticks, `;` or spaces. `https` only unless `allowHttp`.
 */
export function urlProblem(
  text: string,
  options: { allowHttp?: boolean; allowPath?: boolean } = {},
): string | undefined {
  if (hasControlCharacters(text)) return 'contains control characters'
  const match = URL_SHAPE.exec(text)
  if (!match) {
    if (/^https?:\/\/[^/]*@/.test(text)) return 'carries credentials (user@host)'
    if (/[?#]/.test(text)) return 'has a query or fragment'
    return 'is not a plain URL (scheme, a DNS name or IP address as host, optional port and path)'
  }
  if (match[1] === 'http' && !options.allowHttp) return 'is not an https URL'
  if (match[3] !== undefined && Number(match[3]) > 65535) return 'has a port above 65535'
  if (match[4] !== undefined && match[4] !== '/' && options.allowPath === false) return 'has a path'
  try {
    new URL(text)
  } catch {
    return 'is not a valid URL'
  }
  return undefined
}
