import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { diagnoseFleet, mapBounded } from '../../src/doctor/fleet.ts'
import type { NodeExpectation } from '../../src/doctor/node.ts'
import { type TalosctlRunner, talosctlRunner } from '../../src/doctor/talosctl.ts'
import { RULES } from '../../src/lint/rules/index.ts'

const FLEET_TALOSCTL = new URL('../fixtures/doctor/fake-talosctl-fleet.sh', import.meta.url).pathname

describe('mapBounded', () => {
  it('keeps at most `limit` workers in flight and the results in input order', async () => {
    let inFlight = 0
    let peak = 0
    const results = await mapBounded(
      Array.from({ length: 50 }, (_, index) => index),
      7,
      async item => {
        inFlight++
        peak = Math.max(peak, inFlight)
        await new Promise(resolve => setTimeout(resolve, (item * 7) % 11))
        inFlight--
        return item * 2
      },
    )
    expect(peak).toBe(7)
    expect(results).toEqual(Array.from({ length: 50 }, (_, index) => index * 2))
    expect(await mapBounded([], 4, async () => 1)).toEqual([])
  })
})

const FIXTURE = new URL('../fixtures/doctor/nodes/10.0.0.1/', import.meta.url).pathname

/** Answers like the healthy fixture node after `delay` ms, in-process (no fork per call). */
function fixtureRunner(delay: number): TalosctlRunner {
  const cache = new Map<string, string>()
  const read = (name: string) => {
    if (!cache.has(name))
      cache.set(name, existsSync(FIXTURE + name) ? readFileSync(FIXTURE + name, 'utf8') : '')
    return cache.get(name)!
  }
  return async (_node, args) => {
    await new Promise(resolve => setTimeout(resolve, delay))
    const [command, resource] = args
    const name = command === 'get' ? `${resource}.json` : `${command}.txt`
    return { ok: true, stdout: read(name) }
  }
}

interface Measured {
  elapsed: number
  calls: number
  peakNodes: number
  errors: number
  nodes: number
}

async function measureFleet(count: number, concurrency: number, base: TalosctlRunner): Promise<Measured> {
  const nodes: NodeExpectation[] = Array.from({ length: count }, (_, index) => ({
    address: `172.16.${Math.floor(index / 250)}.${(index % 250) + 1}`,
  }))
  let calls = 0
  const active = new Set<string>()
  let peakNodes = 0
  const run: TalosctlRunner = async (node, args) => {
    calls++
    active.add(node)
    peakNodes = Math.max(peakNodes, active.size)
    return base(node, args)
  }
  const started = performance.now()
  const fleet = await diagnoseFleet(nodes, {
    run,
    rules: RULES,
    concurrency,
    onNode: diagnosis => active.delete(diagnosis.node),
  })
  return {
    elapsed: (performance.now() - started) / 1000,
    calls,
    peakNodes,
    errors: fleet.findings.filter(finding => finding.severity === 'error').length,
    nodes: fleet.nodes.length,
  }
}

describe('a fleet of 200 nodes', () => {
  it('finishes in time bounded by the slowest batch, not the sum of the nodes', async () => {
    const delay = 0.2
    const result = await measureFleet(200, 32, fixtureRunner(delay * 1000))
    const serialSum = result.calls * delay
    expect(result.nodes).toBe(200)
    // Every node answered like the healthy fixture: no errors anywhere.
    expect(result.errors).toBe(0)
    // service, then 7 reads at once, then `etcd members` (the fixture is a control plane).
    expect(result.calls).toBe(200 * 9)
    expect(result.peakNodes).toBe(32)
    // Three rounds of calls per node, ceil(200/32) = 7 batches.
    expect(result.elapsed).toBeGreaterThanOrEqual(3 * delay * 7 * 0.95)
    // 360 s of talosctl time if run one after the other.
    expect(serialSum).toBe(360)
    expect(result.elapsed).toBeLessThan(serialSum / 20)
    console.log(
      `fleet (in-process): 200 nodes, ${result.calls} calls, ${result.elapsed.toFixed(2)} s, serial ${serialSum} s`,
    )
  }, 60_000)

  it('runs real talosctl processes in parallel too (execFile, fake talosctl in sh)', async () => {
    const delay = 0.2
    const base = talosctlRunner({
      path: FLEET_TALOSCTL,
      timeoutMs: 30_000,
      env: { PATH: process.env.PATH, FAKE_TALOSCTL_DELAY: String(delay) },
    })
    const result = await measureFleet(40, 16, base)
    const serialSum = result.calls * delay
    expect(result.errors).toBe(0)
    expect(result.peakNodes).toBe(16)
    // Process start-up dominates on a busy machine; the bound still rules out running one by one.
    expect(result.elapsed).toBeLessThan(serialSum / 3)
    console.log(
      `fleet (execFile): 40 nodes, ${result.calls} calls, ${result.elapsed.toFixed(2)} s, serial ${serialSum} s`,
    )
  }, 60_000)
})
