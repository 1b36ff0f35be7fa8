/**
 * node:fs in the browser page: there is no file system, so nothing exists and every read or write
 * fails the way Node fails for a missing file. The page hands the library its files in memory
 * (LintOptions.read), so these only answer the library's "is there a .git here?"-style probes.
 * @module
 */

function missing(path: unknown): Error {
  const error = new Error(`ENOENT: no such file or directory in the browser page, '${String(path)}'`)
  Object.assign(error, { code: 'ENOENT', path: String(path) })
  return error
}

export type Stats = { isFile(): boolean; isDirectory(): boolean; size: number }

export function existsSync(_path: unknown): boolean {
  return false
}
export function realpathSync(path: unknown): string {
  throw missing(path)
}
export function statSync(path: unknown): Stats {
  throw missing(path)
}
export const lstatSync = statSync
export function readFileSync(path: unknown): never {
  throw missing(path)
}
export function readdirSync(path: unknown): never {
  throw missing(path)
}
export function openSync(path: unknown): never {
  throw missing(path)
}
export function readSync(): never {
  throw missing('file descriptor')
}
export function fstatSync(): never {
  throw missing('file descriptor')
}
export function closeSync(): void {}
export function writeFileSync(path: unknown): never {
  throw missing(path)
}
export const mkdirSync = writeFileSync
export const renameSync = writeFileSync
export const rmSync = writeFileSync
export const chmodSync = writeFileSync
export const mkdtempSync = writeFileSync
export const unlinkSync = writeFileSync
export const symlinkSync = writeFileSync
export const readlinkSync = readFileSync
export const appendFileSync = writeFileSync
export const constants = { O_RDONLY: 0, O_NOFOLLOW: 0, O_NONBLOCK: 0 }
export default {
  existsSync,
  realpathSync,
  statSync,
  lstatSync,
  readFileSync,
  readdirSync,
  openSync,
  readSync,
  fstatSync,
  closeSync,
  writeFileSync,
  constants,
}
