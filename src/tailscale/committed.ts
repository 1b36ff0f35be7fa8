/**
 * Tailscale (and Headscale) credentials written in plain text in any file of a repository: the
 * detector behind TAL307. It reuses the one credential pattern of core/secrets and the placeholder
 * test of ./keys, and adds what committed text needs: text inside SOPS ciphertext is never a match,
 * documentation placeholders are told apart, and a legacy 48-hex Headscale key counts only where the
 * text says it is one (an auth-key setting in a file that mentions Headscale or --login-server).
 * @module
 */
import { CREDENTIAL_TYPES, credentialKind, findCredentials, findHeadscaleKeys } from '../core/secrets.ts'
import { isPlaceholder } from './keys.ts'

/** One committed credential. Offsets cover the prefix and the secret, never OAuth attributes. */
export interface CommittedCredential {
  start: number
  end: number
  /** What it is, in words: `auth key`, `OAuth client secret`, `Headscale pre-auth key`, ... */
  kind: string
  /** A safe label: the prefix only (`tskey-auth-…`). */
  label: string
  /** An obvious placeholder (`tskey-auth-xxxx`, `<...>`, `REDACTED`, `${VAR}`, `changeme`). */
  placeholder: boolean
}

// Words and shapes that mark an example rather than a key Tailscale issued.
const PLACEHOLDER_WORDS =
  /x{4,}|redacted|change[-_]?me|replace|example|placeholder|dummy|fake|sample|your|secret|token|\*{3,}|\.{3}|…|0{6,}|123456|abcdef|\$\{|\{\{/i

/**
 * True when a secret looks like one Tailscale issued: its last dash-separated part is long (real
 * secrets are 30+ characters) and mixes letters and digits. Short test strings are not credentials.
 */
function issuedShape(secret: string): boolean {
  const last = secret.split('-').at(-1) ?? ''
  return last.length >= 16 && /[0-9]/.test(last) && /[A-Za-z]/.test(last) && !/^(.)\1+$/.test(last)
}

/** Spans of SOPS ciphertext (`ENC[AES256_GCM,data:…]`): nothing inside them is plain text. */
function sopsSpans(text: string): Array<[number, number]> {
  if (!text.includes('ENC[')) return []
  return [...text.matchAll(/ENC\[[^\]]*\]/g)].map(match => [match.index, match.index + match[0].length])
}

const LEGACY_HEADSCALE =
  /(?:TS_AUTH_?KEY|auth[-_]?key|pre[-_]?auth[-_]?key)["']?\s*[:=]\s*["']?([0-9a-f]{48})(?![0-9A-Za-z])/gi

/** True when `text` may hold a committed credential: a cheap test before the full scan. */
export function mayHoldCredential(text: string): boolean {
  return text.includes('tskey-') || text.includes('hskey-') || /headscale|login-server/i.test(text)
}

/** Every committed credential in `text`, placeholders marked, in order. Never returns a secret. */
export function findCommittedCredentials(text: string): CommittedCredential[] {
  const encrypted = sopsSpans(text)
  const inCiphertext = (offset: number) => encrypted.some(([from, to]) => offset >= from && offset < to)
  const found: CommittedCredential[] = []
  for (const match of findCredentials(text)) {
    if (inCiphertext(match.start)) continue
    const type = match.type
    // `tskey-AUTH-…` or an unknown type word is not a key Tailscale issues.
    if (!text.startsWith(`tskey-${type}-`, match.start) || !CREDENTIAL_TYPES.includes(type)) continue
    const value = text.slice(match.start, match.secretEnd)
    const secret = text.slice(match.secretStart, match.secretEnd)
    // `tskey-auth-k1${REST}` is assembled by a substitution: not a literal.
    const substituted = text[match.secretEnd] === '$' || text[match.secretEnd] === '<'
    const placeholder =
      substituted ||
      isPlaceholder(value) ||
      PLACEHOLDER_WORDS.test(secret) ||
      /[<>]/.test(text.slice(match.secretEnd, match.secretEnd + 1)) ||
      !issuedShape(secret)
    found.push({
      start: match.start,
      end: match.secretEnd,
      kind: credentialKind(type),
      label: `tskey-${type}-…`,
      placeholder,
    })
  }
  for (const match of findHeadscaleKeys(text)) {
    if (inCiphertext(match.start)) continue
    const secret = text.slice(match.secretStart, match.end)
    const next = text[match.end] ?? ''
    found.push({
      start: match.start,
      end: match.end,
      kind: 'Headscale pre-auth key',
      label: 'hskey-auth-…',
      placeholder: secret.length < 16 || PLACEHOLDER_WORDS.test(secret) || /[*<$.]/.test(next),
    })
  }
  if (/headscale|login-server/i.test(text)) {
    for (const match of text.matchAll(LEGACY_HEADSCALE)) {
      const start = match.index + match[0].length - match[1]!.length
      if (inCiphertext(start)) continue
      found.push({
        start,
        end: start + 48,
        kind: 'Headscale pre-auth key',
        label: 'a 48-hex key',
        placeholder: PLACEHOLDER_WORDS.test(match[1]!) || /^(.)\1+$/.test(match[1]!),
      })
    }
  }
  return found.sort((a, b) => a.start - b.start)
}
