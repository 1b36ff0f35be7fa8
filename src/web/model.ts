/**
 * What the browser page shows, computed without the DOM: the findings of a pasted file with their
 * code frames, rule docs and fix preview; the bundle of an edited intent with its topology; and the
 * bundle as a zip holding the bytes `talscale generate` writes. Pure, so Node tests can check it
 * against the CLI and the browser tests only have to check the wiring.
 * @module
 */
import { zipSync } from 'fflate'
import { InputError, TalscaleError } from '../core/errors.ts'
import type { Finding } from '../core/finding.ts'
import { sourceFromText } from '../core/source.ts'
import { type Bundle, generateBundle } from '../generate/bundle.ts'
import { MANIFEST_FILE, manifestFor, renderManifest } from '../generate/write.ts'
import { IntentValidationError, loadIntent } from '../intent/load.ts'
import { fixSources, type LintInput, lintSources, unifiedDiff } from '../lint/index.ts'
import { RULES } from '../lint/rules/index.ts'
import { formatText } from '../report/text.ts'
import { parseTalosVersion } from '../talos/version.ts'

/** Where the page pretends its one file lives: references out of it resolve to nothing. */
const PAGE_ROOT = '/page'

/** One finding as the page lists it. */
export interface FindingView {
  code: string
  severity: Finding['severity']
  line: number
  column: number
  message: string
  /** The finding as `talscale check` prints it: headline, code frame, help. */
  text: string
  docs?: { summary: string; why: string; fixTitle?: string }
}

/** What the check pane shows. */
export interface CheckView {
  findings: FindingView[]
  /** Inputs that could not be read at all (bad YAML, not a Talos input): shown like errors. */
  problems: string[]
  /** The unified diff of the safe fixes, empty when there are none. */
  fixDiff: string
  summary: string
}

/** Checks one pasted file as `talscale check --stdin-filename NAME` would. */
export function checkText(name: string, text: string, talosVersion?: string): CheckView {
  const fileName = name.trim() === '' ? 'config.yaml' : name.trim()
  let version: ReturnType<typeof parseTalosVersion> | undefined
  const problems: string[] = []
  if (talosVersion !== undefined && talosVersion.trim() !== '') {
    try {
      version = parseTalosVersion(talosVersion.trim(), 'Talos version')
    } catch (error) {
      problems.push(messageOf(error))
    }
  }
  const inputs: LintInput[] = [{ source: sourceFromText(fileName, text), explicit: true }]
  const options = {
    cwd: PAGE_ROOT,
    roots: [PAGE_ROOT],
    read: (path: string) => {
      throw new InputError(`"${path}" is referenced, but the page has only the pasted file.`, {
        hint: 'Check the referenced file on its own, or run talscale check on the repository.',
      })
    },
    ...(version === undefined ? {} : { talosVersion: version }),
  }
  const fixed = fixSources(inputs, options)
  // The findings are those of the text as pasted, not of the fixed text.
  const result = lintSources(inputs, options)
  for (const error of result.errors) problems.push(messageOf(error))
  const sources = new Map([...result.sources].map(([path, source]) => [path, source.text]))
  const help = new Map(RULES.filter(rule => rule.fixTitle).map(rule => [rule.code, rule.fixTitle!]))
  const findings = result.findings.map((finding): FindingView => {
    const rule = RULES.find(candidate => candidate.code === finding.code)
    const view: FindingView = {
      code: finding.code,
      severity: finding.severity,
      line: finding.line,
      column: finding.column,
      message: finding.message,
      text: formatText([finding], { sources, help, summary: false, width: 100 }).trimEnd(),
    }
    if (rule) {
      view.docs = { summary: rule.docs.summary, why: rule.docs.why }
      if (rule.fixTitle) view.docs.fixTitle = rule.fixTitle
    }
    return view
  })
  const fixDiff = [...fixed.changed]
    .map(([path, change]) => unifiedDiff(path, change.before, change.after))
    .join('')
  const counts = { error: 0, warning: 0, info: 0 }
  for (const finding of findings) counts[finding.severity]++
  const summary =
    problems.length > 0
      ? `${problems.length} input problem${problems.length === 1 ? '' : 's'}`
      : findings.length === 0
        ? 'No problems found.'
        : `${findings.length} finding${findings.length === 1 ? '' : 's'}: ${counts.error} error, ${counts.warning} warning, ${counts.info} info`
  return { findings, problems, fixDiff, summary }
}

/** One validation problem of the intent, at its line. */
export interface IntentProblem {
  line?: number
  column?: number
  message: string
}

/** What the generate pane shows. */
export type GenerateView =
  | { ok: true; bundle: Bundle; warnings: string[] }
  | { ok: false; problems: IntentProblem[] }

/** Validates the intent text and, when it is valid, generates its bundle (no secrets: none are given). */
export function generateFromText(text: string): GenerateView {
  try {
    const loaded = loadIntent(sourceFromText('talscale.yaml', text))
    const bundle = generateBundle(loaded.intent)
    return { ok: true, bundle, warnings: loaded.warnings.map(warning => warning.message) }
  } catch (error) {
    if (error instanceof IntentValidationError) {
      return {
        ok: false,
        problems: error.issues.map(issue => ({
          line: issue.line,
          column: issue.column,
          message: issue.message,
        })),
      }
    }
    if (error instanceof TalscaleError) {
      const problem: IntentProblem = { message: messageOf(error) }
      if (error.location?.line !== undefined) problem.line = error.location.line
      if (error.location?.column !== undefined) problem.column = error.location.column
      return { ok: false, problems: [problem] }
    }
    throw error
  }
}

/**
 * The bundle as a zip: every file `talscale generate` writes, manifest included, with its mode.
 * Timestamps are fixed, so the same intent gives the same zip.
 */
export function bundleZip(bundle: Bundle): Uint8Array {
  const encoder = new TextEncoder()
  const entries: Record<string, [Uint8Array, { mtime: Date; attrs: number; os: number }]> = {}
  const mtime = new Date(Date.UTC(1980, 0, 2))
  const add = (path: string, content: string, mode: number) => {
    // Unix file type and permission bits go in the high half of the external attributes.
    entries[path] = [encoder.encode(content), { mtime, attrs: ((0o100000 | mode) << 16) >>> 0, os: 3 }]
  }
  for (const [path, file] of bundle.files) add(path, file.content, file.mode)
  add(MANIFEST_FILE, renderManifest(manifestFor(bundle)), 0o644)
  return zipSync(entries, { level: 6 })
}

function messageOf(error: unknown): string {
  if (error instanceof TalscaleError) {
    const where = error.location
    const at =
      where?.line === undefined
        ? ''
        : `line ${where.line}${where.column === undefined ? '' : `:${where.column}`}: `
    return `${at}${error.message}${error.hint ? ` ${error.hint}` : ''}`
  }
  return error instanceof Error ? error.message : String(error)
}
