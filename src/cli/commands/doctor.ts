import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { Option } from 'commander'
import { systemClock } from '../../core/clock.ts'
import { ExitCode, TalscaleError, UsageError } from '../../core/errors.ts'
import { compareFindings, type Finding, failsAt, type Severity } from '../../core/finding.ts'
import { readSource } from '../../core/source.ts'
import { doctorFinding, doctorRuleMetadata } from '../../doctor/checks.ts'
import { type Expectations, expectationsFromIntent } from '../../doctor/expectations.ts'
import { diagnoseFleet } from '../../doctor/fleet.ts'
import type { NodeDiagnosis, NodeExpectation } from '../../doctor/node.ts'
import { diagnoseTailnet, type TailnetNode } from '../../doctor/tailnet.ts'
import { talosctlRunner } from '../../doctor/talosctl.ts'
import { loadIntent } from '../../intent/load.ts'
import { RULES } from '../../lint/rules/index.ts'
import {
  colorEnabled,
  formatFindings,
  REPORT_FORMATS,
  type ReportFormat,
  type RuleMetadata,
} from '../../report/index.ts'
import { credentialsFromEnv, TailscaleApi } from '../../tailscale/api.ts'
import type { CliIO, RegisterCommand } from '../context.ts'

interface DoctorOptions {
  config?: string
  nodes?: string
  talosctl: string
  talosconfig?: string
  context?: string
  endpoints?: string
  schematic?: string
  format: ReportFormat
  failOn: Severity
  concurrency: string
  timeout: string
  tailnet: boolean
  apiUrl?: string
  quiet?: boolean
}

export const registerDoctor: RegisterCommand = (program, context) => {
  program
    .command('doctor')
    .description('diagnose live nodes through talosctl (and the tailnet, when API credentials are set)')
    .option(
      '-c, --config <file>',
      'intent file listing the nodes and what to expect of them (default: talscale.yaml in the current directory, unless --nodes is given)',
    )
    .option('--nodes <ips>', 'comma-separated node addresses, instead of or in addition to --config')
    .option('--talosctl <path>', 'talosctl executable', 'talosctl')
    .option('--talosconfig <file>', 'talosconfig passed to talosctl')
    .option('--context <name>', 'talosconfig context passed to talosctl')
    .option('--endpoints <list>', 'endpoints passed to talosctl (comma-separated), overriding the context')
    .option('--schematic <id>', 'expected Image Factory schematic ID (default: computed from --config)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(REPORT_FORMATS).default('text'))
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity')
        .choices(['error', 'warning', 'info'])
        .default('error'),
    )
    .option('--concurrency <n>', 'nodes checked at the same time', '8')
    .option('--timeout <seconds>', 'timeout of each talosctl call', '20')
    .option('--no-tailnet', 'skip the tailnet checks even when API credentials are set')
    .option('-q, --quiet', 'print only findings at or above --fail-on, no progress and no summary')
    .option('--api-url <url>', 'Tailscale API base URL (Headscale-compatible or test servers)')
    .addHelpText(
      'after',
      `
Each node is read with your own talosctl (service ext-tailscale, get extensions/addresses/nodeips/
etcdspecs/extensionserviceconfigs/machineconfig -o json, logs ext-tailscale). Findings without a file
use the node address (or "tailnet") as file and 1:1 as position. Unreachable nodes, a missing talosctl,
expired certificates and missing permissions are findings, never a crash; the other nodes are still
checked. With TS_API_KEY (or TS_OAUTH_CLIENT_ID + TS_OAUTH_CLIENT_SECRET) in the environment the
tailnet is checked too (see "talscale tailnet check --help").

Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 usage error or unreadable input.

Examples:
  talscale doctor -c talscale.yaml
  talscale doctor --nodes 192.168.1.11,192.168.1.12 --context home
  talscale doctor -c talscale.yaml --format sarif > doctor.sarif`,
    )
    .action(async (options: DoctorOptions) => {
      context.exit(await doctor(options, context.io))
    })
}

export const CREDENTIALS_HINT =
  'Set TS_API_KEY (or TAILSCALE_API_KEY) to an API access token, or TS_OAUTH_CLIENT_ID and TS_OAUTH_CLIENT_SECRET to an OAuth client; talscale reads credentials from the environment only.'

/** Opens an API client from the environment; throws a UsageError when no credentials are set. */
export function apiFromEnv(
  io: CliIO,
  flags: { apiUrl?: string; tailnet?: string; timeoutMs: number },
): TailscaleApi {
  const credentials = credentialsFromEnv(io.env)
  if (!credentials)
    throw new UsageError('no Tailscale API credentials in the environment', { hint: CREDENTIALS_HINT })
  return new TailscaleApi({
    credentials,
    ...(flags.apiUrl ? { baseUrl: flags.apiUrl } : {}),
    tailnet: flags.tailnet ?? '-',
    timeoutMs: flags.timeoutMs,
    ...(io.now ? { now: io.now } : {}),
  })
}

/**
 * The tailnet checks doctor adds when credentials are present; undefined without credentials.
 * API failures become a DOC300 finding so the report stays well-formed.
 */
