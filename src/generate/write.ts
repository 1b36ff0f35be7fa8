/**
 * Writing a bundle to disk, and checking one for drift. talscale owns exactly the files its
 * manifest lists with the content it wrote; anything else (a user's file, a file edited since) is
 * never overwritten or removed without `force`.
 *
 * Interruption safety: each file is replaced atomically, and the new manifest is first written as a
 * pending manifest. A run cut short leaves every file either old or new, both recognised as
 * talscale's on the next run, which finishes the job.
 * @module
 */
import { createHash } from 'node:crypto'
import { chmodSync, existsSync, lstatSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { TalscaleError, UsageError } from '../core/errors.ts'
import { hasControlCharacters } from '../core/escape.ts'
import { makeDirectory, writeFileAtomic } from '../core/fs.ts'
import { isInside, realPathOf } from '../core/paths.ts'
import { LIMITS } from '../core/source.ts'
import type { Bundle, BundleFile } from './bundle.ts'

/** Where the manifest lives in the bundle directory. */
export const MANIFEST_FILE = '.talscale-manifest.json'
const PENDING_MANIFEST_FILE = '.talscale-manifest.pending.json'

/** The manifest: every file talscale wrote, with its hash and mode. */
export interface Manifest {
  generator: 'talscale'
  files: Record<string, { sha256: string; mode: string }>
}

/** What a write did, by bundle path. */
export interface WriteResult {
  written: string[]
  unchanged: string[]
  removed: string[]
}

/** How the directory differs from the bundle. Empty lists mean no drift. */
export interface DriftResult {
  missing: string[]
  differ: string[]
  /** Files talscale wrote before (in the manifest) that the bundle no longer has. */
  extra: string[]
}

/** sha256 hex of a file's content. */
export function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex')
}

/** The manifest for a bundle (deterministic: sorted paths, no dates). */
export function manifestFor(bundle: Bundle): Manifest {
  const files: Manifest['files'] = {}
  for (const [path, file] of bundle.files) {
    files[path] = { sha256: sha256(file.content), mode: file.mode.toString(8).padStart(4, '0') }
  }
  return { generator: 'talscale', files }
}

