/**
 * `talscale generate`: intent file in, bundle directory out. `--check` compares instead of writing
 * (exit 1 on drift, for CI). Files talscale did not write are never overwritten without --force.
 * No secret value is ever printed.
 * @module
 */
import { dirname, isAbsolute, relative, resolve } from 'node:path'
import { Option } from 'commander'
import { InputError, UsageError } from '../../core/errors.ts'
import { readSource } from '../../core/source.ts'
import { GITOPS_TOOLS, type GitopsTool } from '../../generate/gitops.ts'
import {
  type Bundle,
  checkBundle,
  generateBundle,
  isClean,
  writeBundle,
  writeSecretFile,
} from '../../generate/index.ts'
import { EXAMPLE_NAMES, loadExample } from '../../intent/examples.ts'
import { type LoadedIntent, loadIntent, spanAt } from '../../intent/load.ts'
import { resolveSecret } from '../../intent/secrets.ts'
import { headline } from '../../report/compact.ts'
import type { CliIO, RegisterCommand } from '../context.ts'
import { generateOmni, generateTalhelper, TARGETS, type Target } from '../generate-targets.ts'

interface GenerateCliOptions {
  config?: string
  example?: string
  out: string
  talosVersion?: string
  check?: boolean
  force?: boolean
  secretsFile?: string
  admins?: string
  configContract?: string
  gitops?: string
  quiet?: boolean
  target: Target
  into?: string
  dryRun?: boolean
  kubernetesVersion?: string
  installDisk?: string
  authVariable?: string
  omniMachine?: string[]
}

// Tailscale policy principals: autogroup:NAME, group:NAME, tag:NAME, or a user/login like a@b.c.
const PRINCIPAL = /^(autogroup:[a-z-]+|group:[A-Za-z0-9._-]+|tag:[A-Za-z][A-Za-z0-9-]*|[^\s,@]+@[^\s,@]+)$/
const SUMMARY_LIMIT = 20

