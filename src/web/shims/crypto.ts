/**
 * node:crypto in the browser page: SHA-256 (schematic IDs, bundle manifests) from @noble/hashes,
 * random bytes from Web Crypto. Decryption (SOPS) is not offered in the page.
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js'

const encoder = new TextEncoder()

function toHex(bytes: Uint8Array): string {
  let out = ''
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0')
  return out
}

class Sha256 {
  private readonly hash = sha256.create()
  update(data: string | Uint8Array): this {
    this.hash.update(typeof data === 'string' ? encoder.encode(data) : data)
    return this
  }
  digest(encoding?: 'hex'): string | Uint8Array {
    const bytes = this.hash.digest()
    return encoding === 'hex' ? toHex(bytes) : bytes
  }
}

export function createHash(algorithm: string): Sha256 {
  if (algorithm !== 'sha256') throw new Error(`hash ${algorithm} is not available in the browser page`)
  return new Sha256()
}

export function randomBytes(size: number): { toString(encoding: 'hex'): string } & Uint8Array {
  const bytes = crypto.getRandomValues(new Uint8Array(size))
  return Object.assign(bytes, { toString: () => toHex(bytes) })
}

function unavailable(): never {
  throw new Error('decryption is not available in the browser page: use `talscale check --decrypt`')
}
export const createDecipheriv = unavailable
export const createHmac = unavailable
export const timingSafeEqual = unavailable
export default { createHash, randomBytes, createDecipheriv, createHmac, timingSafeEqual }
