import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { type Command, Option } from 'commander'
import { ExitCode, TalscaleError, UsageError } from '../../core/errors.ts'
import { escapeTerminal } from '../../core/escape.ts'
import { failsAt, type Severity } from '../../core/finding.ts'
import { makeDirectory, SECRET_FILE_MODE, statOrUndefined, writeFileAtomic } from '../../core/fs.ts'
import { redactSecrets } from '../../core/secrets.ts'
import { readSource } from '../../core/source.ts'
import {
  describeDevice,
  describeKeyRequest,
  mintKeyRequest,
  planApproveRoutes,
  planPrune,
  type TailnetNode,
} from '../../doctor/tailnet.ts'
import { loadIntent } from '../../intent/load.ts'
import { TAG_PATTERN } from '../../intent/schema.ts'
import { colorEnabled, formatFindings, REPORT_FORMATS, type ReportFormat } from '../../report/index.ts'
import type { CreatedKey, Device, KeyRequest, TailnetClient } from '../../tailscale/api.ts'
import type { CliIO, CommandContext, RegisterCommand } from '../context.ts'
import {
  apiFromEnv,
  CREDENTIALS_HINT,
  diagnoseTailnetFromEnv,
  doctorReportRules,
  hasApiCredentials,
  loadExpectations,
  positiveInteger,
} from './doctor.ts'

interface ApiFlags {
  apiUrl?: string
  tailnet: string
  timeout: string
}

interface CheckFlags extends ApiFlags {
  config?: string
  format: ReportFormat
  failOn: Severity
  expiryDays: string
  staleDays: string
}

interface PlanFlags extends ApiFlags {
  config: string
  yes?: boolean
}

interface MintFlags extends ApiFlags {
  config?: string
  tags?: string
  ephemeral?: boolean
  reusable?: boolean
  expiry?: string
  description: string
  output?: string
  force?: boolean
}

function apiOptions(command: Command): Command {
  return command
    .option(
      '--api-url <url>',
      'Tailscale API v2 base URL (test servers), or the Headscale server URL when HEADSCALE_API_KEY is set (its /api/v1)',
      undefined,
    )
    .option('--tailnet <name>', 'tailnet name; "-" is the default tailnet of the credential', '-')
    .option('--timeout <seconds>', 'timeout of each API call', '15')
}

function intentNodes(config: string | undefined, io: CliIO): TailnetNode[] {
  return config ? loadExpectations(config, undefined, io).tailnet : []
}

/** What a plan command (prune, approve-routes) plans, says and does. */
interface PlanCommand<Step> {
  plan: (devices: readonly Device[], nodes: readonly TailnetNode[]) => Step[]
  /** Printed when there is nothing to do. */
  nothing: string
  heading: (count: number) => string
  describe: (step: Step) => string
  /** Printed after the plan when --yes is not given. */
  unchanged: string
  /** Carries out one step; returns the line that says it is done. */
  act: (api: TailnetClient, step: Step) => Promise<string>
}

/** Prints the plan and carries it out only with --yes, so nothing changes by accident. */
async function runPlan<Step>(flags: PlanFlags, io: CliIO, command: PlanCommand<Step>): Promise<void> {
  const timeoutMs = apiTimeoutMs(flags)
  const nodes = intentNodes(flags.config, io)
  const api = apiFromEnv(io, { ...flags, timeoutMs })
  try {
    const steps = command.plan(await api.listDevices(), nodes)
    if (steps.length === 0) {
      io.stdout(`${command.nothing}\n`)
      return
    }
    io.stdout(`${command.heading(steps.length)}\n`)
    // Device names, IDs and reasons come from the API: escaped before they reach a terminal or log.
    for (const step of steps) io.stdout(`  - ${escapeTerminal(command.describe(step))}\n`)
    if (!flags.yes) {
      io.stdout(`${command.unchanged}\n`)
      return
    }
    for (const step of steps) io.stdout(`${escapeTerminal(await command.act(api, step))}\n`)
  } finally {
    await api.close()
  }
}

/** `--timeout` in milliseconds. */
function apiTimeoutMs(flags: ApiFlags): number {
  return positiveInteger(flags.timeout, '--timeout', 3600) * 1000
}

export const registerTailnet: RegisterCommand = (program, context) => {
  const tailnet = program
    .command('tailnet')
    .description('check and tidy the tailnet through the Tailscale API (credentials from the environment)')
    .addHelpText(
      'after',
      `
Credentials: TS_API_KEY or TAILSCALE_API_KEY (API access token), or TS_OAUTH_CLIENT_ID and
TS_OAUTH_CLIENT_SECRET (OAuth client; its access token is cached for its lifetime). Nothing is
changed without an explicit command and --yes.`,
    )
  registerCheck(tailnet, context)
  registerPrune(tailnet, context)
  registerApproveRoutes(tailnet, context)
  registerMintKey(tailnet, context)
}

