import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { Option } from 'commander'
import { systemClock } from '../../core/clock.ts'
import { ExitCode, TalscaleError, UsageError } from '../../core/errors.ts'
import { escapeTerminal } from '../../core/escape.ts'
import { compareFindings, type Finding, failsAt, type Severity } from '../../core/finding.ts'
import { readSource } from '../../core/source.ts'
import { doctorRuleMetadata } from '../../doctor/checks.ts'
import { type Expectations, expectationsFromIntent } from '../../doctor/expectations.ts'
import { diagnoseFleet, type FleetDiagnosis, type FleetOptions } from '../../doctor/fleet.ts'
import type { NodeDiagnosis, NodeExpectation } from '../../doctor/node.ts'
import { diagnoseTailnet, type TailnetNode, tailnetUnreadable } from '../../doctor/tailnet.ts'
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
import { credentialsFromEnv, type TailnetClient, TailscaleApi } from '../../tailscale/api.ts'
import { HeadscaleApi } from '../../tailscale/headscale.ts'
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
  batch: string
  timeout: string
  progress?: boolean
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
    .option('--concurrency <n>', 'talosctl processes running at the same time', '8')
    .option('--batch <n>', 'nodes per talosctl call (--nodes a,b,c); 1 asks each node on its own', '10')
    .option(
      '--no-progress',
      'no progress lines on stderr (they are printed on a terminal and when CI is set)',
    )
    .option('--timeout <seconds>', 'timeout of each talosctl call', '20')
    .option('--no-tailnet', 'skip the tailnet checks even when API credentials are set')
    .option('-q, --quiet', 'print only findings at or above --fail-on, no progress and no summary')
    .option(
      '--api-url <url>',
      'Tailscale API v2 base URL (test servers), or the Headscale server URL when HEADSCALE_API_KEY is set (its /api/v1)',
    )
    .addHelpText(
      'after',
      `
Each node is read with your own talosctl (service ext-tailscale, get extensions/addresses/nodeips/
etcdspecs/extensionserviceconfigs/machineconfig -o json, logs ext-tailscale), several nodes per call
(--batch); answers are attributed to nodes from talosctl's multi-node output, and a node whose answer
cannot be told apart is asked again on its own. Findings without a file use the node address (or
"tailnet") as file and 1:1 as position. Unreachable nodes, a missing talosctl, expired certificates and
missing permissions are findings, never a crash; the other nodes are still checked. Every check that
could not run is named in a finding, and a run that could check no node fails. The text format ends
with one table per node (role, Tailscale state, tailnet address, kubelet IP, etcd, extension version,
schematic, result). With TS_API_KEY (or TS_OAUTH_CLIENT_ID + TS_OAUTH_CLIENT_SECRET) in the environment the
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
  'Set TS_API_KEY (or TAILSCALE_API_KEY) to an API access token, or TS_OAUTH_CLIENT_ID and TS_OAUTH_CLIENT_SECRET (or TAILSCALE_OAUTH_CLIENT_ID and TAILSCALE_OAUTH_CLIENT_SECRET) to an OAuth client; for Headscale, HEADSCALE_API_KEY with --api-url (HEADSCALE_USER for pre-auth keys). talscale reads credentials from the environment only. HTTPS_PROXY and NO_PROXY are honoured.'

/** True when the environment holds credentials for the Tailscale API or for Headscale. */
export function hasApiCredentials(env: CliIO['env']): boolean {
  return credentialsFromEnv(env) !== undefined || Boolean(env.HEADSCALE_API_KEY?.trim())
}

/** Opens an API client from the environment; throws a UsageError when no credentials are set. */
export function apiFromEnv(
  io: CliIO,
  flags: { apiUrl?: string; tailnet?: string; timeoutMs: number },
): TailnetClient {
  // Headscale serves its own API under /api/v1: with its key, talk to it there.
  const headscaleKey = io.env.HEADSCALE_API_KEY?.trim()
  if (headscaleKey) {
    const url = flags.apiUrl ?? io.env.HEADSCALE_URL
    if (!url)
      throw new UsageError('HEADSCALE_API_KEY is set but not the Headscale server URL.', {
        hint: 'Pass --api-url https://headscale.example.com (or set HEADSCALE_URL).',
      })
    return new HeadscaleApi({
      baseUrl: url,
      apiKey: headscaleKey,
      ...(io.env.HEADSCALE_USER ? { user: io.env.HEADSCALE_USER } : {}),
      timeoutMs: flags.timeoutMs,
      env: io.env,
      ...(io.now ? { now: io.now } : {}),
    })
  }
  const credentials = credentialsFromEnv(io.env)
  if (!credentials)
    throw new UsageError('no Tailscale API credentials in the environment', { hint: CREDENTIALS_HINT })
  return new TailscaleApi({
    credentials,
    ...(flags.apiUrl ? { baseUrl: flags.apiUrl } : {}),
    tailnet: flags.tailnet ?? '-',
    timeoutMs: flags.timeoutMs,
    ...(io.now ? { now: io.now } : {}),
    env: io.env,
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
  if (!hasApiCredentials(io.env)) return undefined
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
    return [tailnetUnreadable(error)]
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

/** The doctor run: flags and nodes read, nodes diagnosed, the tailnet added, the report printed. */
async function doctor(options: DoctorOptions, io: CliIO): Promise<number> {
  const concurrency = positiveInteger(options.concurrency, '--concurrency', 256)
  const batchSize = positiveInteger(options.batch ?? '10', '--batch', 500)
  const timeout = positiveInteger(options.timeout, '--timeout', 3600)
  const expectations = doctorExpectations(options, io)
  const run = talosctlRunner({
    path: options.talosctl,
    ...(options.talosconfig ? { talosconfig: resolve(io.cwd, options.talosconfig) } : {}),
    ...(options.context ? { context: options.context } : {}),
    ...(options.endpoints ? { endpoints: options.endpoints } : {}),
    timeoutMs: timeout * 1000,
    env: io.env,
    ...(io.spawn ? { spawn: io.spawn } : {}),
  })
  const fleet = await diagnoseWithProgress(expectations.nodes as NodeExpectation[], options, io, {
    run,
    rules: RULES,
    concurrency,
    batchSize,
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
  printDoctorReport(options, findings, fleet, io)
  return failsAt(findings, options.failOn) ? ExitCode.findings : ExitCode.ok
}

/** The nodes to diagnose from -c (default ./talscale.yaml) and --nodes, with --schematic applied. */
function doctorExpectations(options: DoctorOptions, io: CliIO): Expectations {
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
  return expectations
}

/** Diagnoses the fleet; on a terminal or in CI, with progress lines on stderr. */
async function diagnoseWithProgress(
  nodes: NodeExpectation[],
  options: DoctorOptions,
  io: CliIO,
  fleetOptions: FleetOptions & { concurrency: number; batchSize: number },
): Promise<FleetDiagnosis> {
  const { concurrency, batchSize } = fleetOptions
  // Progress on a terminal and in CI logs alike (stderr, so stdout stays the report).
  const showProgress =
    !options.quiet &&
    options.progress !== false &&
    (io.stderrIsTTY || (io.env.CI !== undefined && io.env.CI !== 'false'))
  if (showProgress) {
    io.stderr(
      `doctor: ${nodes.length} node${nodes.length === 1 ? '' : 's'}, up to ${batchSize} per talosctl call, ${concurrency} call${concurrency === 1 ? '' : 's'} at a time\n`,
    )
  }
  // Reading takes most of a long run: say how far it is, in about ten steps.
  const expectedCalls = Math.ceil(nodes.length / batchSize) * 9
  const step = Math.max(1, Math.ceil(expectedCalls / 10))
  return diagnoseFleet(nodes, {
    ...fleetOptions,
    ...(showProgress && expectedCalls >= 20
      ? {
          onCall: (done: number, started: number) => {
            if (done % step === 0)
              io.stderr(`reading nodes: ${done}/${Math.max(started, expectedCalls)} talosctl calls\n`)
          },
        }
      : {}),
    ...(showProgress
      ? {
          onNode: (diagnosis: NodeDiagnosis, done: number, total: number) =>
            io.stderr(`${progressLine(diagnosis, done, total)}\n`),
        }
      : {}),
  })
}

/** The findings in --format; text adds the node table and summary, JSON the per-node facts. */
function printDoctorReport(
  options: DoctorOptions,
  findings: readonly Finding[],
  fleet: FleetDiagnosis,
  io: CliIO,
): void {
  const text = options.format === 'text'
  const report = formatFindings(
    options.format,
    options.quiet ? findings.filter(f => failsAt([f], options.failOn)) : findings,
    {
      ...(options.quiet || text ? { summary: false } : {}),
      rules: doctorReportRules(),
      sources: fleet.sources,
      color: colorEnabled(io.env, io.stdoutIsTTY),
      root: io.cwd,
    },
  )
  // JSON also says, per node, what was checked and what was seen (check's keys come first).
  io.stdout(
    options.format === 'json' && !options.quiet
      ? `${JSON.stringify({ ...(JSON.parse(report) as object), nodes: fleet.nodes.map(nodeJson) }, null, 2)}\n`
      : report,
  )
  if (text && !options.quiet)
    io.stdout(`${nodeTable(fleet.nodes)}\n${doctorSummary(findings, fleet.nodes)}\n`)
}

function progressLine(diagnosis: NodeDiagnosis, done: number, total: number): string {
  const { facts } = diagnosis
  const state = facts.reachable
    ? `${facts.serviceState ?? 'no ext-tailscale'}${facts.tailnetAddresses[0] ? `, ${facts.tailnetAddresses[0]}` : ''}`
    : 'not reachable'
  return escapeTerminal(`[${done}/${total}] ${diagnosis.node}: ${state} (${resultOf(diagnosis)})`)
}

/** `ok`, `2 errors, 1 warning`, with `partly checked` / `not checked` when checks did not run. */
export function resultOf(diagnosis: NodeDiagnosis): string {
  const errors = diagnosis.findings.filter(finding => finding.severity === 'error').length
  const warnings = diagnosis.findings.filter(finding => finding.severity === 'warning').length
  const parts: string[] = []
  if (errors > 0) parts.push(`${errors} error${errors === 1 ? '' : 's'}`)
  if (warnings > 0) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`)
  if (diagnosis.coverage === 'none') parts.push('not checked')
  else if (diagnosis.coverage === 'partial') {
    const skipped = diagnosis.checks.filter(check => !check.done).map(check => check.check)
    parts.push(`partly checked: no ${skipped.join(', ')}`)
  }
  return parts.length === 0 ? 'ok' : parts.join(', ')
}

