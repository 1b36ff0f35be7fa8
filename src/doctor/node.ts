/**
 * Diagnosis of one node through talosctl: service state, extensions, install image, tailnet
 * address, kubelet and etcd addresses, the effective ExtensionServiceConfig (through check's rules)
 * and the classified ext-tailscale log. Returns findings; never prints, never throws for a node.
 * @module
 */

import { compareFindings, type Finding } from '../core/finding.ts'
import { parseIp } from '../core/net.ts'
import { maskSecrets, redactSecrets } from '../core/secrets.ts'
import { parseSource, sourceFromText, toPlain } from '../core/source.ts'
import { runRules } from '../lint/engine.ts'
import type { Rule } from '../lint/rule.ts'
import { targetFromText } from '../lint/targets.ts'
import { diagnoseLog } from '../tailscale/logs.ts'
import { isTailnetAddress } from '../talos/net.ts'
import { doctorFinding } from './checks.ts'
import {
  parseEtcdMembers,
  parseResourceStreamReport,
  parseServiceInfo,
  type TalosctlFailure,
  type TalosctlResult,
  type TalosResource,
} from './talosctl.ts'

/** What is known in advance about a node (from the intent file or flags). All optional. */
export interface NodeExpectation {
  /** Address talosctl reaches the node at (`--nodes`). */
  address: string
  hostname?: string
  /** `controlplane` or `worker`, when the intent says. */
  role?: string
  /** Expected Image Factory schematic ID (64 hex). */
  schematicId?: string
  /** Tags the device should carry. */
  tags?: string[]
  /** Routes the node should advertise (expanded CIDRs). */
  routes?: string[]
  /** The node should stay in the tailnet (not ephemeral). Default true. */
  persistent?: boolean
}

/** Facts read from the node, for progress lines, the final table and JSON consumers. */
export interface NodeFacts {
  reachable: boolean
  /** `controlplane` or `worker`: from the machine config, else from the EtcdSpec, else the intent. */
  role?: string
  serviceState?: string
  restarts?: number
  tailscaleVersion?: string
  schematicId?: string
  installImage?: string
  tailnetAddresses: string[]
  nodeIPs: string[]
  etcdAddresses: string[]
}

/** The checks doctor runs on a node, each of which may be done or not. */
export const NODE_CHECKS = [
  'service',
  'extensions',
  'install-image',
  'tailnet-address',
  'kubelet-ip',
  'etcd',
  'service-config',
  'log',
] as const
export type NodeCheckName = (typeof NODE_CHECKS)[number]

/** Whether one check ran on a node, and if not, why. */
export interface NodeCheckStatus {
  check: NodeCheckName
  done: boolean
  /** Why the check was not done (it names the cause, never a secret). */
  reason?: string
}

/** `full`: every check ran; `partial`: some did not (see `checks`); `none`: nothing could be judged. */
export type NodeCoverage = 'full' | 'partial' | 'none'

export interface NodeDiagnosis {
  node: string
  facts: NodeFacts
  findings: Finding[]
  /** Every check and whether it ran. */
  checks: NodeCheckStatus[]
  coverage: NodeCoverage
  /**
   * Texts findings point into, by file name: the node's ExtensionServiceConfig as checked (secrets
   * masked), so formatters can draw code frames.
   */
  sources: Map<string, string>
}

/** What each node answered, one entry per talosctl read (absent: not asked). */
export interface NodeAnswers {
  service: TalosctlResult
  extensions?: TalosctlResult
  addresses?: TalosctlResult
  nodeips?: TalosctlResult
  etcdspecs?: TalosctlResult
  extensionserviceconfigs?: TalosctlResult
  machineconfig?: TalosctlResult
  logs?: TalosctlResult
  etcdMembers?: TalosctlResult
}

/** The resource reads of a reachable node, by answer key. */
export const RESOURCE_READS = [
  'extensions',
  'addresses',
  'nodeips',
  'etcdspecs',
  'extensionserviceconfigs',
  'machineconfig',
] as const

export interface JudgeOptions {
  /** check's rules for the effective ExtensionServiceConfig; empty to skip. */
  rules: readonly Rule[]
  /** Log lines read. Default 200. */
  logTail?: number
}