/** `tailnet check`: the tailnet findings, formatted; exit 1 at or above --fail-on. */
function registerCheck(tailnet: Command, context: CommandContext): void {
  apiOptions(
    tailnet
      .command('check')
      .description('find duplicate devices, unapproved routes, expiring keys, ephemeral nodes, tag drift')
      .option('-c, --config <file>', 'intent file: enables the checks that compare with the intent')
      .addOption(new Option('-f, --format <format>', 'output format').choices(REPORT_FORMATS).default('text'))
      .addOption(
        new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity')
          .choices(['error', 'warning', 'info'])
          .default('error'),
      )
      .option('--expiry-days <days>', 'warn about node keys expiring within this many days', '14')
      .option('--stale-days <days>', 'report devices offline for longer than this many days', '30'),
  ).action(async (flags: CheckFlags) => {
    context.exit(await tailnetCheck(flags, context.io))
  })
}

async function tailnetCheck(flags: CheckFlags, io: CliIO): Promise<number> {
  const timeoutMs = apiTimeoutMs(flags)
  const expiryDays = positiveInteger(flags.expiryDays, '--expiry-days', 3650)
  const staleDays = positiveInteger(flags.staleDays, '--stale-days', 3650)
  const nodes = intentNodes(flags.config, io)
  if (!hasApiCredentials(io.env))
    throw new UsageError('no Tailscale API credentials in the environment', { hint: CREDENTIALS_HINT })
  const findings =
    (await diagnoseTailnetFromEnv(io, {
      nodes,
      ...(flags.apiUrl ? { apiUrl: flags.apiUrl } : {}),
      tailnet: flags.tailnet,
      timeoutMs,
      expiryDays,
      staleDays,
    })) ?? []
  io.stdout(
    formatFindings(flags.format, findings, {
      rules: doctorReportRules(),
      color: colorEnabled(io.env, io.stdoutIsTTY),
      root: io.cwd,
    }),
  )
  return failsAt(findings, flags.failOn) ? ExitCode.findings : ExitCode.ok
}

/** `tailnet prune`: deletes offline duplicates of the intent's nodes. */
function registerPrune(tailnet: Command, context: CommandContext): void {
  apiOptions(
    tailnet
      .command('prune')
      .description("delete offline duplicate devices of the intent's nodes (prints the plan; --yes acts)")
      .requiredOption('-c, --config <file>', 'intent file: only duplicates of its nodes are considered')
      .option('--yes', 'delete the devices in the plan'),
  ).action((flags: PlanFlags) =>
    runPlan(flags, context.io, {
      plan: planPrune,
      nothing: 'Nothing to prune: no offline duplicates of the nodes in the intent.',
      heading: count => `Plan: delete ${count} device${count === 1 ? '' : 's'}`,
      describe: step => `delete ${describeDevice(step.device)}: ${step.reason}`,
      unchanged: 'Nothing was changed. Run again with --yes to delete them.',
      act: async (api, step) => {
        await api.deleteDevice(step.device.id)
        return `deleted ${describeDevice(step.device)}`
      },
    }),
  )
}

/** `tailnet approve-routes`: sets each device's approved routes to what the intent advertises. */
function registerApproveRoutes(tailnet: Command, context: CommandContext): void {
  apiOptions(
    tailnet
      .command('approve-routes')
      .description('approve exactly the routes the intent advertises (prints the plan; --yes acts)')
      .requiredOption('-c, --config <file>', 'intent file with subnetRouter routes and exit nodes')
      .option('--yes', 'apply the plan'),
  ).action((flags: PlanFlags) =>
    runPlan(flags, context.io, {
      plan: planApproveRoutes,
      nothing: 'Nothing to change: approved routes already match the intent.',
      heading: count => `Plan: set approved routes on ${count} device${count === 1 ? '' : 's'}`,
      describe: step =>
        `${describeDevice(step.device)}: [${step.from.join(', ')}] -> [${step.to.join(', ')}]`,
      unchanged: 'Nothing was changed. Run again with --yes to apply it.',
      act: async (api, step) => {
        await api.setDeviceRoutes(step.device.id, step.to)
        return `approved [${step.to.join(', ')}] on ${describeDevice(step.device)}`
      },
    }),
  )
}

/** `tailnet mint-key`: a tagged, pre-approved auth key to a 0600 file or a pipe. */
function registerMintKey(tailnet: Command, context: CommandContext): void {
  apiOptions(
    tailnet
      .command('mint-key')
      .description(
        'create a tagged, pre-approved auth key, written to a file (0600) or a pipe, never a terminal',
      )
      .option('-c, --config <file>', 'intent file: its tailscale.tags are the key tags')
      .option('--tags <tags>', 'comma-separated tags (tag:a,tag:b), instead of --config')
      .option('--ephemeral', 'devices are removed when they go offline (not for Talos nodes)')
      .option('--reusable', 'the key can enrol several nodes')
      .option('--expiry <days>', 'key lifetime in days, 1 to 90 (default: the API default, 90)')
      .option('--description <text>', 'description shown in the admin console', 'talscale')
      .option('-o, --output <file>', 'write the key to this file with mode 0600')
      .option('--force', 'overwrite --output if it exists'),
  ).action((flags: MintFlags) => mintKey(flags, context.io))
}

