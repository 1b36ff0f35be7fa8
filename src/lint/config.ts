/**
 * The project config file, `.talscale.yaml`, found by walking up from the working directory (or
 * named with `--config`):
 *
 * ```yaml
 * rules:
 *   TAL301: off          # or error | warning | info; codes or names
 *   literal-auth-key: info
 * ignore:                # gitignore syntax, relative to this file
 *   - generated/
 * failOn: warning
 * talosVersion: v1.13
 * ```
 * @module
 */
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import type { Node } from 'yaml'
import { InputError } from '../core/errors.ts'
import { SEVERITIES, type Severity } from '../core/finding.ts'
import { repositoryRoot } from '../core/paths.ts'
import { parseSource, readSource, type SourceDocument, spanOf, toPlain } from '../core/source.ts'
import { parseTalosVersion, type TalosVersion } from '../talos/version.ts'

/** The file name looked for in the working directory and its parents. */
export const CONFIG_FILE = '.talscale.yaml'

/** A rule's setting: off, or the severity to report it with. */
export type RuleSetting = 'off' | Severity

const RULE_SETTINGS: readonly RuleSetting[] = ['off', 'error', 'warning', 'info']
const FAIL_ON: readonly Severity[] = ['error', 'warning', 'info']
const KEYS = ['rules', 'ignore', 'failOn', 'talosVersion']

/** The config as validated: every key optional. */
interface ConfigData {
  rules?: Record<string, RuleSetting>
  ignore?: string[]
  failOn?: Severity
  talosVersion?: string
}

/** The first problem of a config's shape: where (keys and indexes) and what. */
interface ConfigIssue {
  path: Array<string | number>
  message: string
}

// Validated by hand, not with zod: `check` reads this file on every run (a pre-commit hook), and
// loading zod's modules cost more than the rest of a small check. Messages match what the schema
// said before; the first problem is reported, in key order, unknown keys last.
function received(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value
}
const invalidType = (expected: string, value: unknown) =>
  `Invalid input: expected ${expected}, received ${received(value)}`
const invalidOption = (options: readonly string[]) =>
  `Invalid option: expected one of ${options.map(option => JSON.stringify(option)).join('|')}`
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

export function validateConfig(data: unknown): { data: ConfigData } | { issue: ConfigIssue } {
  if (!isRecord(data)) return { issue: { path: [], message: invalidType('object', data) } }
  const { rules, ignore, failOn, talosVersion } = data
  if (rules !== undefined) {
    if (!isRecord(rules)) return { issue: { path: ['rules'], message: invalidType('record', rules) } }
    for (const [key, value] of Object.entries(rules)) {
      if (!RULE_SETTINGS.includes(value as RuleSetting))
        return { issue: { path: ['rules', key], message: invalidOption(RULE_SETTINGS) } }
    }
  }
  if (ignore !== undefined) {
    if (!Array.isArray(ignore)) return { issue: { path: ['ignore'], message: invalidType('array', ignore) } }
    for (const [index, value] of ignore.entries()) {
      if (typeof value !== 'string')
        return { issue: { path: ['ignore', index], message: invalidType('string', value) } }
    }
  }
  if (failOn !== undefined && !FAIL_ON.includes(failOn as Severity))
    return { issue: { path: ['failOn'], message: invalidOption(FAIL_ON) } }
  if (talosVersion !== undefined && typeof talosVersion !== 'string')
    return { issue: { path: ['talosVersion'], message: invalidType('string', talosVersion) } }
  const unknown = Object.keys(data).filter(key => !KEYS.includes(key))
  if (unknown.length > 0) {
    const keys = unknown.map(key => JSON.stringify(key)).join(', ')
    return {
      issue: { path: [unknown[0]!], message: `Unrecognized key${unknown.length > 1 ? 's' : ''}: ${keys}` },
    }
  }
  return { data: data as ConfigData }
}

/** A loaded project config; everything optional. */
export interface ProjectConfig {
  /** The file it came from, as given or found (undefined when there is none). */
  path?: string
  /** Directory the `ignore` patterns are relative to. */
  root: string
  /** Rule settings keyed by rule code (names resolved). */
  rules: Map<string, RuleSetting>
  ignore: string[]
  failOn?: Severity
  talosVersion?: TalosVersion
}

/**
 * Walks up from `cwd` to the repository root (the git root; outside git, `cwd` itself); the first
 * `.talscale.yaml` wins. A config above the repository (in a shared temporary directory, a home
 * directory) is never read: it could silently turn rules off.
 */
