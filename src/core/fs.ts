/**
 * File writing that never leaves a half-written file behind: write to a temporary file beside the
 * target, then rename over it (rename is atomic on one filesystem).
 * @module
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, renameSync, rmSync, type Stats, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'

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
  makeDirectory(dir)
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

/**
 * `mkdir -p` that fails instead of looping: Node's recursive mkdir spins forever at 100% CPU under
 * /proc (it keeps getting ENOENT). Creates each missing component in turn and throws the first
 * error (ENOTDIR when a component is a file, EACCES, ENOENT under /proc) as it is.
 */
export function makeDirectory(dir: string): void {
  const missing: string[] = []
  let current = resolve(dir)
  for (;;) {
    const stat = statOrUndefined(current)
    if (stat) {
      if (!stat.isDirectory()) {
        throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${current}'`), {
          code: 'ENOTDIR',
          syscall: 'mkdir',
          path: current,
        })
      }
      break
    }
    missing.push(current)
    const parent = dirname(current)
    if (parent === current) break
    current = parent
  }
  for (const component of missing.reverse()) {
    try {
      mkdirSync(component)
    } catch (error) {
      // Made meanwhile by a parallel run: fine. Anything else is the caller's to report.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !statOrUndefined(component)?.isDirectory())
        throw error
    }
  }
}