/** True when an address as talosctl prints it (`100.64.1.2/32`, `fd7a:…`) is in a tailnet range. */
function onTailnet(address: string): boolean {
  const ip = parseIp(address.split('/')[0]!.trim())
  return ip !== undefined && isTailnetAddress(ip)
}

/** check's rules that judge files in a repository, not the configuration a node runs. */
const LIVE_EXEMPT_RULES = new Set(['literal-auth-secret'])

/** The host of `https://10.0.0.1:2380` or `https://[fd7a::1]:2380`. */
function hostOfUrl(url: string): string {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '')
  } catch {
    return ''
  }
}

/** Failures that mean the node (or talosctl) cannot be talked to at all. */
export const CONNECTION_FAILURES = new Set(['not-found', 'unreachable', 'timeout', 'certificate'])

/** What each read is needed for, in words, for "not checked" messages. */
const READ_PURPOSE: Record<string, { what: string; checks: NodeCheckName[] }> = {
  service: { what: 'the ext-tailscale service state', checks: ['service'] },
  extensions: { what: 'the installed extensions', checks: ['extensions'] },
  machineconfig: { what: 'the machine config', checks: ['install-image'] },
  addresses: { what: 'the node addresses', checks: ['tailnet-address'] },
  nodeips: { what: 'the kubelet node IP', checks: ['kubelet-ip'] },
  etcdspecs: { what: 'the etcd addresses', checks: ['etcd'] },
  extensionserviceconfigs: { what: 'the ExtensionServiceConfig', checks: ['service-config'] },
  logs: { what: 'the ext-tailscale log', checks: ['log'] },
  etcdMembers: { what: 'the etcd member list', checks: ['etcd'] },
}

/**
 * Judges one node from its answers. Connection-level failures end the diagnosis with one finding;
 * every check that could not run is recorded in `checks` and said in a finding.
 */
export function judgeNode(
  expectation: NodeExpectation,
  answers: NodeAnswers,
  options: JudgeOptions,
): NodeDiagnosis {
  const judgement = new NodeJudgement(expectation)
  const { node, facts, findings } = judgement
  const service = answers.service
  if (!service.ok && CONNECTION_FAILURES.has(service.failure.kind)) {
    findings.push(connectionFinding(node, service.failure))
    judgement.notDone(NODE_CHECKS, connectionReason(service.failure))
    return judgement.finish()
  }
  facts.reachable = true
  const serviceExists = judgeServiceState(judgement, service)
  const extensions = judgement.resources('extensions', answers.extensions)
  if (extensions) checkExtensions(node, extensions, expectation, facts, findings, serviceExists)
  // Role: the EtcdSpec exists on control planes only.
  const etcdResources = judgement.resources('etcdspecs', answers.etcdspecs)
  // Install image (machine config; Sensitive, needs os:admin).
  const machineConfig = judgement.resources('machineconfig', answers.machineconfig)
  if (machineConfig) checkInstallImage(node, machineConfig, expectation, facts, findings)
  if (etcdResources && !facts.role) facts.role = etcdResources.length > 0 ? 'controlplane' : 'worker'
  const addresses = judgement.resources('addresses', answers.addresses)
  if (addresses) judgeTailnetAddress(judgement, addresses)
  const nodeIPs = judgement.resources('nodeips', answers.nodeips)
  if (nodeIPs) judgeKubeletNodeIp(judgement, nodeIPs)
  // etcd (control planes only; workers have no EtcdSpec).
  if (etcdResources) judgeEtcd(judgement, etcdResources, answers.etcdMembers)
  judgeServiceConfig(judgement, answers.extensionserviceconfigs, options.rules)
  judgeLog(judgement, answers.logs, options.logTail)
  return judgedAtAll(judgement.finish())
}

