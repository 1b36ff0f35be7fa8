/**
 * SOPS-encrypted inputs. SOPS keeps a file's structure and keys in clear and replaces each value
 * (each string of a list, whole) with `ENC[AES256_GCM,data:...,iv:...,tag:...,type:str]`, then adds a
 * top-level `sops:` block (recipients, `lastmodified`, `mac`, `version`). Such a file is read like any
 * other: its clear parts are checked, every `ENC[...]` value is opaque, and the `sops:` block itself is
 * metadata, never judged.
 *
 * `prepareSource` is the one pre-parse step every read goes through (inputs and files referenced by a
 * talconfig alike): a decryptor (`check --decrypt`) plugs in there and may hand back the clear text.
 * @module
 */
import { isMap, isScalar, type YAMLMap } from 'yaml'
import type { SourceDocument, SourceFile } from '../core/source.ts'

/** Turns a SOPS file into its clear text, or returns undefined to keep it encrypted (opaque). */
export type Decryptor = (source: SourceFile) => SourceFile | undefined

/** A source after the pre-parse step. */
export interface PreparedSource {
  /** The text to parse: the file's own, or the decryptor's clear text. */
  source: SourceFile
  /** The file carries SOPS metadata (it was encrypted when read). */
  sops: boolean
  /** A decryptor replaced the text. */
  decrypted: boolean
}

// A top-level `sops:` mapping key (YAML), or a `"sops": {` member (JSON, where SOPS writes it last).
const SOPS_YAML = /^sops:[ \t]*(?:#.*)?$/m
const SOPS_JSON = /"sops"\s*:\s*\{[\s\S]*"(?:mac|version|lastmodified)"\s*:/
// SOPS's value form: ENC[<cipher>,data:<base64>,iv:...,tag:...,type:<type>].
const ENC_VALUE = /^ENC\[[A-Z0-9_]+,data:[^\]]*\]$/

/** True when a file's text carries SOPS metadata (a top-level `sops:` block). */
export function isSopsText(text: string): boolean {
  if (SOPS_YAML.test(text)) return /^[ \t]+(?:mac|version|lastmodified|age|pgp|kms):/m.test(text)
  return text.trimStart().startsWith('{') && SOPS_JSON.test(text)
}

/** True for one whole SOPS ciphertext value. */
export function isEncryptedValue(value: string): boolean {
  return ENC_VALUE.test(value.trim())
}

/**
 * The pre-parse step: detects SOPS metadata and, when a decryptor is given and succeeds, swaps in
 * the clear text. Files without SOPS metadata pass through untouched.
 */
export function prepareSource(source: SourceFile, decrypt?: Decryptor): PreparedSource {
  if (!isSopsText(source.text)) return { source, sops: false, decrypted: false }
  const clear = decrypt?.(source)
  if (clear) return { source: clear, sops: true, decrypted: true }
  return { source, sops: true, decrypted: false }
}

/**
 * Drops the top-level `sops` key of each document (SOPS writes one per YAML document), so what is
 * left is the file's own content. Returns the documents that still hold something.
 */
export function stripSopsMetadata(documents: SourceDocument[]): SourceDocument[] {
  const kept: SourceDocument[] = []
  for (const document of documents) {
    const contents = document.doc.contents
    if (isMap(contents)) {
      const map = contents as YAMLMap
      map.items = map.items.filter(pair => !(isScalar(pair.key) && pair.key.value === 'sops'))
      if (map.items.length === 0) continue
    }
    kept.push(document)
  }
  return kept
}

/**
 * True when nothing of a document's values can be read: every scalar value is SOPS ciphertext (keys
 * stay in clear, but without values there is nothing to judge).
 */
export function fullyEncrypted(documents: readonly SourceDocument[]): boolean {
  const { clear, encrypted } = countValues(documents)
  return encrypted > 0 && clear === 0
}

/** True when some value is still SOPS ciphertext (a decryptor may have opened the file already). */
export function hasEncryptedValues(documents: readonly SourceDocument[]): boolean {
  return countValues(documents).encrypted > 0
}

function countValues(documents: readonly SourceDocument[]): { clear: number; encrypted: number } {
  let clear = 0
  let encrypted = 0
  const stack: unknown[] = documents.map(document => document.doc.contents)
  while (stack.length > 0) {
    const node = stack.pop()
    if (!node || typeof node !== 'object') continue
    if (isScalar(node)) {
      if (typeof node.value === 'string' && isEncryptedValue(node.value)) encrypted++
      else if (node.value !== null && node.value !== '') clear++
      continue
    }
    const items = (node as { items?: unknown[] }).items
    if (!Array.isArray(items)) continue
    for (const item of items) {
      // Pairs: only values count; keys are always clear.
      if (item && typeof item === 'object' && 'key' in item && 'value' in item)
        stack.push((item as { value: unknown }).value)
      else stack.push(item)
    }
  }
  return { clear, encrypted }
}
