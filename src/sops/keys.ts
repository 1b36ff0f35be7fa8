/**
 * Finding age identities the way sops does, and unwrapping a SOPS data key with them. sops reads
 * every one of these that exists (not the first one only): `SOPS_AGE_KEY` (identities, several per
 * line allowed), the file `SOPS_AGE_KEY_FILE` names, and the default keys file
 * `<user config dir>/sops/age/keys.txt` (`$XDG_CONFIG_HOME` or `~/.config` on Linux,
 * `~/Library/Application Support` on macOS unless `XDG_CONFIG_HOME` is set, `%AppData%` on Windows).
 * Identity strings stay in memory; messages name where a key came from, never the key.
 * @module
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { armor, Decrypter } from 'age-encryption'
import type { SopsMetadata } from './format.ts'

/** The identities found, where sops would look, and what was wrong on the way. */
export interface AgeKeyring {
  identities: string[]
  /** Every place looked at, in order, for messages ("SOPS_AGE_KEY", a file path). */
  searched: string[]
  /** Problems worth a note: unreadable files, lines that are not identities. Never quotes a key. */
  problems: string[]
}

/** Where the keys live on this system; injected so tests never read the real home directory. */
export interface KeyringEnvironment {
  env: Readonly<Record<string, string | undefined>>
  platform?: NodeJS.Platform
  home?: string
}

/** The default keys file sops reads, for this platform and environment. */
export function defaultKeysFile(options: KeyringEnvironment): string | undefined {
  const platform = options.platform ?? process.platform
  const { env } = options
  // Like Go's os.UserConfigDir: no HOME, no default file (and tests never read the real one).
  const home = options.home ?? env.HOME
  let dir: string | undefined
  if (env.XDG_CONFIG_HOME && platform !== 'win32') dir = env.XDG_CONFIG_HOME
  else if (platform === 'win32') dir = env.APPDATA
  else if (platform === 'darwin') dir = home ? join(home, 'Library', 'Application Support') : undefined
  else dir = home ? join(home, '.config') : undefined
  return dir ? join(dir, 'sops', 'age', 'keys.txt') : undefined
}

/** Collects age identities from SOPS_AGE_KEY, SOPS_AGE_KEY_FILE and the default keys file. */
export function findAgeIdentities(options: KeyringEnvironment): AgeKeyring {
  const ring: AgeKeyring = { identities: [], searched: [], problems: [] }
  const { env } = options
  ring.searched.push('SOPS_AGE_KEY')
  if (env.SOPS_AGE_KEY !== undefined) addIdentities(ring, env.SOPS_AGE_KEY, 'SOPS_AGE_KEY', true)
  const files: Array<[string, string]> = []
  if (env.SOPS_AGE_KEY_FILE) files.push([env.SOPS_AGE_KEY_FILE, 'SOPS_AGE_KEY_FILE'])
  else ring.searched.push('SOPS_AGE_KEY_FILE')
  const fallback = defaultKeysFile(options)
  if (fallback) files.push([fallback, 'default'])
  for (const [path, label] of files) {
    ring.searched.push(path)
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      // A missing default file is normal; a file the user named that cannot be read is worth saying.
      if (label !== 'default' || code !== 'ENOENT')
        ring.problems.push(`cannot read the age keys file ${path} (${code ?? 'error'})`)
      continue
    }
    addIdentities(ring, text, path, false)
  }
  if (env.SOPS_AGE_KEY_CMD)
    ring.problems.push('SOPS_AGE_KEY_CMD is not run by talscale; put the key in SOPS_AGE_KEY or a keys file')
  return ring
}

function addIdentities(ring: AgeKeyring, text: string, where: string, manyPerLine: boolean): void {
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    for (const word of manyPerLine ? line.split(/\s+/) : [line]) {
      if (/^AGE-SECRET-KEY-(?:PQ-)?1[0-9A-Z]+$/i.test(word)) ring.identities.push(word.toUpperCase())
      else if (/^AGE-PLUGIN-/i.test(word))
        ring.problems.push(`${where} line ${index + 1} is an age plugin identity, which talscale cannot use`)
      else ring.problems.push(`${where} line ${index + 1} is not an age identity (AGE-SECRET-KEY-1...)`)
    }
  }
}

/**
 * Unwraps a SOPS file's data key with the identities: the first age recipient any identity opens.
 * Undefined when none does.
 */
export async function unwrapDataKey(
  metadata: SopsMetadata,
  identities: readonly string[],
): Promise<Uint8Array | undefined> {
  if (identities.length === 0 || metadata.age.length === 0) return undefined
  const decrypter = new Decrypter()
  for (const identity of identities) {
    try {
      decrypter.addIdentity(identity)
    } catch {
      // An identity that is not valid bech32 opens nothing; the others may.
    }
  }
  for (const recipient of metadata.age) {
    try {
      const key = await decrypter.decrypt(armor.decode(recipient.enc.trim().concat('\n')))
      if (key.length === 32) return key
    } catch {
      // Not for one of our identities (or not a valid age file): try the next recipient.
    }
  }
  return undefined
}