/** What is being found out about one node: its facts and findings, and which checks ran. */
class NodeJudgement {
  readonly node: string
  readonly facts: NodeFacts = { reachable: false, tailnetAddresses: [], nodeIPs: [], etcdAddresses: [] }
  readonly findings: Finding[] = []
  readonly sources = new Map<string, string>()
  readonly #status = new Map<NodeCheckName, NodeCheckStatus>(
    NODE_CHECKS.map(check => [check, { check, done: true }]),
  )

  constructor(expectation: NodeExpectation) {
    this.node = expectation.address
    if (expectation.role) this.facts.role = expectation.role
  }

  /** Records checks that did not run; the first reason given for a check stays. */
  notDone(checks: readonly NodeCheckName[], reason: string): void {
    for (const check of checks) {
      const entry = this.#status.get(check)!
      if (entry.done) this.#status.set(check, { check, done: false, reason })
    }
  }

  /** Records a read that failed: which checks it costs, and a finding that says so. */
  failed(key: keyof NodeAnswers, failure: TalosctlFailure): void {
    const purpose = READ_PURPOSE[key]!
    this.notDone(purpose.checks, failureReason(failure))
    this.findings.push(failureFinding(this.node, failure, purpose.what, purpose.checks))
  }

  /** Records a read whose output could not be read at all. */
  unreadable(key: keyof NodeAnswers, command: string): void {
    const purpose = READ_PURPOSE[key]!
    this.notDone(purpose.checks, 'its output could not be read')
    this.findings.push(
      doctorFinding(this.node, 'DOC104', 'unreadableOutput', {
        command,
        node: this.node,
        what: purpose.what,
        checks: purpose.checks.join(', '),
      }),
    )
  }

  /** The resources of one read, or undefined (and the checks it costs recorded) when there are none to judge. */
  resources(key: keyof NodeAnswers, answer: TalosctlResult | undefined): TalosResource[] | undefined {
    if (answer === undefined) {
      this.notDone(READ_PURPOSE[key]!.checks, 'it was not read')
      return undefined
    }
    if (!answer.ok) {
      this.failed(key, answer.failure)
      return undefined
    }
    const report = parseResourceStreamReport(answer.stdout)
    if (report.damaged > 0 && report.resources.length === 0) {
      this.unreadable(key, `talosctl get ${key} -o json`)
      return undefined
    }
    if (report.damaged > 0) {
      this.findings.push(
        doctorFinding(this.node, 'DOC104', 'damagedObjects', {
          damaged: report.damaged,
          read: key,
          node: this.node,
          checks: READ_PURPOSE[key]!.checks.join(', '),
          judged: report.resources.length,
        }),
      )
    }
    return report.resources
  }

  /** The diagnosis so far: every check and whether it ran, how much was judged, the findings sorted. */
  finish(): NodeDiagnosis {
    const checks = [...this.#status.values()]
    const done = checks.filter(check => check.done)
    // A log that reads as text says nothing on its own: a node where nothing else could be read was not judged.
    const coverage: NodeCoverage =
      !this.facts.reachable || done.every(check => check.check === 'log')
        ? 'none'
        : done.length === checks.length
          ? 'full'
          : 'partial'
    return {
      node: this.node,
      facts: this.facts,
      findings: this.findings.sort(compareFindings),
      checks,
      coverage,
      sources: this.sources,
    }
  }
}

/**
 * The ext-tailscale service state (DOC110-DOC113), or that the service does not exist (DOC120).
 * Returns whether the service exists.
 */
function judgeServiceState(judgement: NodeJudgement, service: TalosctlResult): boolean {
  const { node, facts, findings } = judgement
  if (service.ok) {
    const info = parseServiceInfo(service.stdout)
    if (info) checkService(node, info, facts, findings)
    else if (service.stdout.trim() === '') {
      findings.push(doctorFinding(node, 'DOC120', 'noService', { node }))
      return false
    } else judgement.unreadable('service', 'talosctl service ext-tailscale')
  } else if (service.failure.kind === 'not-registered') {
    findings.push(doctorFinding(node, 'DOC120', 'notRegistered', { node, detail: service.failure.detail }))
    return false
  } else judgement.failed('service', service.failure)
  return true
}