/** Why a node was not reached, in a word or two. */
function notReached(diagnosis: NodeDiagnosis): string {
  const codes = new Set(diagnosis.findings.map(finding => finding.code))
  if (codes.has('DOC102')) return 'TLS refused'
  if (codes.has('DOC100')) return 'no talosctl'
  return 'unreachable'
}

/** A node in `--format json`: coverage, the checks not done and why, and the facts seen. */
export function nodeJson(diagnosis: NodeDiagnosis) {
  const { facts } = diagnosis
  return {
    node: diagnosis.node,
    role: facts.role ?? null,
    coverage: diagnosis.coverage,
    result: resultOf(diagnosis),
    notChecked: diagnosis.checks
      .filter(check => !check.done)
      .map(check => ({ check: check.check, reason: check.reason ?? '' })),
    tailscale: facts.reachable ? (facts.serviceState ?? null) : notReached(diagnosis),
    tailnetAddresses: facts.tailnetAddresses,
    kubeletIPs: facts.nodeIPs,
    etcdAddresses: facts.etcdAddresses,
    extensionVersion: facts.tailscaleVersion ?? null,
    schematic: facts.schematicId ?? null,
    installImage: facts.installImage ?? null,
  }
}

/** One row per node: what doctor saw, at a glance. */
export function nodeTable(nodes: readonly NodeDiagnosis[]): string {
  const header = [
    'NODE',
    'ROLE',
    'TAILSCALE',
    'TAILNET ADDRESS',
    'KUBELET IP',
    'ETCD',
    'EXTENSION',
    'SCHEMATIC',
    'RESULT',
  ]
  const rows = nodes.map(diagnosis => {
    const { facts } = diagnosis
    const done = (check: string) => diagnosis.checks.find(entry => entry.check === check)?.done ?? false
    const unknown = (check: string) => (done(check) ? '-' : '?')
    const etcd =
      facts.role === 'worker'
        ? '-'
        : facts.etcdAddresses.length > 0
          ? facts.etcdAddresses.join(',')
          : unknown('etcd')
    return [
      diagnosis.node,
      facts.role ?? '?',
      facts.reachable
        ? (facts.serviceState ?? (done('service') ? 'not installed' : '?'))
        : notReached(diagnosis),
      facts.tailnetAddresses.find(address => !address.includes(':'))?.replace(/\/32$/, '') ??
        facts.tailnetAddresses[0] ??
        unknown('tailnet-address'),
      facts.nodeIPs.length > 0 ? facts.nodeIPs.join(',') : unknown('kubelet-ip'),
      etcd,
      facts.tailscaleVersion ?? unknown('extensions'),
      facts.schematicId ? facts.schematicId.slice(0, 12) : unknown('extensions'),
      resultOf(diagnosis),
    ].map(cell => escapeTerminal(cell))
  })
  const widths = header.map((label, column) =>
    Math.max(label.length, ...rows.map(row => row[column]!.length)),
  )
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd()
  return `${[line(header), ...rows.map(line)].join('\n')}\n`
}

/**
 * `Found 2 problems (1 error, 1 warning) and 3 notes. 4 nodes: 2 fully checked, 1 partly checked,
 * 1 not checked.` Info findings are notes, not problems.
 */
export function doctorSummary(findings: readonly Finding[], nodes: readonly NodeDiagnosis[]): string {
  const errors = findings.filter(finding => finding.severity === 'error').length
  const warnings = findings.filter(finding => finding.severity === 'warning').length
  const notes = findings.length - errors - warnings
  const problems = errors + warnings
  const noteText = notes > 0 ? `${notes} note${notes === 1 ? '' : 's'}` : ''
  const head =
    problems === 0
      ? `No problems found${noteText ? ` (${noteText})` : ''}.`
      : `Found ${problems} problem${problems === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})${noteText ? ` and ${noteText}` : ''}.`
  const full = nodes.filter(node => node.coverage === 'full').length
  const partial = nodes.filter(node => node.coverage === 'partial').length
  const none = nodes.filter(node => node.coverage === 'none').length
  const coverage = `${nodes.length} node${nodes.length === 1 ? '' : 's'}: ${full} fully checked, ${partial} partly checked, ${none} not checked.`
  return `${head} ${coverage}`
}
