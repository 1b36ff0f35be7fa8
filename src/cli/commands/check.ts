/**
 * `talscale check`: lint Talos configs, patches, talhelper files, schematics and intent files. The
 * work is in src/lint (findings) and src/report (output); this file wires argv, files and exit codes.
 * @module
 */

import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import { Option } from 'commander'
import { ExitCode, formatError, InputError, type TalscaleError, UsageError } from '../../core/errors.ts'
import { escapeTerminal } from '../../core/escape.ts'
import { failsAt, type Severity } from '../../core/finding.ts'
import { statOrUndefined, writeFileAtomic } from '../../core/fs.ts'
import { repositoryRoot, resolveInside, unwritableReason } from '../../core/paths.ts'
import { maskSecrets } from '../../core/secrets.ts'
import { readSource, type SourceFile, sourceFromText } from '../../core/source.ts'
import { IntentLoaderMissing } from '../../intent/cache.ts'
import {
  type DiscoveredFile,
  discoverAllFiles,
  discoverFiles,
  displayPath,
  emptyConfig,
  type FixResult,
  findConfig,
  fixSources,
  type LintInput,
  type LintOptions,
  type LintResult,
  type LintTarget,
  lintSources,
  loadConfig,
  type ProjectConfig,
  RULES,
  readCredentialCandidates,
  unifiedDiff,
} from '../../lint/index.ts'
import { ruleResolver } from '../../lint/pragma.ts'
import {
  boundFindings,
  colorEnabled,
  formatFindings,
  formatGithubError,
  MAX_FINDINGS_PER_RULE_AND_FILE,
  REPORT_FORMATS,
  type ReportFormat,
} from '../../report/index.ts'
import {
  formatTalosMinor,
  formatTalosVersion,
  isNewerThanKnown,
  NEWEST_MINOR,
  parseTalosVersion,
  type TalosVersion,
} from '../../talos/version.ts'
import type { CliIO, RegisterCommand } from '../context.ts'
import type { SopsSession } from '../decrypt.ts'

interface CheckCommandOptions {
  format: ReportFormat
  failOn?: Severity
  talosVersion?: string
  base?: string
  patch?: string[]
  fix?: boolean
  dryRun?: boolean
  projectConfig?: string
  rule?: string[]
  quiet?: boolean
  verbose?: boolean
  stdinFilename?: string
  decrypt?: boolean
  allowNoInputs?: boolean
  unsafeFixes?: boolean
  warnSkipped?: boolean
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value]

export const registerCheck: RegisterCommand = (program, context) => {
  program
    .command('check')
    .description(
      'lint Talos configs, patches, talconfig.yaml, schematics and intent files for Tailscale pitfalls',
    )
    .argument('[paths...]', 'files and directories to check ("-" reads standard input); default "."')
    .addOption(new Option('-f, --format <format>', 'output format').choices(REPORT_FORMATS).default('text'))
    .addOption(
      new Option(
        '--fail-on <severity>',
        'exit 1 when a finding is at or above this severity (default: error)',
      ).choices(['error', 'warning', 'info']),
    )
    .option(
      '--talos-version <version>',
      'judge as this Talos version (default: installer image tag, else newest)',
    )
    .option('--base <file>', 'a machine config to render --patch files onto and judge as one node')
    .option('--patch <patch>', 'a patch for --base (@FILE, FILE or inline YAML); repeatable', collect)
    .option('--fix', 'apply safe fixes in place (comments and formatting are kept)')
    .option('--dry-run', 'with --fix: print the changes as a unified diff and write nothing')
    .option(
      '--unsafe-fixes',
      "with --fix: also apply fixes marked unsafe (each rule's docs say what they change)",
    )
    .option(
      '--project-config <file>',
      `project config file (default: ${'.talscale.yaml'} in this or a parent directory)`,
    )
    .option('--rule <code>', 'run only this rule (code or name); repeatable', collect)
    .option('-q, --quiet', 'print only findings at or above --fail-on, and no notes or summary')
    .option('-v, --verbose', 'also say which files were skipped, and why')
    .option(
      '--no-warn-skipped',
      'no note for files named on the command line that are not Talos inputs (pre-commit hooks)',
    )
    .option(
      '--stdin-filename <path>',
      'with "-": the path to report standard input as (for editors and hooks)',
    )
    .option(
      '--allow-no-inputs',
      'files that are not Talos inputs (or do not parse) are passed over, and none at all is not an error (for hooks given every staged file)',
    )
    .option(
      '--decrypt',
      'decrypt SOPS files (age) in memory and check their values; keys from SOPS_AGE_KEY, SOPS_AGE_KEY_FILE or ~/.config/sops/age/keys.txt',
    )
    .addHelpText(
      'after',
      `
Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 usage error or unreadable input.

Silence one finding with a comment on the line before it (or at the end of its line):
  # talscale-ignore TAL301 -- reason
and a whole file with "# talscale-ignore-file TAL301".

Examples:
  talscale check .
  talscale check --format sarif . > talscale.sarif
  talscale check --fix --dry-run cluster/
  talscale check --base controlplane.yaml --patch @patches/tailscale.yaml
  SOPS_AGE_KEY_FILE=age.key talscale check --decrypt .
  cat patch.yaml | talscale check -`,
    )
    .action(async (paths: string[], options: CheckCommandOptions) => {
      context.exit(await check(paths, options, context.io))
    })
}