/** The tailnet address on tailscale0 (DOC130), unless the service waits for its configuration. */
function judgeTailnetAddress(judgement: NodeJudgement, addresses: TalosResource[]): void {
  const { node, facts, findings } = judgement
  const onTailscale = addresses
    .map(resource => resource.spec as { address?: unknown; linkName?: unknown })
    .filter(spec => spec?.linkName === 'tailscale0' && typeof spec.address === 'string')
    .map(spec => String(spec.address))
  facts.tailnetAddresses = onTailscale.filter(onTailnet).sort()
  const waitingForConfig = findings.some(finding => finding.code === 'DOC110')
  if (facts.tailnetAddresses.length === 0 && facts.serviceState !== undefined && !waitingForConfig) {
    findings.push(
      onTailscale.length === 0
        ? doctorFinding(node, 'DOC130', 'noAddress', { state: facts.serviceState })
        : doctorFinding(node, 'DOC130', 'noTailnetAddress', { addresses: onTailscale.join(', ') }),
    )
  }
}

/** The node IP kubelet chose (DOC131). */
function judgeKubeletNodeIp(judgement: NodeJudgement, nodeIPs: TalosResource[]): void {
  const { node, facts, findings } = judgement
  const kubelet = nodeIPs.find(resource => resource.metadata.id === 'kubelet')
  const list = (kubelet?.spec as { addresses?: unknown })?.addresses
  facts.nodeIPs = Array.isArray(list) ? list.map(String) : []
  const captured = facts.nodeIPs.filter(onTailnet)
  if (captured.length > 0) {
    findings.push(
      doctorFinding(node, 'DOC131', 'tailnetNodeIp', {
        captured: captured.join(', '),
        nodeIPs: facts.nodeIPs.join(', '),
      }),
    )
  }
}

/** The addresses etcd advertises and listens on (DOC132), and the peer URLs of its members (DOC133). */
function judgeEtcd(
  judgement: NodeJudgement,
  etcdResources: TalosResource[],
  members: TalosctlResult | undefined,
): void {
  const { node, facts, findings } = judgement
  const spec = etcdResources[0]?.spec as
    | { advertisedAddresses?: unknown; listenPeerAddresses?: unknown }
    | undefined
  const advertised = Array.isArray(spec?.advertisedAddresses) ? spec.advertisedAddresses.map(String) : []
  const peer = Array.isArray(spec?.listenPeerAddresses) ? spec.listenPeerAddresses.map(String) : []
  facts.etcdAddresses = advertised
  const bad = [
    ...advertised.filter(onTailnet).map(address => `advertises ${address}`),
    ...peer.filter(onTailnet).map(address => `listens for peers on ${address}`),
  ]
  if (bad.length > 0) {
    findings.push(doctorFinding(node, 'DOC132', 'tailnetAddress', { uses: bad.join(' and ') }))
  }
  if (!spec || !members) return
  if (!members.ok) {
    judgement.failed('etcdMembers', members.failure)
    return
  }
  for (const member of parseEtcdMembers(members.stdout)) {
    const captured = member.peerUrls.filter(url => onTailnet(hostOfUrl(url)))
    if (captured.length > 0) {
      findings.push(
        doctorFinding(node, 'DOC133', 'tailnetPeerUrl', {
          member: member.hostname,
          id: member.id,
          urls: captured.join(', '),
        }),
      )
    }
  }
}

/** The effective ExtensionServiceConfig through check's rules (DOC141), or why it could not be read (DOC140). */
function judgeServiceConfig(
  judgement: NodeJudgement,
  esc: TalosctlResult | undefined,
  rules: readonly Rule[],
): void {
  const { node, findings } = judgement
  if (esc && !esc.ok && esc.failure.kind === 'permission') {
    judgement.notDone(['service-config'], `the talosconfig role may not read it (${esc.failure.detail})`)
    findings.push(doctorFinding(node, 'DOC140', 'sensitive', { node, detail: esc.failure.detail }))
    return
  }
  const configs = judgement.resources('extensionserviceconfigs', esc)
  const config = configs?.find(resource => resource.metadata.id === 'tailscale')
  if (config) findings.push(...lintServiceConfig(node, config, rules, judgement.sources))
}