export async function diagnoseTailnetFromEnv(
  io: CliIO,
  options: {
    nodes: TailnetNode[]
    apiUrl?: string
    tailnet?: string
    timeoutMs: number
    expiryDays?: number
    staleDays?: number
  },
): Promise<Finding[] | undefined> {
  if (!credentialsFromEnv(io.env)) return undefined
  const api = apiFromEnv(io, options)
  try {
    const devices = await api.listDevices()
    return diagnoseTailnet(devices, options.nodes, {
      now: (io.now ?? systemClock)(),
      ...(options.expiryDays === undefined ? {} : { expiryDays: options.expiryDays }),
      ...(options.staleDays === undefined ? {} : { staleDays: options.staleDays }),
    })
  } catch (error) {
    if (!(error instanceof TalscaleError)) throw error
    return [doctorFinding('DOC300', 'tailnet', `${error.message}${error.hint ? `. ${error.hint}` : ''}`)]
  } finally {
    await api.close()
  }
}

/** Reads `-c` and `--nodes` into expectations; `--nodes` adds bare nodes not in the intent. */
export function loadExpectations(
  config: string | undefined,
  nodes: string | undefined,
  io: CliIO,
): Expectations {
  const expectations: Expectations = { nodes: [], tailnet: [] }
  if (config) {
    const source = readSource(resolve(io.cwd, config), config)
    const loaded = expectationsFromIntent(loadIntent(source).intent)
    expectations.nodes.push(...loaded.nodes)
    expectations.tailnet.push(...loaded.tailnet)
  }
  for (const address of (nodes ?? '').split(',').map(item => item.trim())) {
    if (address === '') continue
    if (!/^[A-Za-z0-9.:_-]+$/.test(address)) {
      throw new UsageError(`--nodes entry "${address}" is not an address or host name`, {
        hint: 'Pass addresses separated by commas, for example --nodes 192.168.1.11,192.168.1.12.',
      })
    }
    if (!expectations.nodes.some(node => node.address === address)) expectations.nodes.push({ address })
  }
  return expectations
}

/** Parses a positive integer option or throws a UsageError naming the option. */
export function positiveInteger(value: string, option: string, max: number): number {
  const number = Number(value)
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < 1 || number > max) {
    throw new UsageError(`${option} "${value}" is not a whole number from 1 to ${max}`)
  }
  return number
}

/** Formatter metadata: doctor checks plus the lint rules whose findings doctor passes on. */
export function doctorReportRules(): RuleMetadata[] {
  return [...doctorRuleMetadata(), ...RULES]
}

async function doctor(options: DoctorOptions, io: CliIO): Promise<number> {
  const concurrency = positiveInteger(options.concurrency, '--concurrency', 256)
  const timeout = positiveInteger(options.timeout, '--timeout', 3600)
  // Like generate: ./talscale.yaml is the intent unless one is named or the nodes are listed.
  const config =
    options.config ??
    (options.nodes === undefined && existsSync(resolve(io.cwd, 'talscale.yaml'))
      ? 'talscale.yaml'
      : undefined)
  const expectations = loadExpectations(config, options.nodes, io)
  if (expectations.nodes.length === 0) {
    throw new UsageError('no nodes to diagnose', {
      hint: 'Pass -c talscale.yaml (an intent file with nodes) or --nodes IP,IP.',
    })
  }
  if (options.schematic !== undefined) {
    if (!/^[0-9a-f]{64}$/.test(options.schematic)) {
      throw new UsageError(
        `--schematic "${options.schematic}" is not a schematic ID (64 lowercase hex digits)`,
      )
    }
    for (const node of expectations.nodes) node.schematicId = options.schematic
  }
  const run = talosctlRunner({
    path: options.talosctl,
    ...(options.talosconfig ? { talosconfig: resolve(io.cwd, options.talosconfig) } : {}),
    ...(options.context ? { context: options.context } : {}),
    ...(options.endpoints ? { endpoints: options.endpoints } : {}),
    timeoutMs: timeout * 1000,
    env: io.env,
  })
  const progress =
    io.stderrIsTTY && !options.quiet
      ? (diagnosis: NodeDiagnosis, done: number, total: number) =>
          io.stderr(`${progressLine(diagnosis, done, total)}\n`)
      : undefined
  const fleet = await diagnoseFleet(expectations.nodes as NodeExpectation[], {
    run,
    rules: RULES,
    concurrency,
    ...(progress ? { onNode: progress } : {}),
  })
  let findings = fleet.findings
  if (options.tailnet) {
    const tailnet = await diagnoseTailnetFromEnv(io, {
      nodes: expectations.tailnet,
      ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}),
      timeoutMs: timeout * 1000,
    })
    if (tailnet) findings = [...findings, ...tailnet].sort(compareFindings)
  }
  io.stdout(
    formatFindings(
      options.format,
      options.quiet ? findings.filter(f => failsAt([f], options.failOn)) : findings,
      {
        ...(options.quiet ? { summary: false } : {}),
        rules: doctorReportRules(),
        sources: fleet.sources,
        color: colorEnabled(io.env, io.stdoutIsTTY),
        root: io.cwd,
      },
    ),
  )
  return failsAt(findings, options.failOn) ? ExitCode.findings : ExitCode.ok
}

function progressLine(diagnosis: NodeDiagnosis, done: number, total: number): string {
  const { facts } = diagnosis
  const worst = diagnosis.findings.some(finding => finding.severity === 'error')
    ? 'x'
    : diagnosis.findings.some(finding => finding.severity === 'warning')
      ? '!'
      : '✓'
  const state = facts.reachable
    ? `${facts.serviceState ?? 'no ext-tailscale'}${facts.tailnetAddresses[0] ? `, ${facts.tailnetAddresses[0]}` : ''}`
    : 'unreachable'
  const count = diagnosis.findings.filter(finding => finding.severity !== 'info').length
  return `[${done}/${total}] ${worst} ${diagnosis.node}: ${state} (${count} problem${count === 1 ? '' : 's'})`
}