/** The flags of one run, checked and settled against the project config. */
interface CheckPlan {
  options: CheckCommandOptions & { patch: string[]; rule: string[] }
  config: ProjectConfig
  talosVersion: TalosVersion | undefined
  failOn: Severity
  /** The paths to check: those given, else "." (none when only --base is given). */
  targets: string[]
}

/** What the read step gathered. */
interface CheckInputs {
  /** Every file found under the paths (inputs and files that could not be read alike). */
  files: DiscoveredFile[]
  inputs: LintInput[]
  /** The other files of the tree, for the rules that read any file. */
  textFiles: SourceFile[]
  /** Repository roots: referenced files are read, and fixes written, only inside them. */
  roots: string[]
  sops: SopsSession | undefined
  /** Explicit inputs that could not be read. */
  errors: TalscaleError[]
}

/** What the lint step produced. */
interface CheckOutcome {
  result: LintResult
  /** With --fix: the files the fix loop changed (not yet written) and those it refused. */
  fixed?: FixResult
  /** Every input error of the run, in the order met: each makes the run exit 2. */
  errors: TalscaleError[]
}

async function check(paths: string[], parsed: CheckCommandOptions, io: CliIO): Promise<number> {
  const plan = settleFlags(paths, parsed, io)
  const read = await readInputs(plan, io)
  const outcome = await lintInputs(plan, read, io)
  return emitOutcome(plan, read, outcome, io)
}

/** Checks flag combinations and fills in what the project config decides. */
function settleFlags(paths: string[], parsed: CheckCommandOptions, io: CliIO): CheckPlan {
  const options = { ...parsed, patch: parsed.patch ?? [], rule: parsed.rule ?? [] }
  if (options.dryRun && !options.fix) throw new UsageError('--dry-run only applies together with --fix.')
  if (options.unsafeFixes && !options.fix)
    throw new UsageError('--unsafe-fixes only applies together with --fix.', {
      hint: 'Run talscale check --fix --unsafe-fixes (add --dry-run to see the changes first).',
    })
  if (options.patch.length > 0 && !options.base) {
    throw new UsageError('--patch needs --base: patches are rendered onto a base machine config.', {
      hint: 'Add --base controlplane.yaml, or pass patch files as plain paths to judge them alone.',
    })
  }
  const config = projectConfig(options.projectConfig, io)
  const talosVersion = options.talosVersion
    ? parseTalosVersion(options.talosVersion, '--talos-version')
    : config.talosVersion
  const failOn: Severity = options.failOn ?? config.failOn ?? 'error'
  const targets = paths.length > 0 ? paths : options.base ? [] : ['.']
  if (targets.filter(path => path === '-').length > 1)
    throw new UsageError('"-" (standard input) may be given only once.')
  if (options.fix && targets.includes('-')) {
    throw new UsageError('--fix cannot write back to standard input.', {
      hint: 'Pass the file path instead of "-".',
    })
  }

  if (options.decrypt && options.fix) {
    throw new UsageError(
      '--fix cannot be combined with --decrypt: the fixed file would be written in clear.',
      {
        hint: 'Fix the decrypted file with sops edit, or run --fix on the files that are not encrypted.',
      },
    )
  }
  return { options, config, talosVersion, failOn, targets }
}

/**
 * The read step: finds the files under the paths and reads them (decrypting SOPS files with
 * --decrypt). An unreadable explicit file is an error; anything else unreadable is a note.
 */