/**
 * The classified ext-tailscale log (DOC2xx), or why it could not be read (DOC150). A service that
 * never ran has no log: Talos answers `log "ext-tailscale" was not registered`, which is the
 * expected state of a Waiting service, not a failure.
 */
function judgeLog(
  judgement: NodeJudgement,
  logs: TalosctlResult | undefined,
  logTail: number | undefined,
): void {
  const { node, findings } = judgement
  if (logs === undefined) judgement.notDone(['log'], 'it was not read')
  else if (logs.ok) {
    for (const diagnosis of diagnoseLog(stripNodePrefix(logs.stdout, node))) {
      const times =
        diagnosis.count > 1 ? ` (${diagnosis.count} times in the last ${logTail ?? 200} lines)` : ''
      findings.push(
        doctorFinding(node, diagnosis.code, 'log', {
          line: diagnosis.text,
          times,
          explanation: diagnosis.explanation,
          fix: diagnosis.fix,
        }),
      )
    }
  } else if (logs.failure.kind !== 'not-registered') {
    judgement.notDone(['log'], failureReason(logs.failure))
    findings.push(
      doctorFinding(
        node,
        'DOC150',
        'unreadable',
        { node, detail: logs.failure.detail },
        logs.failure.kind === 'other' ? { severity: 'warning' } : {},
      ),
    )
  }
}

/**
 * A node nothing could be judged on fails (DOC151): one error that says why, instead of one
 * warning per read that failed the same way.
 */
function judgedAtAll(diagnosis: NodeDiagnosis): NodeDiagnosis {
  if (diagnosis.coverage !== 'none') return diagnosis
  const { node } = diagnosis
  const causes = [...new Set(diagnosis.checks.map(check => check.reason).filter(Boolean))]
  diagnosis.findings = diagnosis.findings.filter(finding => !['DOC104', 'DOC150'].includes(finding.code))
  diagnosis.findings.push(
    doctorFinding(node, 'DOC151', 'nothingChecked', { node, causes: causes.join('; ') }),
  )
  diagnosis.findings.sort(compareFindings)
  return diagnosis
}
/** `10.0.0.1: line` as `talosctl logs` prints it, back to the line. */
function stripNodePrefix(text: string, node: string): string {
  const prefix = `${node}: `
  return text
    .split(/\r?\n/)
    .map(line => (line.startsWith(prefix) ? line.slice(prefix.length) : line))
    .join('\n')
}

function connectionReason(failure: TalosctlFailure): string {
  switch (failure.kind) {
    case 'not-found':
      return 'talosctl could not be run'
    case 'certificate':
      return 'the TLS handshake failed'
    case 'timeout':
      return 'talosctl did not answer in time'
    default:
      return 'the node is unreachable'
  }
}

function failureReason(failure: TalosctlFailure): string {
  switch (failure.kind) {
    case 'permission':
      return `the talosconfig role may not read it (${failure.detail})`
    case 'unknown-resource':
      return `this Talos version has no such resource (${failure.detail})`
    default:
      return `talosctl failed: ${failure.detail}`
  }
}

function connectionFinding(node: string, failure: TalosctlFailure): Finding {
  switch (failure.kind) {
    case 'not-found':
      return doctorFinding(node, 'DOC100', 'notFound', { detail: failure.detail })
    case 'certificate':
      return doctorFinding(node, 'DOC102', 'handshake', { node, detail: failure.detail })
    case 'timeout':
      return doctorFinding(node, 'DOC101', 'timeout', { node, detail: failure.detail })
    default:
      return doctorFinding(node, 'DOC101', 'unreachable', { node, detail: failure.detail })
  }
}

function failureFinding(
  node: string,
  failure: TalosctlFailure,
  what: string,
  checks: readonly NodeCheckName[],
): Finding {
  const data = { what, node, detail: failure.detail, checks: checks.join(', ') }
  if (failure.kind === 'permission') return doctorFinding(node, 'DOC103', 'sensitive', data)
  if (failure.kind === 'unknown-resource') {
    return doctorFinding(node, 'DOC104', 'unknownResource', data, { severity: 'info' })
  }
  return doctorFinding(node, 'DOC104', 'failed', { ...data, command: failure.command })
}

