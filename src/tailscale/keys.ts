/**
 * Shapes of Tailscale credentials as they appear in configs: auth keys, OAuth client secrets used as
 * auth keys (with their `?ephemeral=&preauthorized=&baseURL=` attributes), the `file:` prefix, and
 * values filled in by other tools (`${VAR}`, SOPS `ENC[...]`) that are opaque and never defects.
 * Nothing here returns a secret: descriptions use core's `describeCredential`.
 * @module
 */
import { CREDENTIAL_TYPES, findCredentials } from '../core/secrets.ts'
import { parseGoBool } from './variables.ts'

/** What a credential value is. */
export type SecretKind =
  /** Filled in later by talhelper/envsubst or SOPS: not judged. */
  | 'opaque'
  | 'empty'
  /** `file:<path>`: the CLI reads the key from a file. */
  | 'file'
  /** `arn:aws:ssm:...`: the CLI reads it from AWS Parameter Store. */
  | 'ssm'
  /** `tskey-auth-...` */
  | 'auth-key'
  /** `tskey-client-...[?attributes]`: an OAuth client secret, exchanged for a key at start. */
  | 'client-secret'
  /** Another `tskey-<type>-` credential (API token, webhook or SCIM secret): cannot log a node in. */
  | 'other-tskey'
  /** Anything else. */
  | 'unknown'

/** Attributes an OAuth client secret accepts after `?` (feature/oauthkey). */
export const OAUTH_ATTRIBUTES: readonly string[] = ['ephemeral', 'preauthorized', 'baseURL']

const OPAQUE = /\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|ENC\[[A-Za-z0-9_]+,|\{\{[^}]*\}\}/

/** True for values (or parts) another tool fills in: `${VAR}`, `$VAR`, SOPS `ENC[AES256_GCM,...]`. */
export function isOpaqueValue(value: string): boolean {
  return OPAQUE.test(value)
}

/** Classifies a credential value. */
export function classifySecret(value: string): SecretKind {
  if (value === '') return 'empty'
  if (isOpaqueValue(value)) return 'opaque'
  if (value.startsWith('file:')) return 'file'
  if (value.startsWith('arn:aws:ssm:')) return 'ssm'
  if (value.startsWith('tskey-auth-')) return 'auth-key'
  if (value.startsWith('tskey-client-')) return 'client-secret'
  if (value.startsWith('tskey-')) return 'other-tskey'
  return 'unknown'
}

/** True when a value is obviously a placeholder from documentation (`tskey-auth-xxxx`, `<your key>`). */
export function isPlaceholder(value: string): boolean {
  const body = value.replace(/^tskey-[a-z]+-/, '')
  return (
    body === '' ||
    /^[xX*.…_-]+$/.test(body) ||
    /[<>]/.test(value) ||
    /^(changeme|replace[-_ ]?me|todo|your[-_ ].*|secret)$/i.test(body)
  )
}

/**
 * Why an auth key or client secret value is malformed, or undefined when its shape is right.
 * The description never contains the value.
 */
export function keyShapeProblem(value: string): string | undefined {
  const kind = classifySecret(value)
  if (kind === 'opaque' || kind === 'empty' || kind === 'file' || kind === 'ssm') return undefined
  if (kind === 'unknown') {
    if (isPlaceholder(value)) return 'it is a placeholder from documentation, not a key'
    return 'it is not an auth key (tskey-auth-…), an OAuth client secret (tskey-client-…) or a file: reference'
  }
  if (/\s/.test(value)) return 'it contains white space'
  if (kind === 'other-tskey') {
    const type = /^tskey-([a-z]*)/.exec(value)?.[1] ?? ''
    if (type === 'api') return 'it is an API access token (tskey-api-…), which cannot log a node in'
    if (CREDENTIAL_TYPES.includes(type))
      return `it is a ${type} secret (tskey-${type}-…), which cannot log a node in`
    return 'its type is not "auth" or "client" (expected tskey-auth-… or tskey-client-…)'
  }
  if (kind === 'auth-key') {
    if (value.includes('?'))
      return 'it has "?…" attributes, which only OAuth client secrets (tskey-client-…) take'
    const [key] = value.split('--TL')
    if (!/^tskey-auth-[A-Za-z0-9]+-[A-Za-z0-9]+$/.test(key!))
      return 'it is not "tskey-auth-<id>-<secret>" (letters and digits, two parts after "tskey-auth-")'
    return undefined
  }
  if (kind === 'client-secret') {
    const secret = value.split('?')[0]!
    if (!/^tskey-client-[A-Za-z0-9]+-[A-Za-z0-9]+$/.test(secret))
      return 'it is not "tskey-client-<id>-<secret>" (letters and digits, two parts after "tskey-client-")'
    return undefined
  }
  return 'it is not an auth key (tskey-auth-…), an OAuth client secret (tskey-client-…) or a file: reference'
}