async function readInputs(plan: CheckPlan, io: CliIO): Promise<CheckInputs> {
  const { options, config, targets } = plan
  const errors: TalscaleError[] = []
  // Loaded only when asked for: age and its ciphers are not parsed on every check.
  const sops: SopsSession | undefined = options.decrypt
    ? new (await import('../decrypt.ts')).SopsSession(io)
    : undefined
  const files = discoverFiles(targets, { cwd: io.cwd, ignore: config.ignore, ignoreRoot: config.root })
  const roots = repositoryRoots(targets, io.cwd)
  const inputs: LintInput[] = []
  for (const file of options.allowNoInputs ? files.map(file => ({ ...file, explicit: false })) : files) {
    try {
      // A file named on the command line may be a committed symbolic link to outside the repository.
      if (file.explicit && file.absolute !== undefined)
        resolveInside(roots, file.absolute, { shown: file.path, what: 'file' })
      const source: SourceFile =
        file.absolute === undefined
          ? sourceFromText(options.stdinFilename ?? file.path, await io.readStdin())
          : readSource(file.absolute, file.path)
      if (sops) await sops.prepare(source)
      inputs.push({ source: sops ? sops.open(source) : source, explicit: file.explicit })
    } catch (error) {
      if (!(error instanceof InputError)) throw error
      // A binary file is not one of ours (pre-commit passes whatever is staged): a note, never the end
      // of the run. A file over the hard limits named explicitly stays an input error.
      const binary = /contains NUL bytes/.test(error.message)
      if (file.explicit && !binary) errors.push(error)
      else if (file.explicit ? options.warnSkipped !== false && !options.quiet : options.verbose)
        io.stderr(`note: skipped ${escapeTerminal(file.path)}: ${escapeTerminal(error.message)}\n`)
    }
  }

  // Every other file of the tree, for committed credentials (TAL307): bounded reads, most files dropped
  // after one substring search.
  const textFiles = readCredentialCandidates(
    discoverAllFiles(targets, { cwd: io.cwd, ignore: config.ignore, ignoreRoot: config.root }),
  )
  return { files, inputs, textFiles, roots, sops, errors }
}

/**
 * The lint step: runs the rules on the inputs (with --fix, the fix loop, which changes texts in
 * memory only) and gathers every input error of the run.
 */
async function lintInputs(plan: CheckPlan, read: CheckInputs, io: CliIO): Promise<CheckOutcome> {
  const { options, config, talosVersion, targets } = plan
  const { files, inputs, textFiles, roots, sops } = read
  const lintOptions: LintOptions = {
    cwd: io.cwd,
    textFiles,
    roots,
    config,
    only: options.rule,
    ...(options.unsafeFixes ? { unsafeFixes: true } : {}),
    // talhelper substitutes ${VAR} from the environment too (talenv files win).
    env: io.env,
    ...(talosVersion ? { talosVersion } : {}),
    ...(options.base ? { render: { base: options.base, patches: options.patch } } : {}),
    // Files a talconfig or --base names are decrypted too, once their data keys are known.
    ...(sops ? { read: (path: string) => sops.open(readSource(resolve(io.cwd, path), path)) } : {}),
  }
  let result: LintResult
  let fixed: FixResult | undefined
  if (options.fix) {
    fixed = await withIntentLoader(inputs, () => fixSources(inputs, lintOptions))
    result = fixed.result
  } else {
    result = await withIntentLoader(inputs, () => lintSources(inputs, lintOptions))
    // A referenced SOPS file met for the first time needs its data key (async): find it, judge again.
    for (let round = 0; sops && round < 3 && (await sops.preparePending()); round++)
      result = lintSources(inputs, lintOptions)
  }
  const errors = read.errors
  if (sops) {
    result = sops.conceal(result)
    errors.push(...sops.errors())
  }
  errors.push(...result.errors)

  const recognized = result.skipped.some(skipped => skipped.recognized)
  // Files that were read and are not Talos inputs are notes (as ESLint does for ignored files); only a
  // run that found no file at all is meaningless.
  if (
    files.length === 0 &&
    result.targets.length === 0 &&
    errors.length === 0 &&
    !recognized &&
    !options.allowNoInputs
  ) {
    errors.push(
      new InputError(`found nothing to check in ${targets.map(path => `"${path}"`).join(', ')}.`, {
        hint: 'talscale checks Talos machine configs and patches, talconfig.yaml, Image Factory schematics and talscale.yaml; run with --verbose to see what was skipped.',
      }),
    )
  }
  return { result, ...(fixed ? { fixed } : {}), errors }
}

/**
 * The emit step: writes the fixes (or their diff), the notes, the report and the errors, and
 * answers the exit code.
 */
