/**
 * Diagnosing many nodes. Nodes are read in batches (`talosctl --nodes a,b,c`, one process for many
 * nodes) and the answers are split per node from talosctl's own multi-node output: the `node` field of
 * each JSON resource, the `NODE` lines and columns of tables, the `node: ` prefix of log lines, and the
 * per-node error lines. A node whose answer cannot be told apart is asked again on its own.
 * @module
 */
import { compareFindings, type Finding } from '../core/finding.ts'
import type { Rule } from '../lint/rule.ts'
import { doctorFinding } from './checks.ts'
import {
  CONNECTION_FAILURES,
  judgeNode,
  type NodeAnswers,
  type NodeDiagnosis,
  type NodeExpectation,
  RESOURCE_READS,
} from './node.ts'
import {
  attribute,
  commandKind,
  parseResourceStream,
  type TalosctlFailure,
  type TalosctlOutput,
  type TalosctlResult,
  type TalosctlRunner,
} from './talosctl.ts'

export interface FleetOptions {
  run: TalosctlRunner
  rules: readonly Rule[]
  /** talosctl processes running at the same time. Default 8. */
  concurrency?: number
  /** Nodes per talosctl call (`--nodes a,b,c`). Default 10; 1 asks every node on its own. */
  batchSize?: number
  logTail?: number
  /** Called as each node is judged, for progress lines. */
  onNode?: (diagnosis: NodeDiagnosis, done: number, total: number) => void
  /** Called after each talosctl call, for progress on long runs. */
  onCall?: (done: number, started: number) => void
}

export interface FleetDiagnosis {
  nodes: NodeDiagnosis[]
  findings: Finding[]
  /** Texts findings point into (see NodeDiagnosis.sources). */
  sources: Map<string, string>
  /** talosctl processes run. */
  calls: number
  /** Per-node calls made because a batched answer could not be attributed. */
  fallbacks: number
}

/** Runs `worker` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  worker: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const lanes = Math.max(1, Math.min(Math.floor(limit) || 1, items.length))
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      for (;;) {
        const index = next++
        if (index >= items.length) return
        results[index] = await worker(items[index]!, index)
      }
    }),
  )
  return results
}

/** A counting semaphore: at most `limit` tasks run at once. */
function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0
  const waiting: Array<() => void> = []
  const max = Math.max(1, Math.floor(limit) || 1)
  return async task => {
    if (active >= max) await new Promise<void>(resolve => waiting.push(resolve))
    active++
    try {
      return await task()
    } finally {
      active--
      waiting.shift()?.()
    }
  }
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = []
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size))
  return chunks
}

/** Diagnoses every node; a failure on one node is a finding on that node, never an exception. */
export async function diagnoseFleet(
  nodes: readonly NodeExpectation[],
  options: FleetOptions,
): Promise<FleetDiagnosis> {
  const reader = fleetReader(options)
  const answers = await readFleet(reader, nodes, options.logTail)
  const results = judgeFleet(nodes, answers, options)
  return {
    nodes: results,
    findings: fleetFindings(results),
    sources: new Map(results.flatMap(result => [...result.sources])),
    calls: reader.calls,
    fallbacks: reader.fallbacks,
  }
}

/** talosctl as the fleet asks it: bounded, batched, counted. */
interface FleetReader {
  /** Asks `addresses` in batches; answers that cannot be attributed are asked again per node. */
  ask(addresses: readonly string[], args: readonly string[]): Promise<Map<string, TalosctlResult>>
  /** talosctl processes run so far. */
  calls: number
  /** Per-node calls made because a batched answer could not be attributed. */
  fallbacks: number
}

