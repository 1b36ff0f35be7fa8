/**
 * Which files `check` reads: the files named on the command line, and the YAML and JSON files under
 * the directories named, skipping what `.gitignore` ignores (and `node_modules`, `.git`).
 * @module
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import ignore, { type Ignore } from 'ignore'
import { InputError } from '../core/errors.ts'
import { LIMITS } from '../core/source.ts'

/** One input to read. */
export interface DiscoveredFile {
  /** What output calls it: relative to the working directory when inside it, POSIX separators. */
  path: string
  /** Absolute path on disk; undefined for standard input. */
  absolute?: string
  /** Named on the command line (or stdin), as opposed to found in a directory. */
  explicit: boolean
}

/** Options for discovery. */
export interface DiscoverOptions {
  cwd: string
  /** Extra patterns in gitignore syntax (the config file's `ignore`), relative to `ignoreRoot`. */
  ignore?: readonly string[]
  /** Directory the extra patterns are relative to (where the config file is). Default: cwd. */
  ignoreRoot?: string
}

/** File name endings looked at inside directories. */
export const CHECKED_EXTENSIONS = ['.yaml', '.yml', '.json'] as const

const ALWAYS_SKIPPED = new Set(['node_modules', '.git'])

// talscale's own config file is settings, not an input (kept in sync with config.ts CONFIG_FILE).
const CONFIG_FILE_NAME = '.talscale.yaml'

/** Display path for an absolute path: relative to cwd when inside it. */
export function displayPath(absolute: string, cwd: string): string {
  const rel = relative(cwd, absolute)
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return absolute
  return rel.split(sep).join('/')
}

/**
 * Expands paths (files, directories, `-`) into a sorted, de-duplicated file list. A path that does
 * not exist is an InputError. A directory with nothing to check yields nothing (not an error).
 */