function emitOutcome(plan: CheckPlan, read: CheckInputs, outcome: CheckOutcome, io: CliIO): number {
  const { options, failOn } = plan
  if (outcome.fixed) writeFixes(plan, outcome.fixed, read.roots, io)
  if (read.sops && !options.quiet) for (const note of read.sops.notes()) io.stderr(`note: ${note}\n`)
  printNotes(plan, read.inputs, outcome.result, io)
  printReport(plan, outcome, io)
  if (outcome.errors.length > 0) return ExitCode.usage
  return failsAt(outcome.result.findings, failOn) ? ExitCode.findings : ExitCode.ok
}

/**
 * Notes on stderr: a Talos version newer than talscale knows (a warning); with --verbose, what each
 * target was judged as; files passed over, and why.
 */
function printNotes(plan: CheckPlan, inputs: readonly LintInput[], result: LintResult, io: CliIO): void {
  const { options } = plan
  for (const warning of newerVersionWarnings(result.targets)) io.stderr(`warning: ${warning}\n`)
  if (options.verbose) {
    for (const target of result.targets) {
      const version = `Talos ${formatTalosMinor(target.talosVersion)} (${target.talosVersionFrom})`
      io.stderr(
        `note: checked ${escapeTerminal(target.label)} as ${target.kind}${target.complete && !['schematic', 'intent'].includes(target.kind) ? ' (whole node)' : ''}, ${version}\n`,
      )
    }
  }
  for (const skipped of result.skipped) {
    const explicit = inputs.find(input => input.source.path === skipped.path)?.explicit
    if (options.verbose || (explicit && !options.quiet && options.warnSkipped !== false))
      io.stderr(`note: skipped ${escapeTerminal(skipped.path)}: ${escapeTerminal(skipped.reason)}\n`)
  }
}

const VERSION_SOURCES: Record<LintTarget['talosVersionFrom'], string> = {
  flag: 'given by --talos-version or .talscale.yaml',
  image: 'read from the installer image',
  talhelper: 'read from talconfig.yaml',
  intent: 'read from the intent file',
  default: 'the default',
}

/**
 * One warning per Talos version newer than talscale knows (an automated version bump must not fail
 * check, but the user should know the newest known rules judged it), whichever input named it.
 */
function newerVersionWarnings(targets: readonly LintTarget[]): string[] {
  const warnings = new Set<string>()
  for (const target of targets) {
    if (!isNewerThanKnown(target.talosVersion)) continue
    const version = formatTalosVersion(target.talosVersion)
    warnings.add(
      `Talos ${version} (${VERSION_SOURCES[target.talosVersionFrom]}) is newer than the newest Talos talscale knows (v1.${NEWEST_MINOR}): it was checked with the v1.${NEWEST_MINOR} rules and fields. Check the Talos release notes for changed config documents, and update talscale.`,
    )
  }
  return [...warnings].sort()
}

/**
 * The report on stdout in the chosen format (findings at or above --fail-on only with --quiet), then
 * the input errors on stderr (and as annotations with --format github).
 */
function printReport(plan: CheckPlan, outcome: CheckOutcome, io: CliIO): void {
  const { options, failOn } = plan
  const { result, errors } = outcome
  const selected = options.quiet
    ? result.findings.filter(finding => failsAt([finding], failOn))
    : result.findings
  // Machine formats list at most MAX_FINDINGS_PER_RULE_AND_FILE per rule and file; the exit code
  // still counts every finding, and stderr says what was cut.
  const bounded = diffOnStdout(options.format) ? { findings: selected, cut: [] } : boundFindings(selected)
  const shown = bounded.findings
  for (const cut of bounded.cut)
    io.stderr(
      `note: ${cut.count} more ${cut.code} finding${cut.count === 1 ? '' : 's'} in ${escapeTerminal(cut.file)} not listed (at most ${MAX_FINDINGS_PER_RULE_AND_FILE} per rule and file).\n`,
    )
  // With --fix --dry-run, stdout is the diff; the remaining findings are not mixed into it.
  // Nothing was judged: a text "No problems found." would read as a pass; JSON and SARIF stay well-formed.
  const judged = result.targets.length > 0 || !['text', 'compact'].includes(options.format)
  if (!(options.fix && options.dryRun && diffOnStdout(options.format)) && judged) {
    io.stdout(
      formatFindings(options.format, shown, {
        rules: result.rules,
        sources: new Map([...result.sources].map(([path, source]) => [path, source.text])),
        color: colorEnabled(io.env, io.stdoutIsTTY),
        summary: !options.quiet,
        fixCommand: 'talscale check --fix',
        root: io.cwd,
        notifications: errors.map(error => ({
          message: error.hint ? `${error.message} ${error.hint}` : error.message,
          ...(error.location?.file === undefined ? {} : { file: error.location.file }),
          ...(error.location?.line === undefined ? {} : { line: error.location.line }),
          ...(error.location?.column === undefined ? {} : { column: error.location.column }),
        })),
      }),
    )
  }
  for (const error of errors) io.stderr(`${formatError(error)}\n`)
  // In a workflow, an unreadable input is an annotation too, so it shows on the pull request.
  if (options.format === 'github') for (const error of errors) io.stdout(formatGithubError(error))
}