function fleetReader(options: FleetOptions): FleetReader {
  const limit = limiter(options.concurrency ?? 8)
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 10) || 1)
  let finished = 0
  const reader: FleetReader = {
    calls: 0,
    fallbacks: 0,
    async ask(addresses, args) {
      const answers = new Map<string, TalosctlResult>()
      const kind = commandKind(args)
      const askAlone = async (address: string) => attribute(kind, await call([address], args)).get(address)
      await Promise.all(
        chunk(addresses, batchSize).map(async group => {
          const split = attribute(kind, await call(group, args))
          const retry = await probeSilentBatch(group, split, askAlone, answers)
          retry.push(...keepAttributed(kind, group, split, answers, retry))
          reader.fallbacks += retry.length
          await Promise.all(
            retry.map(async address => answers.set(address, (await askAlone(address)) ?? noAnswer(args))),
          )
        }),
      )
      return answers
    },
  }
  const call = (group: readonly string[], args: readonly string[]): Promise<TalosctlOutput> =>
    limit(async () => {
      reader.calls++
      const output = await runOrFail(options.run, group, args)
      finished++
      options.onCall?.(finished, reader.calls)
      return output
    })
  return reader
}

/** One talosctl call; a runner that throws gives a failed answer for the group instead. */
async function runOrFail(
  run: TalosctlRunner,
  group: readonly string[],
  args: readonly string[],
): Promise<TalosctlOutput> {
  try {
    return await run(group, args)
  } catch (error) {
    const failure: TalosctlFailure = {
      kind: 'other',
      detail: error instanceof Error ? error.message : String(error),
      command: ['talosctl', '--nodes', group.join(','), ...args].join(' '),
    }
    return { nodes: group, command: failure.command, code: null, stdout: '', stderr: '', failure }
  }
}

/** An answer that printed nothing. */
const silent = (answer: TalosctlResult | undefined): boolean => answer?.ok === true && answer.stdout === ''

/**
 * Nothing at all for any node of a batch: either every node really has nothing (workers have no
 * EtcdSpec), or this talosctl does not answer for several nodes at once. One node asked alone tells
 * which; if it has something, the others are to be asked alone too. Returns the nodes to ask again.
 */
async function probeSilentBatch(
  group: readonly string[],
  split: ReadonlyMap<string, TalosctlResult | undefined>,
  askAlone: (address: string) => Promise<TalosctlResult | undefined>,
  answers: Map<string, TalosctlResult>,
): Promise<string[]> {
  if (group.length <= 1 || !group.every(address => silent(split.get(address)))) return []
  const probe = await askAlone(group[0]!)
  if (!probe || silent(probe)) return []
  answers.set(group[0]!, probe)
  return group.slice(1)
}

/**
 * Keeps the batched answer of each node of the group not settled yet; returns the nodes it cannot
 * keep. A node missing from `service` output would mean "extension not installed": too strong a
 * claim to make from a batch, so it is confirmed alone.
 */
function keepAttributed(
  kind: ReturnType<typeof commandKind>,
  group: readonly string[],
  split: ReadonlyMap<string, TalosctlResult | undefined>,
  answers: Map<string, TalosctlResult>,
  retry: readonly string[],
): string[] {
  const unattributed: string[] = []
  for (const address of group) {
    if (answers.has(address) || retry.includes(address)) continue
    const answer = split.get(address)
    if (answer && !(kind === 'service' && silent(answer))) answers.set(address, answer)
    else unattributed.push(address)
  }
  return unattributed
}

function noAnswer(args: readonly string[]): TalosctlResult {
  return { ok: false, failure: { kind: 'other', detail: 'no answer from talosctl', command: args.join(' ') } }
}

/**
 * Reads every node: the ext-tailscale service first; the resources and the log from the nodes that
 * answered it; the etcd member list from the control planes among them.
 */
async function readFleet(
  reader: FleetReader,
  nodes: readonly NodeExpectation[],
  logTail: number | undefined,
): Promise<Map<string, NodeAnswers>> {
  const addresses = [...new Set(nodes.map(node => node.address))]
  const answers = new Map<string, NodeAnswers>()
  const services = await reader.ask(addresses, ['service', 'ext-tailscale'])
  for (const address of addresses) answers.set(address, { service: services.get(address)! })
  const reachable = reachableNodes(addresses, answers)
  await readResourcesAndLogs(reader, reachable, answers, logTail)
  const controlPlanes = controlPlaneNodes(reachable, answers)
  if (controlPlanes.length > 0) {
    const members = await reader.ask(controlPlanes, ['etcd', 'members'])
    for (const [address, result] of members) answers.get(address)!.etcdMembers = result
  }
  return answers
}

