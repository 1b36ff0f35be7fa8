/**
 * Diagnosing many nodes: each node is checked independently, at most `concurrency` at a time, so a
 * fleet takes about as long as its slowest batch, not the sum of its nodes.
 * @module
 */
import { compareFindings, type Finding } from '../core/finding.ts'
import type { Rule } from '../lint/rule.ts'
import { doctorFinding } from './checks.ts'
import { diagnoseNode, type NodeDiagnosis, type NodeExpectation } from './node.ts'
import type { TalosctlRunner } from './talosctl.ts'

export interface FleetOptions {
  run: TalosctlRunner
  rules: readonly Rule[]
  /** Nodes checked at the same time. Default 8. */
  concurrency?: number
  logTail?: number
  /** Called as each node completes (in completion order), for progress lines. */
  onNode?: (diagnosis: NodeDiagnosis, done: number, total: number) => void
}

export interface FleetDiagnosis {
  nodes: NodeDiagnosis[]
  findings: Finding[]
  /** Texts findings point into (see NodeDiagnosis.sources). */
  sources: Map<string, string>
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

/** Diagnoses every node; a failure on one node is a finding on that node, never an exception. */
export async function diagnoseFleet(
  nodes: readonly NodeExpectation[],
  options: FleetOptions,
): Promise<FleetDiagnosis> {
  let done = 0
  const results = await mapBounded(nodes, options.concurrency ?? 8, async node => {
    let diagnosis: NodeDiagnosis
    try {
      diagnosis = await diagnoseNode(node, {
        run: options.run,
        rules: options.rules,
        ...(options.logTail === undefined ? {} : { logTail: options.logTail }),
      })
    } catch (error) {
      diagnosis = {
        node: node.address,
        facts: { reachable: false, tailnetAddresses: [], nodeIPs: [], etcdAddresses: [] },
        sources: new Map(),
        findings: [
          doctorFinding(
            'DOC104',
            node.address,
            `diagnosing ${node.address} failed: ${error instanceof Error ? error.message : String(error)}`,
          ),
        ],
      }
    }
    done++
    options.onNode?.(diagnosis, done, nodes.length)
    return diagnosis
  })
  // A missing talosctl is one problem, not one per node.
  const missing = results.filter(result => result.findings.some(finding => finding.code === 'DOC100'))
  let findings = results.flatMap(result => result.findings)
  if (missing.length > 1) {
    findings = findings.filter(finding => finding.code !== 'DOC100')
    findings.push({ ...missing[0]!.findings.find(finding => finding.code === 'DOC100')!, file: 'talosctl' })
  }
  // Every control plane sees the same etcd member list: report each member once, on the first node.
  const seenMembers = new Set<string>()
  findings = findings.filter(finding => {
    if (finding.code !== 'DOC133') return true
    if (seenMembers.has(finding.message)) return false
    seenMembers.add(finding.message)
    return true
  })
  const sources = new Map(results.flatMap(result => [...result.sources]))
  return { nodes: results, findings: findings.sort(compareFindings), sources }
}