/**
 * Writes what the fix loop changed (with --dry-run, its diff instead) and says what was not
 * applied. --fix writes only inside the checked repository, and never through a symbolic link.
 */
function writeFixes(plan: CheckPlan, fixed: FixResult, roots: readonly string[], io: CliIO): void {
  const { options } = plan
  for (const path of [...fixed.changed.keys()]) {
    const reason = unwritableReason(roots, resolve(io.cwd, path))
    if (reason === undefined) continue
    fixed.changed.delete(path)
    io.stderr(`warning: fixes for ${escapeTerminal(path)} were not applied: ${reason}.\n`)
  }
  if (options.dryRun) {
    // The diff is a preview: keys in it are masked (shape kept), --fix itself writes the real text.
    // With a machine format (json, sarif, github) stdout stays that format; the diff goes to stderr.
    const write = diffOnStdout(options.format) ? io.stdout : io.stderr
    for (const [path, change] of fixed.changed)
      write(
        escapeTerminal(maskSecrets(unifiedDiff(path, change.before, change.after)), { keepNewlines: true }),
      )
  } else {
    for (const [path, change] of fixed.changed) {
      const absolute = resolve(io.cwd, path)
      writeFileAtomic(absolute, change.after, { mode: statSync(absolute).mode & 0o777 })
    }
  }
  for (const path of fixed.rejected) {
    io.stderr(
      `warning: fixes for ${escapeTerminal(path)} were not applied: the result would not parse. This is a bug in talscale; please report it.\n`,
    )
  }
  if (!options.quiet && fixed.changed.size > 0) {
    const verb = options.dryRun ? 'would change' : 'changed'
    io.stderr(`Safe fixes ${verb} ${fixed.changed.size} ${fixed.changed.size === 1 ? 'file' : 'files'}.\n`)
  }
}

// Text formats carry the --dry-run diff on stdout; machine formats keep stdout parseable.
function diffOnStdout(format: ReportFormat): boolean {
  return format === 'text' || format === 'compact'
}

// The repository root of each checked path: referenced files are read, and fixes written, only inside.
function repositoryRoots(targets: readonly string[], cwd: string): string[] {
  const roots = new Set<string>()
  for (const target of targets) {
    if (target === '-') continue
    const absolute = resolve(cwd, target)
    roots.add(repositoryRoot(absolute, statOrUndefined(absolute)?.isDirectory() ?? false))
  }
  if (roots.size === 0) roots.add(repositoryRoot(cwd))
  return [...roots]
}

function projectConfig(explicit: string | undefined, io: CliIO): ProjectConfig {
  const resolveRule = ruleResolver(RULES)
  if (explicit) {
    const absolute = resolve(io.cwd, explicit)
    return loadConfig(absolute, resolveRule, explicit)
  }
  const found = findConfig(io.cwd)
  return found ? loadConfig(found, resolveRule, displayPath(found, io.cwd)) : emptyConfig(io.cwd)
}

// An intent file has top-level `version`, `cluster` and `tailscale` keys. A file with a `tailscale:`
// key at the start of a line may be one: the intent schema (zod) is loaded before linting, and
// repositories without an intent never pay for it. Other spellings (flow style) are caught below.
const MAYBE_INTENT = /^["']?tailscale["']?[ \t]*:/m

/** Runs `lint` with the intent loader imported when needed (again, if an intent was missed above). */
async function withIntentLoader<T>(inputs: readonly LintInput[], lint: () => T): Promise<T> {
  if (inputs.some(input => MAYBE_INTENT.test(input.source.text))) await import('../../intent/load.ts')
  try {
    return lint()
  } catch (error) {
    if (!(error instanceof IntentLoaderMissing)) throw error
    await import('../../intent/load.ts')
    return lint()
  }
}
