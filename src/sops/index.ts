/**
 * `check --decrypt`: SOPS files opened in memory with age keys, and findings in them told without
 * the clear values. The decrypted text is what the rules judge; what is reported points into the
 * encrypted file (same line, the ciphertext's columns), names the key, and quotes no clear value.
 * @module
 */
import { InputError } from '../core/errors.ts'
import type { Finding, RelatedLocation } from '../core/finding.ts'
import { positionAt, type SourceFile } from '../core/source.ts'
import {
  type DecryptedSops,
  type DecryptedValue,
  decryptSops,
  readSopsMetadata,
  type SopsMetadata,
} from './format.ts'
import { type AgeKeyring, unwrapDataKey } from './keys.ts'

export {
  type DecryptedSops,
  type DecryptedValue,
  decryptSops,
  decryptValue,
  isSopsCiphertext,
  readSopsMetadata,
  type SopsFormat,
  type SopsMetadata,
} from './format.ts'
export {
  type AgeKeyring,
  defaultKeysFile,
  findAgeIdentities,
  type KeyringEnvironment,
  unwrapDataKey,
} from './keys.ts'

/** What opening a file gave. */
export type Opened =
  | { kind: 'plain' }
  /** A SOPS file whose data key has not been looked for yet (call `prepare`). */
  | { kind: 'pending' }
  | { kind: 'decrypted'; decrypted: DecryptedSops }
  /** Encrypted for keys talscale cannot use (PGP, cloud KMS, Shamir groups): a note, not an error. */
  | { kind: 'unsupported'; note: string }
  | { kind: 'failed'; error: InputError }

/** Opens SOPS files with one keyring; data keys are unwrapped once per file (async), then cached. */
export class SopsDecryptor {
  readonly #ring: AgeKeyring
  readonly #keys = new Map<string, Uint8Array | null>()

  constructor(ring: AgeKeyring) {
    this.#ring = ring
  }