export function findConfig(cwd: string): string | undefined {
  let dir = resolve(cwd)
  const root = repositoryRoot(dir)
  for (;;) {
    const candidate = join(dir, CONFIG_FILE)
    if (existsSync(candidate)) return candidate
    const parent = dirname(dir)
    if (dir === root || parent === dir) return undefined
    dir = parent
  }
}

/**
 * Loads and validates a config file. Problems are InputErrors pointing at the offending key.
 * `resolveRule` maps a code or name to a rule code (undefined for unknown ones, which are errors).
 */
export function loadConfig(
  path: string,
  resolveRule: (token: string) => string | undefined,
  displayPath: string = path,
): ProjectConfig {
  const source = readSource(path, displayPath)
  const documents = parseSource(source)
  if (documents.length > 1) {
    throw new InputError(`"${displayPath}" holds ${documents.length} YAML documents; expected one.`, {
      location: { file: displayPath },
      hint: 'Keep the whole talscale config in one document.',
    })
  }
  const root = dirname(resolve(path))
  const document = documents[0]
  const data = document ? (toPlain(document) ?? {}) : {}
  const parsed = validateConfig(data)
  if ('issue' in parsed) {
    const { path, message } = parsed.issue
    throw new InputError(`${describePath(path)}: ${message}.`, {
      location: locate(document, displayPath, path),
      hint: 'Allowed keys: rules (code or name: off | error | warning | info), ignore (list of patterns), failOn (error | warning | info), talosVersion (v1.10 to v1.14).',
    })
  }
  const config: ProjectConfig = {
    path: displayPath,
    root,
    rules: new Map(),
    ignore: parsed.data.ignore ?? [],
  }
  for (const [token, setting] of Object.entries(parsed.data.rules ?? {})) {
    const code = resolveRule(token)
    if (code === undefined) {
      throw new InputError(`rules.${token}: "${token}" is not a talscale rule code or name.`, {
        location: locate(document, displayPath, ['rules', token]),
        hint: 'Run `talscale rules` for the list of codes and names.',
      })
    }
    config.rules.set(code, setting)
  }
  if (parsed.data.failOn) config.failOn = parsed.data.failOn
  if (parsed.data.talosVersion !== undefined) {
    try {
      config.talosVersion = parseTalosVersion(parsed.data.talosVersion, 'talosVersion')
    } catch (error) {
      throw new InputError((error as Error).message, {
        location: locate(document, displayPath, ['talosVersion']),
        hint: (error as InputError).hint ?? 'Use a version such as v1.14.0.',
      })
    }
  }
  return config
}

/** An empty config rooted at `cwd`, for runs without a file. */
export function emptyConfig(cwd: string): ProjectConfig {
  return { root: resolve(cwd), rules: new Map(), ignore: [] }
}

/** Every severity, for option validation. */
export const FAIL_ON_LEVELS: readonly Severity[] = SEVERITIES

function describePath(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return 'the config'
  return path
    .map((step, i) => (typeof step === 'number' ? `[${step}]` : `${i === 0 ? '' : '.'}${String(step)}`))
    .join('')
}

// The deepest node that exists along the path: a missing key is reported at its parent.
function locate(document: SourceDocument | undefined, file: string, path: ReadonlyArray<PropertyKey>) {
  if (!document) return { file }
  for (let depth = path.length; depth >= 0; depth--) {
    const steps = path.slice(0, depth) as Array<string | number>
    const node = (steps.length === 0 ? document.doc.contents : document.doc.getIn(steps, true)) as
      | Node
      | undefined
    if (node && typeof node === 'object') {
      // For a key that exists, point at the key itself rather than its value.
      const span = spanOf(document.source, keyNode(document, steps) ?? node)
      return { file, line: span.line, column: span.column, path: describePath(path) }
    }
  }
  return { file }
}

function keyNode(document: SourceDocument, steps: Array<string | number>): Node | undefined {
  if (steps.length === 0) return undefined
  const parent = (
    steps.length === 1 ? document.doc.contents : document.doc.getIn(steps.slice(0, -1), true)
  ) as { items?: Array<{ key?: unknown }> } | undefined
  const last = steps.at(-1)
  const pair = parent?.items?.find(item => {
    const key = item.key as { value?: unknown } | undefined
    return key && typeof key === 'object' && key.value === last
  })
  return (pair?.key as Node | undefined) ?? undefined
}
