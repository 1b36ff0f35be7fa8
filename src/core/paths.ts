/**
 * Path containment: the one place that decides whether a file named by repository content (a
 * talhelper `@patch`, an intent `{file: ...}`, a template include) may be read or written. A pull
 * request is untrusted: `@../../etc/passwd` or an in-repo symbolic link to `~/.ssh` must never be
 * read, echoed or rewritten. Every reader of a referenced file calls `resolveInside` (or
 * `readSourceInside`); every writer of a fixed file calls `checkWritableInside`.
 *
 * The repository root is the nearest directory at or above the checked path that holds `.git`
 * (a directory, or a file in a worktree); outside git it is the checked directory itself.
 * @module
 */
import { existsSync, lstatSync, realpathSync } from 'node:fs'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { InputError } from './errors.ts'
import { readSource, type SourceFile } from './source.ts'

/** The nearest directory at or above `dir` that holds `.git`, or undefined outside git. */
export function gitRoot(dir: string): string | undefined {
  let current = resolve(dir)
  for (;;) {
    if (existsSync(join(current, '.git'))) return current
    const parent = dirname(current)
    if (parent === current) return undefined
    current = parent
  }
}

/**
 * The repository root of a checked path: its git root, or outside git the path itself when it is a
 * directory (its parent directory when it is a file).
 */
export function repositoryRoot(path: string, isDirectory = true): string {
  const absolute = resolve(path)
  const dir = isDirectory ? absolute : dirname(absolute)
  return gitRoot(dir) ?? dir
}

/** True when `path` is `root` or below it (both absolute; compared as written, no symlinks resolved). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path)
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))
}

/** The real path of `path` (symbolic links resolved), or undefined when it does not exist. */
export function realPathOf(path: string): string | undefined {
  try {
    return realpathSync(path)
  } catch {
    return undefined
  }
}

/**
 * A referenced file that lies outside the repository root (written with `..`, absolute, or through a
 * symbolic link). The message quotes the reference as written and nothing of the target: not its
 * real path, not whether it exists, not a line of it.
 */
export class OutsideRootError extends InputError {
  readonly reference: string
  constructor(reference: string, what = 'file') {
    super(
      `the ${what} "${reference}" lies outside the repository, so talscale does not read it (a reference in repository content may only name files inside the repository).`,
      {
        hint: 'Move the file into the repository (a symbolic link that points outside counts as outside), or reference it relative to the repository.',
      },
    )
    this.reference = reference
  }
}

/**
 * Resolves `ref` (absolute, or relative to `base`) and returns its absolute path when its real
 * location lies inside one of `roots`; throws OutsideRootError otherwise. A path that does not
 * exist is returned when it is lexically inside (reading it then fails with a plain "cannot read").
 */
export function resolveInside(
  roots: string | readonly string[],
  ref: string,
  options: { base?: string; what?: string; shown?: string } = {},
): string {
  const list = typeof roots === 'string' ? [roots] : roots
  const absolute = resolve(options.base ?? process.cwd(), ref)
  const real = realPathOf(absolute)
  const inside = list.some(root => {
    const realRoot = realPathOf(root) ?? resolve(root)
    if (real !== undefined) return isInside(realRoot, real)
    // Not there (yet): judge the path as written, and its nearest existing ancestor by its real place.
    if (!isInside(resolve(root), absolute) && !isInside(realRoot, absolute)) return false
    const ancestor = nearestExisting(absolute)
    const realAncestor = ancestor === undefined ? undefined : realPathOf(ancestor)
    return realAncestor === undefined || isInside(realRoot, realAncestor)
  })
  if (!inside) throw new OutsideRootError(options.shown ?? ref, options.what)
  return absolute
}

/** Reads a referenced file as a source, but only when it lies inside `roots` (see resolveInside). */
export function readSourceInside(
  roots: string | readonly string[],
  absolute: string,
  displayPath: string = absolute,
  what?: string,
): SourceFile {
  resolveInside(roots, absolute, { shown: displayPath, ...(what ? { what } : {}) })
  return readSource(absolute, displayPath)
}

/**
 * Why `path` must not be written by `--fix`, or undefined when it may: it is a symbolic link, or
 * its real location lies outside every root.
 */
export function unwritableReason(roots: readonly string[], path: string): string | undefined {
  const absolute = resolve(path)
  try {
    if (lstatSync(absolute).isSymbolicLink())
      return 'it is a symbolic link; talscale does not write through links (fix the file it points to directly)'
  } catch {
    return 'it cannot be read any more'
  }
  const real = realPathOf(absolute)
  if (real === undefined || !roots.some(root => isInside(realPathOf(root) ?? resolve(root), real)))
    return 'it lies outside the checked repository'
  return undefined
}

function nearestExisting(path: string): string | undefined {
  let current = dirname(path)
  for (;;) {
    if (existsSync(current)) return current
    const parent = dirname(current)
    if (parent === current) return undefined
    current = parent
  }
}