/** Checks every flag and the destination first, then mints the key and hands it over. */
async function mintKey(flags: MintFlags, io: CliIO): Promise<void> {
  const timeoutMs = apiTimeoutMs(flags)
  const output = keyDestination(flags, io)
  const request = keyRequest(flags, keyTags(flags, io))
  const api = apiFromEnv(io, { ...flags, timeoutMs })
  try {
    const key = await api.createAuthKey(request)
    const kind = describeKeyRequest(request)
    if (output) {
      writeKeyFile(output, flags.output!, key)
      io.stderr(
        `wrote auth key ${key.id} (${kind}${key.expires ? `, expires ${key.expires}` : ''}) to ${flags.output} (mode 0600)\n`,
      )
    } else {
      io.stdout(`${key.key}\n`)
      io.stderr(
        `auth key ${redactSecrets(key.id)} (${kind}${key.expires ? `, expires ${key.expires}` : ''})\n`,
      )
    }
  } finally {
    await api.close()
  }
}

/**
 * Where the key goes (absolute path), or undefined for stdout. Decided and prepared before a key is
 * created: a key nobody can read is a key to revoke.
 */
function keyDestination(flags: MintFlags, io: CliIO): string | undefined {
  if (!flags.output && io.stdoutIsTTY) {
    throw new UsageError('refusing to print an auth key to a terminal', {
      hint: 'Pass -o FILE (written with mode 0600), or hand it straight to what needs it: export TS_AUTHKEY="$(talscale tailnet mint-key --tags tag:talos)".',
    })
  }
  const output = flags.output ? resolve(io.cwd, flags.output) : undefined
  if (output && existsSync(output) && !flags.force) {
    throw new UsageError(`"${flags.output}" already exists`, {
      hint: 'Choose another file or pass --force.',
    })
  }
  // Prepare the destination before a key exists: a key minted and then lost must be revoked.
  if (output) prepareKeyFile(output, flags.output!)
  return output
}

/** The key tags: --tags, else the intent's tailscale.tags; at least one, each a valid tag. */
function keyTags(flags: MintFlags, io: CliIO): string[] {
  let tags = (flags.tags ?? '')
    .split(',')
    .map(tag => tag.trim())
    .filter(Boolean)
  if (tags.length === 0 && flags.config) {
    tags = [...loadIntent(readSource(resolve(io.cwd, flags.config), flags.config)).intent.tailscale.tags]
  }
  if (tags.length === 0) {
    throw new UsageError('mint-key needs tags', {
      hint: 'Pass --tags tag:talos or -c talscale.yaml (tailscale.tags); tagged keys give nodes without key expiry.',
    })
  }
  for (const tag of tags) {
    if (!TAG_PATTERN.test(tag)) {
      throw new UsageError(`"${tag}" is not a tag`, { hint: 'Tags look like tag:talos.' })
    }
  }
  return tags
}

/** The key to ask for; checks --expiry and --description. */
function keyRequest(flags: MintFlags, tags: string[]): KeyRequest {
  const expiry = flags.expiry === undefined ? undefined : positiveInteger(flags.expiry, '--expiry', 90)
  if (flags.description.length > 50 || !/^[A-Za-z0-9 -]*$/.test(flags.description)) {
    throw new UsageError('--description must be at most 50 letters, digits, spaces or hyphens')
  }
  return mintKeyRequest({
    tags,
    reusable: flags.reusable === true,
    ephemeral: flags.ephemeral === true,
    ...(expiry === undefined ? {} : { expiryDays: expiry }),
    description: flags.description,
  })
}

/** Writes the minted key (0600); a failure names the key to revoke, never the key itself. */
function writeKeyFile(output: string, shown: string, key: CreatedKey): void {
  try {
    writeFileAtomic(output, `${key.key}\n`, { mode: SECRET_FILE_MODE })
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error)
    throw new TalscaleError(
      `the auth key ${escapeTerminal(key.id)} was minted but could not be written to "${shown}" (${reason}); it is not shown.`,
      {
        hint: `Revoke it, since nobody has it: admin console > Settings > Keys, key ${escapeTerminal(key.id)}, or DELETE /api/v2/tailnet/-/keys/${encodeURIComponent(key.id)} with your API credential. Then fix the destination and mint again.`,
      },
    )
  }
}

/** Makes sure a key can be written to `output` (directory made, writable, not a directory itself). */
function prepareKeyFile(output: string, shown: string): void {
  if (statOrUndefined(output)?.isDirectory()) {
    throw new UsageError(`"${shown}" is a directory`, { hint: 'Give -o a file name.' })
  }
  const dir = dirname(output)
  makeDirectory(dir)
  // A probe file, created and removed: the directory takes new files (permissions, read-only mounts).
  const probe = join(dir, `.talscale-probe-${process.pid}`)
  writeFileSync(probe, '', { flag: 'wx', mode: SECRET_FILE_MODE })
  rmSync(probe, { force: true })
}