export function discoverFiles(paths: readonly string[], options: DiscoverOptions): DiscoveredFile[] {
  const files = new Map<string, DiscoveredFile>()
  const extra = options.ignore && options.ignore.length > 0 ? ignore().add([...options.ignore]) : undefined
  const extraRoot = options.ignoreRoot ?? options.cwd
  for (const given of paths) {
    if (given === '-') {
      files.set('-', { path: '<stdin>', explicit: true })
      continue
    }
    const absolute = resolve(options.cwd, given)
    let isDirectory: boolean
    try {
      isDirectory = statSync(absolute).isDirectory()
    } catch {
      throw new InputError(`cannot read "${given}": no such file or directory.`, {
        hint: 'Check the path; pass files, directories, or - for standard input.',
      })
    }
    if (!isDirectory) {
      // A file named explicitly is always checked, whatever the ignore files say.
      files.set(absolute, { path: displayPath(absolute, options.cwd), absolute, explicit: true })
      continue
    }
    for (const found of walk(absolute, extra, extraRoot)) {
      if (!files.has(found))
        files.set(found, { path: displayPath(found, options.cwd), absolute: found, explicit: false })
    }
  }
  return [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}

/**
 * Every file under the directories named (any extension, same ignore rules as {@link discoverFiles}),
 * plus the files named: what the committed-credentials rule (TAL307) scans. Standard input is left out.
 */
export function discoverAllFiles(paths: readonly string[], options: DiscoverOptions): DiscoveredFile[] {
  const files = new Map<string, DiscoveredFile>()
  const extra = options.ignore && options.ignore.length > 0 ? ignore().add([...options.ignore]) : undefined
  for (const given of paths) {
    if (given === '-') continue
    const absolute = resolve(options.cwd, given)
    let isDirectory: boolean
    try {
      isDirectory = statSync(absolute).isDirectory()
    } catch {
      continue // discoverFiles reports a missing path
    }
    const found = isDirectory
      ? walk(absolute, extra, options.ignoreRoot ?? options.cwd, () => true)
      : [absolute]
    for (const path of found) {
      if (!files.has(path))
        files.set(path, { path: displayPath(path, options.cwd), absolute: path, explicit: !isDirectory })
    }
  }
  return [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}

interface IgnoreLayer {
  base: string
  rules: Ignore
}

function walk(
  root: string,
  extra: Ignore | undefined,
  extraRoot: string,
  wanted: (name: string) => boolean = name => CHECKED_EXTENSIONS.some(ext => name.endsWith(ext)),
): string[] {
  const found: string[] = []
  let layers = ancestorLayers(root)
  // A directory named on the command line is wanted even when a parent .gitignore hides it (talhelper's
  // clusterconfig/ output, for example); ignore files inside it still apply.
  if (isIgnored(root, true, layers, undefined, root)) layers = []
  const visit = (dir: string, inherited: IgnoreLayer[]) => {
    const own = loadGitignore(dir)
    const active = own ? [...inherited, { base: dir, rules: own }] : inherited
    let entries: import('node:fs').Dirent[]
    try {
      entries = readdirSync(dir, { withFileTypes: true })
    } catch {
      return // an unreadable directory inside the tree is skipped, like git does
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const entry of entries) {
      const full = join(dir, entry.name)
      // Symbolic links are not followed: they can loop, and git tracks the link, not the target.
      if (entry.isDirectory()) {
        if (ALWAYS_SKIPPED.has(entry.name)) continue
        if (isIgnored(full, true, active, extra, extraRoot)) continue
        visit(full, active)
      } else if (entry.isFile() && entry.name !== CONFIG_FILE_NAME && wanted(entry.name)) {
        if (!isIgnored(full, false, active, extra, extraRoot)) found.push(full)
      }
    }
  }
  visit(root, layers)
  return found
}

function isIgnored(
  full: string,
  directory: boolean,
  layers: readonly IgnoreLayer[],
  extra: Ignore | undefined,
  extraRoot: string,
): boolean {
  const suffix = directory ? '/' : ''
  for (const layer of layers) {
    const rel = relative(layer.base, full)
    if (rel === '' || rel.startsWith('..')) continue
    if (layer.rules.ignores(rel.split(sep).join('/') + suffix)) return true
  }
  if (extra) {
    const rel = relative(extraRoot, full)
    if (
      rel !== '' &&
      !rel.startsWith('..') &&
      !isAbsolute(rel) &&
      extra.ignores(rel.split(sep).join('/') + suffix)
    )
      return true
  }
  return false
}

/**
 * True when git ignores the file: a referenced file that is missing because .gitignore keeps it out
 * of the repository (a patch with credentials, kept beside a `.example`) is absent on purpose.
 */
export function isGitIgnored(file: string): boolean {
  const full = resolve(file)
  const dir = dirname(full)
  const own = loadGitignore(dir)
  const layers = [...ancestorLayers(dir), ...(own ? [{ base: dir, rules: own }] : [])]
  return isIgnored(full, false, layers, undefined, dir)
}

// The .gitignore files of the directories above the walked one, up to the repository root, apply too.
function ancestorLayers(dir: string): IgnoreLayer[] {
  const chain: string[] = []
  let current = dirname(dir)
  let repoRoot: string | undefined = existsSync(join(dir, '.git')) ? dir : undefined
  while (repoRoot === undefined) {
    chain.push(current)
    if (existsSync(join(current, '.git'))) repoRoot = current
    const parent = dirname(current)
    if (parent === current) break
    current = parent
  }
  if (repoRoot === undefined || repoRoot === dir) return []
  const layers: IgnoreLayer[] = []
  for (const ancestor of chain.reverse()) {
    const rules = loadGitignore(ancestor)
    if (rules) layers.push({ base: ancestor, rules })
  }
  return layers
}

function loadGitignore(dir: string): Ignore | undefined {
  const file = join(dir, '.gitignore')
  let text: string
  try {
    // A .gitignore that is a pipe or a huge file is not one git would honour either; skip it.
    const stat = statSync(file)
    if (!stat.isFile() || stat.size > LIMITS.fileBytes) return undefined
    text = readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
  return ignore().add(text)
}
