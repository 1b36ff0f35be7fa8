/**
 * File writing that never leaves a half-written file behind: write to a temporary file beside the
 * target, then rename over it (rename is atomic on one filesystem).
 * @module
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, renameSync, rmSync, type Stats, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

/** Mode for files that hold secrets: readable and writable by the owner only. */
export const SECRET_FILE_MODE = 0o600

/**
 * Writes `data` to `path` atomically, creating parent directories. `mode` is applied to the
 * temporary file before any data is written, so a secret is never readable by others, even briefly.
 */
export function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: { mode?: number } = {},
): void {
  const dir = dirname(path)
  mkdirSync(dir, { recursive: true })
  const temp = join(dir, `.talscale-tmp-${basename(path)}-${randomBytes(6).toString('hex')}`)
  try {
    writeFileSync(temp, data, { mode: options.mode ?? 0o644, flag: 'wx' })
    renameSync(temp, path)
  } catch (error) {
    rmSync(temp, { force: true })
    throw error
  }
}

/** The file's status, or undefined when there is nothing at `path` (or it cannot be reached). */
export function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path)
  } catch {
    return undefined
  }
}