export const registerGenerate: RegisterCommand = (program, context) => {
  program
    .command('generate')
    .description('turn an intent file into the whole Tailscale-on-Talos config bundle')
    .option('-c, --config <file>', 'intent file (default: talscale.yaml in the current directory)')
    .option('-e, --example <name>', `use a built-in example instead: ${EXAMPLE_NAMES.join(', ')}`)
    .requiredOption('-o, --out <dir>', 'bundle directory to write (or to check with --check)')
    .option(
      '--talos-version <version>',
      'target Talos version, v1.10 or later (overrides cluster.talosVersion); a newer minor than talscale knows warns and uses the newest config forms it knows',
    )
    .option(
      '--config-contract <version>',
      'write the config document forms of this older Talos version (the one the cluster configs were created with)',
    )
    .option(
      '--gitops <tool>',
      'also write GitOps manifests for the Tailscale operator (tailscale.operator: true): flux, argocd or none',
    )
    .option(
      '--check',
      'write nothing; exit 1 and list the files that differ when the bundle on disk is out of date',
    )
    .option('--force', 'overwrite files talscale did not write or that were changed since')
    .option('-q, --quiet', 'print only warnings and errors (and, with --check, the files out of date)')
    .addOption(
      new Option(
        '--target <tool>',
        'bundle shape: talosctl (patches and apply.sh), talhelper (talconfig.yaml) or omni (cluster template)',
      )
        .choices(TARGETS)
        .default('talosctl'),
    )
    .option(
      '--into <talconfig>',
      'with --target talhelper: merge into this talconfig.yaml, keeping comments, order and anchors',
    )
    .option('--dry-run', 'with --into: print the merge as a unified diff and write nothing')
    .option(
      '--kubernetes-version <version>',
      'with --target talhelper: kubernetesVersion for a new talconfig.yaml',
    )
    .option(
      '--install-disk <path>',
      `with --target talhelper: installDisk of new nodes (default ${'/dev/sda'})`,
    )
    .option(
      '--omni-machine <hostname=uuid>',
      'with --target omni: the Omni machine UUID of a node (repeatable)',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option(
      '--auth-variable <name>',
      "with --target talhelper: the variable holding the auth key (default: the intent's {env: NAME}, else TS_AUTHKEY)",
    )
    .option(
      '--secrets-file <path>',
      'also write the secret-bearing Tailscale patch there (mode 0600, with a .gitignore beside it)',
    )
    .option(
      '--admins <list>',
      'comma-separated tailnet principals that own the tags and may reach the Talos and Kubernetes APIs (default autogroup:admin)',
    )
    .addHelpText(
      'after',
      `
The bundle: factory/ (schematic, ID, installer and boot media), talos/ (patches for all nodes,
per role, per node, in the document forms of the target Talos version), tailnet/policy.hujson,
kubernetes/, apply.sh (the ordered steps) and README.md (why every setting is there).
No secret is written unless --secrets-file is given; the auth key is read at apply time.

Exit codes: 0 written (or no drift), 1 drift found by --check, 2 bad input or refused overwrite.

Examples:
  talscale generate --example homelab --out out
  talscale generate -c talscale.yaml --out cluster --talos-version v1.13.9
  talscale generate -c talscale.yaml --out cluster --check`,
    )
    .action((options: GenerateCliOptions) => {
      context.exit(generate(options, context.io))
    })
}

/** The generate run: flags checked, intent read, then one target; returns the exit code. */
function generate(options: GenerateCliOptions, io: CliIO): number {
  refuseConflictingFlags(options)
  const admins = options.admins === undefined ? undefined : parseAdmins(options.admins)
  const gitops = options.gitops === undefined ? undefined : parseGitops(options.gitops)
  const outDir = absolute(io.cwd, options.out)
  if (options.secretsFile !== undefined)
    checkSecretsPath(outDir, absolute(io.cwd, options.secretsFile), options)
  const { loaded, intentDir } = readIntent(options, io.cwd, outDir)
  for (const warning of loaded.warnings) io.stderr(`${headline(warning)}\n`)
  if (options.target !== 'talhelper' && (options.into !== undefined || options.dryRun)) {
    throw new UsageError('--into and --dry-run apply to --target talhelper.', {
      hint: 'Add --target talhelper, or drop them.',
    })
  }
  if (options.target === 'omni' || options.target === 'talhelper') {
    return toolTarget(options.target, options, loaded, admins, io)
  }

  const bundle = talosctlBundle(options, loaded, { outDir, intentDir, admins, gitops }, io)
  for (const warning of bundle.warnings) io.stderr(`warning: ${warning}\n`)
  return options.check
    ? reportDrift(options, outDir, bundle, io)
    : writeAndSummarize(options, outDir, bundle, io)
}

function refuseConflictingFlags(options: GenerateCliOptions): void {
  if (options.config !== undefined && options.example !== undefined) {
    throw new UsageError('-c/--config and --example cannot be used together.', {
      hint: 'Pass either an intent file or the name of a built-in example.',
    })
  }
  if (options.check && options.secretsFile !== undefined) {
    throw new UsageError('--check and --secrets-file cannot be used together.', {
      hint: '--check writes nothing; drop --secrets-file.',
    })
  }
}

/** The intent (a file or a built-in example) and the directory its `{file}` references are relative to. */
function readIntent(
  options: GenerateCliOptions,
  cwd: string,
  outDir: string,
): { loaded: LoadedIntent; intentDir: string } {
  if (options.example !== undefined) {
    // An example has no file of its own: its {file} references are relative to the bundle, so the
    // bundle does not depend on the directory generate ran in (secrets/ there is git-ignored).
    return { loaded: loadExample(options.example), intentDir: outDir }
  }
  const path = options.config ?? 'talscale.yaml'
  const full = absolute(cwd, path)
  return { loaded: loadIntent(readSource(full, path)), intentDir: dirname(full) }
}

/** `--target omni` (an Omni cluster template) or `--target talhelper` (a talconfig.yaml, new or merged). */
function toolTarget(
  target: 'omni' | 'talhelper',
  options: GenerateCliOptions,
  loaded: LoadedIntent,
  admins: string[] | undefined,
  io: CliIO,
): number {
  refuseBundleOnlyFlags(options, target)
  const own =
    target === 'omni'
      ? { ...(options.omniMachine === undefined ? {} : { omniMachines: options.omniMachine }) }
      : {
          ...(options.into === undefined ? {} : { into: options.into }),
          ...(options.dryRun ? { dryRun: true } : {}),
          ...(options.installDisk === undefined ? {} : { installDisk: options.installDisk }),
        }
  const run = target === 'omni' ? generateOmni : generateTalhelper
  return withIntentPosition(loaded, () =>
    run(loaded.intent, { ...targetOptions(options, admins), ...own }, io),
  )
}

/** The talosctl bundle in memory, with the secret patch when --secrets-file asks for it. */
function talosctlBundle(
  options: GenerateCliOptions,
  loaded: LoadedIntent,
  where: { outDir: string; intentDir: string; admins: string[] | undefined; gitops: GitopsTool | undefined },
  io: CliIO,
): Bundle {
  const { outDir, intentDir, admins, gitops } = where
  const auth = loaded.intent.tailscale.auth
  const secrets =
    options.secretsFile === undefined
      ? undefined
      : {
          auth: resolveSecret(
            auth.oauthClientSecret ?? auth.authKey!,
            { env: io.env, cwd: intentDir },
            auth.oauthClientSecret ? 'tailscale.auth.oauthClientSecret' : 'tailscale.auth.authKey',
          ),
        }
  return withIntentPosition(loaded, () =>
    generateBundle(loaded.intent, {
      ...(options.talosVersion === undefined ? {} : { talosVersion: options.talosVersion }),
      ...(secrets === undefined ? {} : { secrets }),
      intentDir: toPosix(relative(outDir, intentDir)) || '.',
      ...(admins === undefined ? {} : { admins }),
      ...(options.configContract === undefined ? {} : { contract: options.configContract }),
      ...(gitops === undefined ? {} : { gitops }),
    }),
  )
}

/** `--check`: lists the files out of date; exit 1 when there are any. */
function reportDrift(options: GenerateCliOptions, outDir: string, bundle: Bundle, io: CliIO): number {
  const drift = checkBundle(outDir, bundle)
  if (isClean(drift)) {
    if (!options.quiet) io.stdout(`${options.out}: up to date (${bundle.files.size} files)\n`)
    return 0
  }
  for (const path of drift.missing) io.stdout(`missing  ${options.out}/${path}\n`)
  for (const path of drift.differ) io.stdout(`differs  ${options.out}/${path}\n`)
  for (const path of drift.extra) io.stdout(`extra    ${options.out}/${path}\n`)
  const count = drift.missing.length + drift.differ.length + drift.extra.length
  io.stdout(
    `${options.out}: ${count} file${count === 1 ? '' : 's'} out of date; run \`talscale generate\` without --check to update.\n`,
  )
  return 1
}

/** Writes the bundle (and the secret patch), then says what changed and what to run next. */
function writeAndSummarize(options: GenerateCliOptions, outDir: string, bundle: Bundle, io: CliIO): number {
  const result = writeBundle(outDir, bundle, { force: options.force === true, displayDir: options.out })
  if (options.secretsFile !== undefined && bundle.secretPatch) {
    writeSecretFile(absolute(io.cwd, options.secretsFile), bundle.secretPatch)
  }
  if (options.quiet) return 0
  const main = bundle.schematics.find(s => s.name === 'tailscale')!
  io.stdout(
    `${options.out}: ${result.written.length} written, ${result.unchanged.length} unchanged${result.removed.length > 0 ? `, ${result.removed.length} removed` : ''} (Talos ${bundle.talosVersion})\n`,
  )
  for (const line of summarize(result.written, 'wrote   ')) io.stdout(`  ${line}\n`)
  for (const line of summarize(result.removed, 'removed ')) io.stdout(`  ${line}\n`)
  for (const schematic of bundle.schematics) io.stdout(`  schematic ${schematic.file}: ${schematic.id}\n`)
  if (options.secretsFile !== undefined) {
    io.stdout(`  secret patch written to ${options.secretsFile} (mode 0600, git-ignored)\n`)
  }
  for (const note of bundle.notes) io.stderr(`note: ${note}\n`)
  io.stdout(
    `next: ${options.out}/apply.sh register (schematic ${main.id.slice(0, 12)}...), see ${options.out}/README.md\n`,
  )
  return 0
}

// --check and --secrets-file compare or write the talosctl bundle; the other targets have neither.
function refuseBundleOnlyFlags(options: GenerateCliOptions, target: string): void {
  if (options.check || options.secretsFile !== undefined)
    throw new UsageError(`--check and --secrets-file apply to the talosctl bundle, not --target ${target}.`)
}

// The options the talhelper and Omni targets share, each present only when given.
function targetOptions(options: GenerateCliOptions, admins: string[] | undefined) {
  return {
    out: options.out,
    ...(options.force ? { force: true } : {}),
    ...(options.quiet ? { quiet: true } : {}),
    ...(options.talosVersion === undefined ? {} : { talosVersion: options.talosVersion }),
    ...(options.kubernetesVersion === undefined ? {} : { kubernetesVersion: options.kubernetesVersion }),
    ...(options.authVariable === undefined ? {} : { authVariable: options.authVariable }),
    ...(admins === undefined ? {} : { admins }),
  }
}

// Errors about a setting carry its intent path (`nodes[2].platform`); point them at the line and
// column in the intent file.
function withIntentPosition<T>(loaded: LoadedIntent, run: () => T): T {
  try {
    return run()
  } catch (error) {
    const path = error instanceof InputError ? error.location?.path : undefined
    if (!(error instanceof InputError) || path === undefined || error.location?.line !== undefined)
      throw error
    const steps = [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map(m =>
      m[2] !== undefined ? Number(m[2]) : m[1]!,
    )
    const span = spanAt(loaded, steps)
    throw new InputError(error.message, {
      location: { file: loaded.document.source.path, line: span.line, column: span.column, path },
      ...(error.hint === undefined ? {} : { hint: error.hint }),
      cause: error,
    })
  }
}

// Inside the bundle, the secret may only go where the bundle's .gitignore already keeps it out of
// git (secrets/ or _out/); anywhere else talscale would have to edit a file it owns.
function checkSecretsPath(outDir: string, secretsPath: string, options: GenerateCliOptions): void {
  const inside = relative(outDir, secretsPath)
  if (inside.startsWith('..') || isAbsolute(inside)) return
  const top = toPosix(inside).split('/')[0]
  if (toPosix(inside).includes('/') && (top === 'secrets' || top === '_out')) return
  throw new UsageError(
    `--secrets-file "${options.secretsFile}" is inside the bundle directory "${options.out}", where it could be committed.`,
    { hint: `Put it under ${options.out}/secrets/ (git-ignored by the bundle) or outside ${options.out}.` },
  )
}

function parseGitops(text: string): GitopsTool {
  if ((GITOPS_TOOLS as readonly string[]).includes(text)) return text as GitopsTool
  throw new UsageError(`--gitops ${JSON.stringify(text)} is not a GitOps tool.`, {
    hint: `Pick one of: ${GITOPS_TOOLS.join(', ')}.`,
  })
}

function parseAdmins(text: string): string[] {
  const admins = text
    .split(',')
    .map(part => part.trim())
    .filter(part => part !== '')
  const bad = admins.find(admin => !PRINCIPAL.test(admin))
  if (admins.length === 0 || bad !== undefined) {
    throw new UsageError(`--admins ${JSON.stringify(bad ?? text)} is not a tailnet principal.`, {
      hint: 'Give autogroup:admin, group:NAME, tag:NAME or a user login such as alice@example.com, separated by commas.',
    })
  }
  return admins
}

// Paths one per line when few, else counted per directory, so a 1,000-node run stays readable.
function summarize(paths: readonly string[], verb: string): string[] {
  if (paths.length <= SUMMARY_LIMIT) return paths.map(path => `${verb} ${path}`)
  const groups = new Map<string, number>()
  for (const path of paths) {
    const dir = path.includes('/') ? `${path.slice(0, path.lastIndexOf('/'))}/` : './'
    groups.set(dir, (groups.get(dir) ?? 0) + 1)
  }
  return [...groups].map(([dir, count]) => `${verb} ${dir} (${count} file${count === 1 ? '' : 's'})`)
}

function absolute(cwd: string, path: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path)
}

function toPosix(path: string): string {
  return path.split('\\').join('/')
}