/** The manifest file's text, exactly as writeBundle writes it. */
export function renderManifest(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`
}

/** Compares the bundle with the directory without writing anything. */
export function checkBundle(dir: string, bundle: Bundle): DriftResult {
  const drift: DriftResult = { missing: [], differ: [], extra: [] }
  for (const [path, file] of bundle.files) {
    const current = readIfFile(join(dir, path))
    if (current === undefined) drift.missing.push(path)
    else if (!current.equals(Buffer.from(file.content)) || !modeMatches(join(dir, path), file.mode)) {
      drift.differ.push(path)
    }
  }
  const owned = readManifests(dir)
  for (const path of [...owned.keys()].sort()) {
    if (!bundle.files.has(path) && existsSync(join(dir, path))) drift.extra.push(path)
  }
  return drift
}

/** True when the drift result lists nothing. */
export function isClean(drift: DriftResult): boolean {
  return drift.missing.length + drift.differ.length + drift.extra.length === 0
}

/**
 * Writes the bundle into `dir`. Throws UsageError (exit 2) naming every existing file talscale did
 * not write, or that changed since, unless `force`.
 */
export function writeBundle(
  dir: string,
  bundle: Bundle,
  options: { force?: boolean; displayDir?: string } = {},
): WriteResult {
  const shown = options.displayDir ?? dir
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    throw new UsageError(`"${shown}" exists and is not a directory.`, {
      hint: 'Give --out a directory (it is created when missing).',
    })
  }
  let release: (() => void) | undefined
  try {
    makeDirectory(dir)
    release = takeLock(dir, shown)
    return writeInto(dir, bundle, options.force === true, shown)
  } catch (error) {
    if (error instanceof TalscaleError) throw error
    const code = (error as NodeJS.ErrnoException)?.code ?? 'error'
    const where = (error as NodeJS.ErrnoException)?.path ?? dir
    throw new TalscaleError(`cannot write the bundle in "${shown}": ${code} at ${where}.`, {
      hint: 'Check that the directory is writable; files already replaced are complete, and the next run finishes the rest.',
      cause: error,
    })
  } finally {
    release?.()
  }
}

/** The lock file two runs into one bundle directory contend for. */
export const LOCK_FILE = '.talscale.lock'

/**
 * Takes the bundle directory's lock (a file created exclusively, holding the pid); a second run
 * fails with exit 2 instead of mixing its files into the first one's. A lock left by a process
 * that no longer runs is taken over. Returns the release function.
 */
function takeLock(dir: string, shown: string): () => void {
  const path = join(dir, LOCK_FILE)
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx', mode: 0o644 })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = Number.parseInt(readIfFile(path)?.toString('utf8') ?? '', 10)
      if (attempt === 0 && Number.isInteger(holder) && holder > 0 && !processAlive(holder)) {
        rmSync(path, { force: true })
        continue
      }
      throw new UsageError(
        `another talscale run is writing the bundle in "${shown}" (lock file ${LOCK_FILE}${Number.isInteger(holder) && holder > 0 ? `, process ${holder}` : ''}).`,
        {
          hint: `Wait for it to finish. If no talscale run is active, delete "${join(shown, LOCK_FILE)}".`,
        },
      )
    }
    return () => rmSync(path, { force: true })
  }
  throw new UsageError(`cannot take the lock in "${shown}".`)
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * The first component of `path` below `dir` (itself included) that is a symbolic link, or
 * undefined. Through a link, a bundle file would be written, or a stale one deleted, outside `dir`.
 */
function symlinkOnPath(dir: string, path: string): string | undefined {
  const parts = path.split('/')
  for (let i = 1; i <= parts.length; i++) {
    const prefix = parts.slice(0, i).join('/')
    try {
      if (lstatSync(join(dir, prefix)).isSymbolicLink()) return prefix
    } catch {
      return undefined // nothing there yet: nothing below it either
    }
  }
  return undefined
}

function writeInto(dir: string, bundle: Bundle, force: boolean, shown: string): WriteResult {
  // No symbolic link anywhere below the bundle directory, whatever --force says: through one, the
  // bundle would be written (or a stale file deleted) somewhere else.
  const links = new Set<string>()
  for (const path of [...bundle.files.keys(), MANIFEST_FILE, PENDING_MANIFEST_FILE]) {
    const link = symlinkOnPath(dir, path)
    if (link) links.add(link)
  }
  const owned = readManifests(dir)
  for (const path of owned.keys()) {
    const link = symlinkOnPath(dir, path)
    if (link) links.add(link)
  }
  if (links.size > 0) {
    throw new UsageError(
      `refusing to write the bundle in "${shown}": ${[...links].sort().join(', ')} ${links.size === 1 ? 'is a symbolic link' : 'are symbolic links'}, through which talscale would write or delete files outside it.`,
      { hint: 'Replace the links with real directories or files, or choose another --out.' },
    )
  }
  const result: WriteResult = { written: [], unchanged: [], removed: [] }
  const toWrite: Array<[string, BundleFile]> = []
  const conflicts: string[] = []

  for (const [path, file] of bundle.files) {
    const full = join(dir, path)
    const current = readIfFile(full)
    if (current === undefined) {
      if (existsSync(full)) conflicts.push(`${path} (not a regular file)`)
      else toWrite.push([path, file])
      continue
    }
    if (current.equals(Buffer.from(file.content)) && modeMatches(full, file.mode)) {
      result.unchanged.push(path)
      continue
    }
    if (!isOwned(owned, path, current)) conflicts.push(path)
    toWrite.push([path, file])
  }
  const stale: string[] = []
  for (const path of [...owned.keys()].sort()) {
    if (bundle.files.has(path)) continue
    const current = readIfFile(join(dir, path))
    if (current === undefined) continue
    if (!isOwned(owned, path, current)) conflicts.push(`${path} (no longer generated, changed since)`)
    stale.push(path)
  }
  if (conflicts.length > 0 && !force) {
    throw new UsageError(
      `refusing to overwrite ${conflicts.length} file${conflicts.length === 1 ? '' : 's'} in "${shown}" that talscale did not write or that changed since: ${conflicts.join(', ')}.`,
      {
        hint: 'Move your changes into talscale.yaml (generated files are overwritten on every run), or pass --force to overwrite them.',
      },
    )
  }

  const manifest = manifestFor(bundle)
  const manifestText = renderManifest(manifest)
  writeFileAtomic(join(dir, PENDING_MANIFEST_FILE), manifestText)
  for (const [path, file] of toWrite) {
    const full = join(dir, path)
    writeFileAtomic(full, file.content, { mode: file.mode })
    // The temporary file's mode is subject to the umask; set it exactly.
    chmodSync(full, file.mode)
    result.written.push(path)
  }
  const realDir = realPathOf(dir) ?? dir
  for (const path of stale) {
    // Never a file whose real place is outside the bundle directory (a link made since the check).
    const real = realPathOf(join(dir, path))
    if (real === undefined || !isInside(realDir, real) || symlinkOnPath(dir, path)) continue
    rmSync(join(dir, path), { force: true })
    result.removed.push(path)
  }
  writeFileAtomic(join(dir, MANIFEST_FILE), manifestText)
  rmSync(join(dir, PENDING_MANIFEST_FILE), { force: true })
  return result
}

/**
 * Writes the secret-bearing patch to `path` with mode 0600 and makes sure a `.gitignore` beside it
 * ignores it (created, or extended by one line; never rewritten otherwise).
 */
export function writeSecretFile(path: string, file: BundleFile): void {
  try {
    writeSecretFileUnchecked(path, file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException)?.code ?? 'error'
    throw new TalscaleError(`cannot write the secrets file "${path}": ${code}.`, {
      hint: 'Check the path; its directory is created when missing.',
      cause: error,
    })
  }
}

function writeSecretFileUnchecked(path: string, file: BundleFile): void {
  writeFileAtomic(path, file.content, { mode: file.mode })
  chmodSync(path, file.mode)
  const ignore = join(dirname(path), '.gitignore')
  const entry = `/${basename(path)}`
  const existing = readIfFile(ignore)?.toString('utf8')
  if (existing === undefined) {
    writeFileAtomic(ignore, `# Written by talscale: ${basename(path)} holds a secret.\n${entry}\n`)
  } else if (!existing.split(/\r?\n/).some(line => line.trim() === entry || line.trim() === basename(path))) {
    writeFileAtomic(ignore, `${existing}${existing.endsWith('\n') || existing === '' ? '' : '\n'}${entry}\n`)
  }
}

