import { describe, expect, it } from 'vitest'
import { diagnoseFleet, mapBounded } from '../../src/doctor/fleet.ts'
import type { NodeExpectation } from '../../src/doctor/node.ts'
import { type TalosctlRunner, talosctlRunner } from '../../src/doctor/talosctl.ts'
import { fakeRunner } from './fake-runner.ts'

const FAKE_TALOSCTL = new URL('../fixtures/doctor/fake-talosctl.mjs', import.meta.url).pathname

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

/** Every node answers like the healthy fixture node 10.0.0.1, after `delay` ms per call, in-process. */
function fixtureRunner(delay: number): TalosctlRunner {
  const fake = fakeRunner({ env: { FAKE_TALOSCTL_TEMPLATE: '10.0.0.1' } })
  return async (nodes, args) => {
    await new Promise(resolve => setTimeout(resolve, delay))
    return fake(nodes, args)
  }
}

interface Measured {
  elapsed: number
  calls: number
  peakCalls: number
  errors: number
  problems: number
  nodes: number
  fallbacks: number
}

async function measureFleet(
  count: number,
  options: { concurrency: number; batchSize: number },
  base: TalosctlRunner,
): Promise<Measured> {
  const nodes: NodeExpectation[] = Array.from({ length: count }, (_, index) => ({
    address: `172.16.${Math.floor(index / 250)}.${(index % 250) + 1}`,
  }))
  let calls = 0
  let active = 0
  let peakCalls = 0
  const run: TalosctlRunner = async (group, args) => {
    calls++
    active++
    peakCalls = Math.max(peakCalls, active)
    try {
      return await base(group, args)
    } finally {
      active--
    }
  }
  const started = performance.now()
  const fleet = await diagnoseFleet(nodes, { run, rules: [], ...options })
  return {
    elapsed: (performance.now() - started) / 1000,
    calls,
    peakCalls,
    errors: fleet.findings.filter(finding => finding.severity === 'error').length,
    problems: fleet.findings.filter(finding => finding.severity !== 'info').length,
    nodes: fleet.nodes.length,
    fallbacks: fleet.fallbacks,
  }
}

describe('a fleet of 80 nodes', () => {
  it('batches nodes per talosctl call: 9 calls per batch instead of 9 per node', async () => {
    const delay = 0.02
    const batched = await measureFleet(80, { concurrency: 8, batchSize: 20 }, fixtureRunner(delay * 1000))
    expect(batched.nodes).toBe(80)
    // Every node answered like the healthy fixture: no problems anywhere, nothing asked twice.
    expect(batched.problems).toBe(0)
    expect(batched.fallbacks).toBe(0)
    // service, 6 reads, logs, etcd members: 9 commands x 4 batches of 20.
    expect(batched.calls).toBe(9 * 4)
    expect(batched.peakCalls).toBeLessThanOrEqual(8)
    const single = await measureFleet(80, { concurrency: 8, batchSize: 1 }, fixtureRunner(delay * 1000))
    expect(single.calls).toBe(9 * 80)
    expect(single.problems).toBe(0)
    expect(batched.elapsed).toBeLessThan(single.elapsed)
    console.log(
      `fleet (in-process): 80 nodes, batched ${batched.calls} calls ${batched.elapsed.toFixed(2)} s, one node per call ${single.calls} calls ${single.elapsed.toFixed(2)} s`,
    )
  }, 60_000)

  it('runs real talosctl processes in parallel, batched (execFile, the fake talosctl)', async () => {
    const base = talosctlRunner({
      path: FAKE_TALOSCTL,
      timeoutMs: 30_000,
      env: { PATH: process.env.PATH, FAKE_TALOSCTL_TEMPLATE: '10.0.0.1' },
    })
    const result = await measureFleet(40, { concurrency: 4, batchSize: 10 }, base)
    expect(result.problems).toBe(0)
    expect(result.calls).toBe(9 * 4)
    expect(result.peakCalls).toBeLessThanOrEqual(4)
  }, 60_000)
})