// A whole value filled in by another tool: `${VAR}`, `$VAR`, or a SOPS `ENC[...]` value.
const REFERENCE_HEAD = /^(?:\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|ENC\[[^\]]*\])/

/** How a credential value shows itself to be an OAuth client secret. */
export interface OAuthForm {
  /** `literal`: `tskey-client-…`; `reference`: a reference followed by OAuth attributes; `role`: a reference in a client-secret variable or flag. */
  form: 'literal' | 'reference' | 'role'
  /** End of the secret itself (where `?` starts, or the end of the value). */
  secretEnd: number
  /** Offset of `?`, or -1. */
  queryStart: number
}

/**
 * Whether `tailscale up` will treat a credential as an OAuth client secret, and how that shows:
 * `tskey-client-…` always; a reference (`${VAR}`, `$VAR`, SOPS `ENC[…]`, a talhelper variable)
 * followed by a `?` query naming an attribute only OAuth secrets take (`ephemeral`, `preauthorized`,
 * `baseURL`); and a reference given as `TS_CLIENT_SECRET`/`--client-secret` (`role`), which only
 * ever holds an OAuth client secret. Undefined for anything else (auth keys, bare references in
 * TS_AUTHKEY, `file:` paths).
 */
export function oauthForm(
  value: string,
  role: 'auth-key' | 'client-secret' = 'auth-key',
): OAuthForm | undefined {
  const literal = value.startsWith('tskey-client-')
  const head = literal ? undefined : REFERENCE_HEAD.exec(value)
  if (!literal && !head) return undefined
  const from = head ? head[0].length : 0
  const q = value.indexOf('?', from)
  if (literal) return { form: 'literal', secretEnd: q === -1 ? value.length : q, queryStart: q }
  if (q === from) {
    const names = value
      .slice(q + 1)
      .split('&')
      .map(part => safeDecode(part.split('=')[0] ?? ''))
    if (names.some(name => OAUTH_ATTRIBUTES.includes(name)))
      return { form: 'reference', secretEnd: q, queryStart: q }
  }
  // Only a reference and nothing after it: the variable may hold anything an OAuth client secret takes.
  if (role === 'client-secret' && from === value.length)
    return { form: 'role', secretEnd: value.length, queryStart: -1 }
  return undefined
}

/**
 * `oauthForm`, plus a client-secret setting read from elsewhere (`file:<path>`, `arn:aws:ssm:…`):
 * what TS_CLIENT_SECRET/--client-secret hold is an OAuth client secret whatever its source.
 */
export function oauthFormOf(value: string, role: 'auth-key' | 'client-secret'): OAuthForm | undefined {
  const form = oauthForm(value, role)
  if (form || role !== 'client-secret') return form
  if (/^(file:.|arn:aws:ssm:)/.test(value)) return { form: 'role', secretEnd: value.length, queryStart: -1 }
  return undefined
}

/** One `name=value` attribute after `?` in an OAuth client secret, with offsets into the whole value. */
export interface OAuthAttribute {
  name: string
  value: string
  start: number
  end: number
}

/** The parsed attributes of an OAuth client secret and what the CLI would make of them. */
export interface OAuthSecret {
  /** Offset of the `?`, or -1 when there are no attributes. */
  queryStart: number
  attributes: OAuthAttribute[]
  /** Attributes the CLI refuses, with its message (`unknown attribute "x"`, bad booleans). */
  problems: Array<{ attribute: OAuthAttribute; message: string }>
  /** Effective values: ephemeral defaults to true, preauthorized to false. */
  ephemeral: boolean
  preauthorized: boolean
  /** Whether each was given explicitly. */
  ephemeralSet: boolean
  preauthorizedSet: boolean
}