function checkService(
  node: string,
  info: NonNullable<ReturnType<typeof parseServiceInfo>>,
  facts: NodeFacts,
  findings: Finding[],
): void {
  facts.serviceState = info.state
  const restarts = info.events.filter(event => /going to restart/.test(event.message))
  facts.restarts = restarts.length
  const latest = info.events[0]
  if (info.state === 'Waiting' && /extension service config/.test(latest?.message ?? '')) {
    findings.push(doctorFinding(node, 'DOC110', 'waiting', { event: latest!.message, node }))
    return
  }
  if (restarts.length >= 2 || (restarts.length >= 1 && info.state !== 'Running')) {
    const reason = restarts[0]!.message.replace(/^Error running .*?, going to restart forever: /, '')
    // Talos keeps old events: a service that restarted at boot and has run since is worth a warning,
    // one that is down now is an error.
    const running = info.state === 'Running'
    findings.push(
      doctorFinding(
        node,
        'DOC111',
        'restarts',
        {
          restarts: `${restarts.length} time${restarts.length === 1 ? '' : 's'}`,
          state: info.state,
          lastEvent: running && latest ? `, last event ${latest.ago} ago` : '',
          reason,
        },
        running ? { severity: 'warning' } : {},
      ),
    )
    if (!running) return
  }
  if (info.state !== 'Running') {
    findings.push(
      latest
        ? doctorFinding(node, 'DOC112', 'notRunningAfterEvent', { state: info.state, event: latest.message })
        : doctorFinding(node, 'DOC112', 'notRunning', { state: info.state }),
    )
    return
  }
  if (info.health === 'Fail') {
    findings.push(
      info.lastHealthMessage
        ? doctorFinding(node, 'DOC113', 'unhealthyWithMessage', { health: info.lastHealthMessage })
        : doctorFinding(node, 'DOC113', 'unhealthy'),
    )
  }
}

interface ExtensionSpec {
  image?: string
  metadata?: { name?: string; version?: string }
}

function checkExtensions(
  node: string,
  resources: TalosResource[],
  expectation: NodeExpectation,
  facts: NodeFacts,
  findings: Finding[],
  serviceExists: boolean,
): void {
  const specs = resources.map(resource => resource.spec as ExtensionSpec)
  const tailscale = specs.find(spec => spec?.metadata?.name === 'tailscale')
  // Talos reports the schematic of the running image as a pseudo-extension named "schematic".
  const schematic = specs.find(spec => spec?.metadata?.name === 'schematic')?.metadata?.version
  if (schematic) facts.schematicId = schematic
  if (tailscale?.metadata?.version) {
    facts.tailscaleVersion = tailscale.metadata.version
    findings.push(
      schematic
        ? doctorFinding(node, 'DOC121', 'installedWithSchematic', {
            version: tailscale.metadata.version,
            schematic,
          })
        : doctorFinding(node, 'DOC121', 'installed', { version: tailscale.metadata.version }),
    )
  } else if (!serviceExists || resources.length > 0) {
    const names = specs.map(spec => spec?.metadata?.name).filter(Boolean)
    if (!findings.some(finding => finding.code === 'DOC120')) {
      findings.push(
        doctorFinding(node, 'DOC120', 'notInstalled', {
          node,
          extensions: names.length > 0 ? names.join(', ') : 'none',
        }),
      )
    }
  }
  if (expectation.schematicId && schematic && schematic !== expectation.schematicId) {
    findings.push(
      doctorFinding(node, 'DOC122', 'mismatch', { node, schematic, expected: expectation.schematicId }),
    )
  }
}