function readIfFile(path: string): Buffer | undefined {
  try {
    const stat = statSync(path)
    // Bundle files and manifests are small; a huge file at a bundle path is someone else's, not ours.
    if (!stat.isFile() || stat.size > LIMITS.fileBytes) return undefined
    return readFileSync(path)
  } catch {
    return undefined
  }
}

function modeMatches(path: string, mode: number): boolean {
  try {
    return (statSync(path).mode & 0o777) === mode
  } catch {
    return false
  }
}

// Hashes talscale may have written for each path: from the manifest and from a pending manifest
// left by an interrupted run.
function readManifests(dir: string): Map<string, Set<string>> {
  const owned = new Map<string, Set<string>>()
  for (const name of [MANIFEST_FILE, PENDING_MANIFEST_FILE]) {
    if (symlinkOnPath(dir, name)) continue
    const text = readIfFile(join(dir, name))?.toString('utf8')
    if (text === undefined) continue
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      continue
    }
    const files = (parsed as Partial<Manifest> | null)?.files
    if (typeof files !== 'object' || files === null) continue
    for (const [path, entry] of Object.entries(files)) {
      if (typeof entry?.sha256 !== 'string' || !isSafeRelativePath(path)) continue
      const hashes = owned.get(path) ?? new Set<string>()
      hashes.add(entry.sha256)
      owned.set(path, hashes)
    }
  }
  return owned
}

function isOwned(owned: Map<string, Set<string>>, path: string, current: Buffer): boolean {
  return owned.get(path)?.has(sha256(current)) ?? false
}

// A tampered manifest must not make talscale delete files outside the bundle directory: entries
// are relative paths of the characters bundle paths use, without `.` or `..` steps.
function isSafeRelativePath(path: string): boolean {
  return (
    path !== '' &&
    path.length <= 255 &&
    !hasControlCharacters(path) &&
    /^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/.test(path) &&
    path.split('/').every(part => part !== '.' && part !== '..')
  )
}