/** Nodes whose service answer is not a connection failure: the ones worth reading further. */
function reachableNodes(addresses: readonly string[], answers: ReadonlyMap<string, NodeAnswers>): string[] {
  return addresses.filter(address => {
    const service = answers.get(address)!.service
    return service.ok || !CONNECTION_FAILURES.has(service.failure.kind)
  })
}

/** Every resource read and the ext-tailscale log, all at once. */
async function readResourcesAndLogs(
  reader: FleetReader,
  reachable: readonly string[],
  answers: Map<string, NodeAnswers>,
  logTail: number | undefined,
): Promise<void> {
  const logArgs = ['logs', 'ext-tailscale', '--tail', String(logTail ?? 200)]
  await Promise.all([
    ...RESOURCE_READS.map(async read => {
      const results = await reader.ask(reachable, ['get', read, '--output', 'json'])
      for (const [address, result] of results) answers.get(address)![read] = result
    }),
    (async () => {
      const results = await reader.ask(reachable, logArgs)
      for (const [address, result] of results) answers.get(address)!.logs = result
    })(),
  ])
}

/** Control planes (an EtcdSpec exists): the member list, where peer URLs persist after a fix, is read there. */
function controlPlaneNodes(
  reachable: readonly string[],
  answers: ReadonlyMap<string, NodeAnswers>,
): string[] {
  return reachable.filter(address => {
    const etcd = answers.get(address)!.etcdspecs
    return etcd?.ok === true && parseResourceStream(etcd.stdout).length > 0
  })
}

/** Judges each node in order; a judgement that throws is a DOC151 finding on its node. */
function judgeFleet(
  nodes: readonly NodeExpectation[],
  answers: ReadonlyMap<string, NodeAnswers>,
  options: FleetOptions,
): NodeDiagnosis[] {
  const results: NodeDiagnosis[] = []
  for (const node of nodes) {
    let diagnosis: NodeDiagnosis
    try {
      diagnosis = judgeNode(node, answers.get(node.address)!, {
        rules: options.rules,
        ...(options.logTail === undefined ? {} : { logTail: options.logTail }),
      })
    } catch (error) {
      diagnosis = {
        node: node.address,
        facts: { reachable: false, tailnetAddresses: [], nodeIPs: [], etcdAddresses: [] },
        sources: new Map(),
        checks: [],
        coverage: 'none',
        findings: [
          doctorFinding(node.address, 'DOC151', 'diagnosisFailed', {
            node: node.address,
            error: error instanceof Error ? error.message : String(error),
          }),
        ],
      }
    }
    results.push(diagnosis)
    options.onNode?.(diagnosis, results.length, nodes.length)
  }
  return results
}

/**
 * The findings of every node, sorted, with what is one problem said once: a missing talosctl (on
 * `talosctl`, not per node) and each etcd member every control plane sees (on the first node).
 */
function fleetFindings(results: readonly NodeDiagnosis[]): Finding[] {
  const missing = results.filter(result => result.findings.some(finding => finding.code === 'DOC100'))
  let findings = results.flatMap(result => result.findings)
  if (missing.length > 1) {
    findings = findings.filter(finding => finding.code !== 'DOC100')
    findings.push({ ...missing[0]!.findings.find(finding => finding.code === 'DOC100')!, file: 'talosctl' })
  }
  const seenMembers = new Set<string>()
  findings = findings.filter(finding => {
    if (finding.code !== 'DOC133') return true
    if (seenMembers.has(finding.message)) return false
    seenMembers.add(finding.message)
    return true
  })
  return findings.sort(compareFindings)
}

/** Diagnoses one node (the fleet of one). */
export async function diagnoseNode(
  expectation: NodeExpectation,
  options: Omit<FleetOptions, 'onNode' | 'batchSize'>,
): Promise<NodeDiagnosis> {
  return (await diagnoseFleet([expectation], options)).nodes[0]!
}