/** Parses `tskey-client-…?ephemeral=false&preauthorized=true` like feature/oauthkey resolveAuthKey. */
export function parseOAuthSecret(value: string): OAuthSecret {
  const queryStart = value.indexOf('?')
  const attributes: OAuthAttribute[] = []
  if (queryStart !== -1) {
    let cursor = queryStart + 1
    for (const part of value.slice(queryStart + 1).split('&')) {
      const start = cursor
      cursor += part.length + 1
      if (part === '') continue
      const eq = part.indexOf('=')
      const name = safeDecode(eq === -1 ? part : part.slice(0, eq))
      attributes.push({
        name,
        value: eq === -1 ? '' : safeDecode(part.slice(eq + 1)),
        start,
        end: start + part.length,
      })
    }
  }
  const problems: OAuthSecret['problems'] = []
  // url.ParseQuery refuses the whole query on a ';' or a bad %-escape.
  for (const attribute of attributes) {
    const syntax = querySyntaxProblem(value.slice(attribute.start, attribute.end))
    if (syntax) {
      problems.push({ attribute, message: syntax })
      return {
        queryStart,
        attributes,
        problems,
        ephemeral: true,
        preauthorized: false,
        ephemeralSet: false,
        preauthorizedSet: false,
      }
    }
  }
  const get = (name: string) => attributes.find(a => a.name === name)
  for (const attribute of attributes) {
    if (!OAUTH_ATTRIBUTES.includes(attribute.name))
      problems.push({ attribute, message: `unknown attribute "${attribute.name}"` })
  }
  const boolOf = (name: string, fallback: boolean): { value: boolean; set: boolean } => {
    const attribute = get(name)
    if (!attribute || attribute.value === '') return { value: fallback, set: false }
    const parsed = parseGoBool(attribute.value)
    if (parsed === undefined) {
      problems.push({
        attribute,
        message: `invalid attribute boolean attribute ${name} value "${attribute.value}"`,
      })
      return { value: fallback, set: false }
    }
    return { value: parsed, set: true }
  }
  const ephemeral = boolOf('ephemeral', true)
  const preauthorized = boolOf('preauthorized', false)
  return {
    queryStart,
    attributes,
    problems,
    ephemeral: ephemeral.value,
    preauthorized: preauthorized.value,
    ephemeralSet: ephemeral.set,
    preauthorizedSet: preauthorized.set,
  }
}

/** Go's url.ParseQuery error for one `key=value` part, or undefined when it parses. */
export function querySyntaxProblem(part: string): string | undefined {
  if (part.includes(';')) return 'invalid semicolon separator in query'
  for (let i = 0; i < part.length; i++) {
    if (part[i] !== '%') continue
    if (!/^[0-9A-Fa-f]{2}$/.test(part.slice(i + 1, i + 3)))
      return `invalid URL escape ${JSON.stringify(part.slice(i, i + 3))}`
    i += 2
  }
  return undefined
}

/**
 * Problems tailscale up finds in the `?` attributes of a workload identity federation client ID
 * (feature/identityfederation parseOptionalAttributes, Tailscale 1.94+), in its words.
 */
export function wifClientIdProblems(
  clientId: string,
): Array<{ start: number; end: number; message: string }> {
  const q = clientId.indexOf('?')
  if (q === -1) return []
  const wrap = 'failed to parse optional config attributes: '
  const out: Array<{ start: number; end: number; message: string }> = []
  let cursor = q + 1
  for (const part of clientId.slice(q + 1).split('&')) {
    const start = cursor
    const end = start + part.length
    cursor = end + 1
    if (part === '') continue
    const syntax = querySyntaxProblem(part)
    if (syntax) return [{ start, end, message: `${wrap}${wrap}${syntax}` }]
    const eq = part.indexOf('=')
    const name = safeDecode(eq === -1 ? part : part.slice(0, eq))
    const value = eq === -1 ? '' : safeDecode(part.slice(eq + 1))
    if (name !== 'ephemeral' && name !== 'preauthorized')
      out.push({ start, end, message: `${wrap}unknown optional config attribute ${JSON.stringify(name)}` })
    else if (parseGoBool(value) === undefined)
      out.push({
        start,
        end,
        message: `${wrap}strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`,
      })
  }
  return out
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return text
  }
}

/** A credential found in free text, with offsets (for finding literal secrets anywhere in a file). */
export interface FoundKey {
  start: number
  end: number
  /** `auth`, `client`, `api`, ... */
  type: string
}

/**
 * Literal Tailscale credentials in `text` that are not documentation placeholders: a known type
 * written in lower case and a secret that starts with a letter or digit, as Tailscale issues them.
 * The span ends before OAuth `?` attributes.
 */
export function findLiteralKeys(text: string): FoundKey[] {
  const found: FoundKey[] = []
  for (const match of findCredentials(text)) {
    if (!text.startsWith(`tskey-${match.type}-`, match.start) || !CREDENTIAL_TYPES.includes(match.type))
      continue
    if (!/[A-Za-z0-9]/.test(text[match.secretStart] ?? '')) continue
    if (isPlaceholder(text.slice(match.start, match.secretEnd))) continue
    // `tskey-auth-k1${REST}` is assembled by a substitution: not a literal.
    if (text[match.secretEnd] === '$') continue
    found.push({ start: match.start, end: match.secretEnd, type: match.type })
  }
  return found
}