function checkInstallImage(
  node: string,
  resources: TalosResource[],
  expectation: NodeExpectation,
  facts: NodeFacts,
  findings: Finding[],
): void {
  // The MachineConfig resource marshals as raw YAML, so `spec` is the whole multi-document config as
  // one string; an object is accepted too in case a version prints it structured.
  const spec = (resources.find(resource => resource.metadata.id === 'v1alpha1') ?? resources[0])?.spec
  if (spec === undefined || spec === null) return
  type Main = { machine?: { type?: unknown; install?: { image?: unknown } } } | null
  let image: string | undefined
  try {
    const parse = (text: string): Main[] =>
      parseSource(sourceFromText(`${node} (machine config)`, text)).map(document => toPlain(document) as Main)
    // One string of documents (v1.12+ nodes), an object (older nodes), or, through an old client, a
    // string whose only document is that string again.
    let documents: Main[] = typeof spec === 'string' ? parse(spec) : [spec as Main]
    if (documents.length === 1 && typeof documents[0] === 'string') documents = parse(documents[0] as string)
    for (const plain of documents) {
      const value = plain?.machine?.install?.image
      if (typeof value === 'string') image = value
      const type = plain?.machine?.type
      if (type === 'controlplane' || type === 'worker') facts.role = type
      else if (type === 'init') facts.role = 'controlplane'
    }
  } catch {
    findings.push(doctorFinding(node, 'DOC104', 'machineConfigUnparsable', { node }))
    return
  }
  if (image) facts.installImage = image
  if (!image) {
    findings.push(doctorFinding(node, 'DOC123', 'notSet', { node }))
    return
  }
  const inImage = image.match(/\/([0-9a-f]{64})[:@]/)?.[1]
  if (expectation.schematicId) {
    if (inImage !== expectation.schematicId) {
      findings.push(
        doctorFinding(node, 'DOC123', 'notExpected', {
          image,
          expected: expectation.schematicId,
          next: inImage ? `schematic ${inImage}` : 'an image without extensions',
        }),
      )
    }
    return
  }
  // Without an expectation, the running image is the reference, but only when it has tailscale.
  if (!facts.tailscaleVersion) return
  if (!inImage) {
    findings.push(
      doctorFinding(node, 'DOC123', 'noSchematic', { image, running: facts.schematicId ?? 'unknown' }),
    )
  } else if (facts.schematicId && inImage !== facts.schematicId) {
    findings.push(
      doctorFinding(node, 'DOC123', 'otherSchematic', { image, running: facts.schematicId, next: inImage }),
    )
  }
}

function lintServiceConfig(
  node: string,
  resource: TalosResource,
  rules: readonly Rule[],
  sources: Map<string, string>,
): Finding[] {
  if (rules.length === 0) return []
  const spec = (resource.spec ?? {}) as { environment?: unknown; files?: unknown }
  const environment = Array.isArray(spec.environment) ? spec.environment.map(String) : []
  const files = Array.isArray(spec.files)
    ? (spec.files as Array<{ content?: unknown; mountPath?: unknown }>)
    : []
  // Secrets are masked (shape kept) before the rules see the text, so no finding can quote them.
  let text = 'apiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: tailscale\n'
  if (environment.length > 0) {
    text += `environment:\n${environment.map(entry => `  - ${JSON.stringify(maskSecrets(entry))}`).join('\n')}\n`
  }
  if (files.length > 0) {
    text += `configFiles:\n${files
      .map(
        file =>
          `  - mountPath: ${JSON.stringify(String(file.mountPath ?? ''))}\n    content: ${JSON.stringify(maskSecrets(String(file.content ?? '')))}`,
      )
      .join('\n')}\n`
  }
  const label = `${node} (ExtensionServiceConfig tailscale)`
  try {
    const target = targetFromText(label, text, { kind: 'patch', complete: false })
    // A running node's ExtensionServiceConfig must hold its key; "secret written in a file" is for repositories.
    const live = rules.filter(rule => !LIVE_EXEMPT_RULES.has(rule.name))
    // Edits would point into this reconstructed text, not into a file the user can change: drop them
    // (the rule's fix title still shows as help).
    const found = runRules(live, [target]).map(({ fix: _fix, ...finding }) => ({
      ...finding,
      message: redactSecrets(finding.message),
    }))
    if (found.length === 0) return []
    sources.set(label, text)
    return [doctorFinding(node, 'DOC141', 'findings', { node, count: found.length, label }), ...found]
  } catch (error) {
    return [
      doctorFinding(node, 'DOC104', 'serviceConfigUncheckable', {
        node,
        error: redactSecrets(error instanceof Error ? error.message : String(error)),
      }),
    ]
  }
}