  /** Unwraps the data key of a SOPS file (no-op for other files and for keys already known). */
  async prepare(source: SourceFile): Promise<void> {
    const metadata = metadataOf(source)
    if (!(metadata && 'age' in metadata) || metadata.age.length === 0 || metadata.keyGroups > 1) return
    const id = cacheKey(metadata)
    if (this.#keys.has(id)) return
    this.#keys.set(id, (await unwrapDataKey(metadata, this.#ring.identities)) ?? null)
  }

  /** Opens a file synchronously, with the data keys `prepare` found. */
  open(source: SourceFile): Opened {
    const metadata = metadataOf(source)
    if (metadata === undefined) return { kind: 'plain' }
    if (metadata instanceof InputError) return { kind: 'failed', error: metadata }
    const pipe = `sops -d ${source.path} | talscale check --stdin-filename ${source.path} -`
    if (metadata.keyGroups > 1) {
      return {
        kind: 'unsupported',
        note: `${source.path} is encrypted with ${metadata.keyGroups} SOPS key groups (Shamir secret sharing), which talscale does not combine; it is checked as ciphertext. To judge its values: ${pipe}`,
      }
    }
    if (metadata.age.length === 0) {
      const kinds = metadata.others.map(kind => KEY_NAMES[kind] ?? kind).join(', ') || 'no age key'
      return {
        kind: 'unsupported',
        note: `${source.path} is encrypted for ${kinds}, not age; talscale decrypts age only, so it is checked as ciphertext. To judge its values: ${pipe}`,
      }
    }
    const id = cacheKey(metadata)
    if (!this.#keys.has(id)) return { kind: 'pending' }
    const key = this.#keys.get(id)
    if (!key) {
      const recipients = metadata.age.map(entry => entry.recipient).join(', ')
      return {
        kind: 'failed',
        error: new InputError(
          `cannot decrypt "${source.path}": none of the age identities found opens it (recipients: ${recipients}).`,
          {
            location: { file: source.path },
            hint: `talscale looks where sops does: ${this.#ring.searched.join(', ')}. Set SOPS_AGE_KEY_FILE to the keys file holding the identity for one of those recipients${metadata.others.length > 0 ? `, or decrypt it yourself: ${pipe}` : ''}.`,
          },
        ),
      }
    }
    try {
      return { kind: 'decrypted', decrypted: decryptSops(source, metadata, key) }
    } catch (error) {
      if (error instanceof InputError) return { kind: 'failed', error }
      throw error
    }
  }
}

const KEY_NAMES: Readonly<Record<string, string>> = {
  pgp: 'PGP',
  kms: 'AWS KMS',
  gcp_kms: 'GCP KMS',
  azure_kv: 'Azure Key Vault',
  hc_vault: 'HashiCorp Vault',
  hckms: 'Huawei Cloud KMS',
}

function metadataOf(source: SourceFile): SopsMetadata | InputError | undefined {
  try {
    return readSopsMetadata(source)
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
}

function cacheKey(metadata: SopsMetadata): string {
  return metadata.age.map(entry => entry.enc).join('\u0000')
}

// Rules about credentials written in clear: a value that was encrypted in the file is not one.
const CLEAR_CREDENTIAL_RULE = /^(?:intent-)?literal-|credential/

/**
 * A finding on the clear text, told about the encrypted file: positions in the ciphertext, fixes
 * dropped (they would write clear text), clear values replaced by `…` in the message, and the key
 * named when the finding is inside an encrypted value. Undefined when the finding is about a value
 * being in clear, which it was not.
 */
export function findingInEncrypted(
  finding: Finding,
  decrypted: DecryptedSops,
  original: SourceFile,
): Finding | undefined {
  const clear = decrypted.clear
  const start = finding.offset?.[0] ?? offsetAt(clear.text, finding.line, finding.column)
  const end = finding.offset?.[1] ?? offsetAt(clear.text, finding.endLine, finding.endColumn)
  const inside = decrypted.values.filter(value => value.clear[0] <= end && start <= value.clear[1])
  if (inside.length > 0 && CLEAR_CREDENTIAL_RULE.test(finding.name)) return undefined
  const from = toOriginal(decrypted, start, 'start')
  const to = Math.max(from, toOriginal(decrypted, end, 'end'))
  const a = positionAt(original, from)
  const b = positionAt(original, to)
  const { fix: _dropped, ...rest } = finding
  const message = redactClearValues(finding.message, decrypted, inside)
  return {
    ...rest,
    line: a.line,
    column: a.column,
    endLine: b.line,
    endColumn: b.column,
    offset: [from, to],
    message:
      inside.length > 0
        ? `in the encrypted value of ${[...new Set(inside.map(value => value.key))].join(', ')}: ${message}`
        : message,
  }
}

/** A secondary location in a decrypted file, told about the encrypted file (like `findingInEncrypted`). */
export function relatedInEncrypted(
  related: RelatedLocation,
  decrypted: DecryptedSops,
  original: SourceFile,
): RelatedLocation {
  const clear = decrypted.clear
  const start = related.offset?.[0] ?? offsetAt(clear.text, related.line, related.column)
  const end = related.offset?.[1] ?? offsetAt(clear.text, related.endLine, related.endColumn)
  const from = toOriginal(decrypted, start, 'start')
  const to = Math.max(from, toOriginal(decrypted, end, 'end'))
  const a = positionAt(original, from)
  const b = positionAt(original, to)
  return {
    file: related.file,
    line: a.line,
    column: a.column,
    endLine: b.line,
    endColumn: b.column,
    offset: [from, to],
    message: redactClearValues(related.message, decrypted),
  }
}

/**
 * A message without clear values: the values the finding is in are masked word by word (variable
 * and flag names stay: they are keys, and say what is wrong), every other value of the file whole
 * (but single words).
 */
export function redactClearValues(
  message: string,
  decrypted: DecryptedSops,
  inside: readonly DecryptedValue[] = decrypted.values,
): string {
  const tokens = new Set<string>()
  for (const { value } of decrypted.values) {
    const assignment = /^[A-Za-z_][A-Za-z0-9_]*=(.*)$/s.exec(value)
    const whole = assignment ? assignment[1]! : value
    // Single words (`tailscale`, `v1alpha1`) are everywhere in messages and say nothing secret.
    if (whole.length >= 2 && !/^[A-Za-z][A-Za-z0-9]*$/.test(whole)) tokens.add(whole)
  }
  for (const { value } of inside) {
    for (const word of value.split(/[\s=,;"'`]+/)) {
      if (word.length < 2) continue
      if (/^[A-Z][A-Z0-9_]*$/.test(word) || /^--?[a-z][a-z0-9-]*$/.test(word)) continue
      tokens.add(word)
    }
  }
  let result = message
  for (const token of [...tokens].sort((x, y) => y.length - x.length)) {
    const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    result = result.replace(new RegExp(`(?<![A-Za-z0-9_.-])${escaped}(?![A-Za-z0-9_-])`, 'g'), '…')
  }
  return result
}

/** An offset in the clear text as an offset in the encrypted text. */
export function toOriginal(decrypted: DecryptedSops, offset: number, edge: 'start' | 'end'): number {
  let delta = 0
  for (const value of decrypted.values) {
    if (offset < value.clear[0]) break
    if (offset <= value.clear[1]) {
      if (offset === value.clear[0]) return value.original[0]
      if (offset === value.clear[1]) return value.original[1]
      return edge === 'start' ? value.original[0] : value.original[1]
    }
    delta += value.clear[1] - value.clear[0] - (value.original[1] - value.original[0])
  }
  return offset - delta
}

function offsetAt(text: string, line: number, column: number): number {
  let offset = 0
  for (let current = 1; current < line; current++) {
    const next = text.indexOf('\n', offset)
    if (next < 0) return text.length
    offset = next + 1
  }
  return Math.min(text.length, offset + Math.max(0, column - 1))
}
