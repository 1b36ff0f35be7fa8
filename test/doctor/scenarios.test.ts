/**
 * Every node judged right against talosctl v1.13 and v1.14 output, with an os:admin and an os:reader
 * talosconfig, batched and one node per call: the exact problems per node, the notes that say which
 * checks did not run, and no other finding. In-process (no talosctl process per call).
 */
import { describe, expect, it } from 'vitest'
import { diagnoseFleet, diagnoseNode, type FleetDiagnosis } from '../../src/doctor/fleet.ts'
import type { TalosctlRunner } from '../../src/doctor/talosctl.ts'
import { RULES } from '../../src/lint/rules/index.ts'
import { fakeRunner } from './fake-runner.ts'

const HEALTHY = '10.0.0.1'
const WAITING = '10.0.0.2'
const KUBELET = '10.0.0.4'
const UNREACHABLE = '10.0.0.5'
const OLDER = '10.0.0.8' // Talos v1.13.3: its ExtensionServiceConfig is not Sensitive yet
const NODES = [HEALTHY, WAITING, KUBELET, UNREACHABLE, OLDER]

/** Problems (errors and warnings) per node, and every finding code per node. */
function byNode(fleet: FleetDiagnosis) {
  const problems = new Map<string, string[]>()
  const codes = new Map<string, string[]>()
  for (const diagnosis of fleet.nodes) {
    problems.set(
      diagnosis.node,
      diagnosis.findings.filter(finding => finding.severity !== 'info').map(finding => finding.code),
    )
    codes.set(diagnosis.node, [...new Set(diagnosis.findings.map(finding => finding.code))].sort())
  }
  return { problems, codes }
}

async function run(version: string, talosconfig: 'admin' | 'reader', batchSize: number) {
  return diagnoseFleet(
    NODES.map(address => ({ address })),
    { run: fakeRunner({ version, talosconfig }), rules: RULES, batchSize },
  )
}

for (const version of ['v1.13.9', 'v1.14.0']) {
  for (const talosconfig of ['admin', 'reader'] as const) {
    describe(`talosctl ${version} with an os:${talosconfig} talosconfig`, () => {
      it('judges every node right, batched and one node per call alike', async () => {
        const batched = await run(version, talosconfig, 10)
        const single = await run(version, talosconfig, 1)
        const { problems, codes } = byNode(batched)
        expect(Object.fromEntries(problems)).toEqual({
          [HEALTHY]: [],
          [WAITING]: ['DOC110'],
          [KUBELET]: ['DOC131', 'DOC132', 'DOC133'],
          [UNREACHABLE]: ['DOC101'],
          [OLDER]: [],
        })
        const reader = talosconfig === 'reader'
        // Notes: the extension version everywhere; what could not be read says so, per node.
        expect(codes.get(HEALTHY)).toEqual(
          reader ? ['DOC103', 'DOC121', 'DOC140'] : ['DOC121', 'DOC141', 'TAL504'].sort(),
        )
        expect(codes.get(WAITING)).toEqual(
          reader ? ['DOC103', 'DOC110', 'DOC121', 'DOC140'] : ['DOC110', 'DOC121'],
        )
        // v1.13.3 lets os:reader read the ExtensionServiceConfig; only the machine config is refused.
        expect(codes.get(OLDER)).toEqual(
          reader ? ['DOC103', 'DOC121', 'DOC141', 'TAL504'] : ['DOC121', 'DOC141', 'TAL504'],
        )
        // Coverage: os:reader cannot read the machine config (install image) nor, since v1.13.4,
        // the ExtensionServiceConfig.
        const coverage = Object.fromEntries(batched.nodes.map(node => [node.node, node.coverage]))
        expect(coverage).toEqual({
          [HEALTHY]: reader ? 'partial' : 'full',
          [WAITING]: reader ? 'partial' : 'full',
          [KUBELET]: reader ? 'partial' : 'full',
          [UNREACHABLE]: 'none',
          [OLDER]: reader ? 'partial' : 'full',
        })
        const healthy = batched.nodes.find(node => node.node === HEALTHY)!
        expect(healthy.checks.filter(check => !check.done).map(check => check.check)).toEqual(
          reader ? ['install-image', 'service-config'] : [],
        )
        // Facts the table shows.
        expect(healthy.facts).toMatchObject({
          role: reader ? 'controlplane' : 'controlplane',
          serviceState: 'Running',
          tailscaleVersion: '1.102.2',
          schematicId: '4a0d65c669d46663f377e7161e50cfd570c401f26fd9e7bda34a0216b6f1922b',
          tailnetAddresses: ['100.64.0.11/32', 'fd7a:115c:a1e0::b/128'],
          nodeIPs: ['192.168.1.11'],
          etcdAddresses: ['192.168.1.11'],
        })
        // Batching changes the number of processes, never the verdict.
        const strip = (fleet: FleetDiagnosis) =>
          fleet.findings.map(({ message, ...finding }) => ({
            ...finding,
            message: message.replace(/`[^`]*`/g, ''),
          }))
        expect(strip(batched)).toEqual(strip(single))
        expect(batched.calls).toBeLessThan(single.calls)
      })

      it('an expired client certificate: every node is an error, nothing else is claimed', async () => {
        const fleet = await diagnoseFleet(
          NODES.map(address => ({ address })),
          { run: fakeRunner({ version, talosconfig: 'expired' }), rules: RULES },
        )
        for (const node of fleet.nodes) {
          expect(node.findings.map(finding => finding.code)).toEqual(['DOC102'])
          expect(node.findings[0]!.message).toContain('tls: expired certificate')
          expect(node.findings[0]!.message).not.toMatch(/error occurred|error from node|error listing/)
          expect(node.coverage).toBe('none')
        }
        // The endpoint's refusal names no node (v1.13), so each node was asked alone to be sure.
        expect(fleet.calls).toBeLessThanOrEqual(1 + NODES.length)
      })
    })
  }
}

describe('real error texts', () => {
  it('a Waiting service has no log: "was not registered" is expected, not a finding', async () => {
    for (const version of ['v1.13.9', 'v1.14.0']) {
      const node = await diagnoseNode({ address: WAITING }, { run: fakeRunner({ version }), rules: [] })
      expect(node.findings.map(finding => finding.code)).toEqual(['DOC110', 'DOC121'])
      expect(node.checks.every(check => check.done)).toBe(true)
    }
  })

  it('quotes causes without the v1.13 multierror or the v1.14 node prefix', async () => {
    for (const version of ['v1.13.9', 'v1.14.0']) {
      const node = await diagnoseNode(
        { address: HEALTHY },
        { run: fakeRunner({ version, talosconfig: 'reader' }), rules: [] },
      )
      const denied = node.findings.find(finding => finding.code === 'DOC103')!
      expect(denied.message).toContain('(rpc error: code = PermissionDenied desc = not authorized)')
      expect(denied.message).toContain('not checked: install-image')
      expect(denied.message).not.toMatch(/error occurred|error listing/)
    }
  })
})

describe('old client, new node', () => {
  /** The healthy node, with the machine config spec printed in another form. */
  function withMachineConfigSpec(spec: unknown): TalosctlRunner {
    const fake = fakeRunner()
    return async (nodes, args) => {
      if (args[0] !== 'get' || args[1] !== 'machineconfig') return fake(nodes, args)
      const stdout = nodes
        .map(node => `${JSON.stringify({ metadata: { id: 'v1alpha1', version: 3 }, node, spec }, null, 4)}\n`)
        .join('')
      return { nodes, command: args.join(' '), code: 0, stdout, stderr: '' }
    }
  }
  const image =
    'factory.talos.dev/metal-installer/4a0d65c669d46663f377e7161e50cfd570c401f26fd9e7bda34a0216b6f1922b:v1.13.9'

  it('reads the machine config as one YAML string of several documents, or as an object', async () => {
    const text = `version: v1alpha1\nmachine:\n    type: worker\n    install:\n        image: ${image}\n---\napiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: tailscale\n`
    const twice = `|\n${text
      .split('\n')
      .map(line => (line === '' ? '' : `    ${line}`))
      .join('\n')}`
    for (const spec of [
      text,
      twice,
      { version: 'v1alpha1', machine: { type: 'worker', install: { image } } },
    ]) {
      const node = await diagnoseNode({ address: HEALTHY }, { run: withMachineConfigSpec(spec), rules: [] })
      expect(node.facts.installImage).toBe(image)
      expect(node.facts.role).toBe('worker')
      expect(node.findings.filter(finding => finding.severity !== 'info')).toEqual([])
    }
  })
})

describe('a talosctl that does not answer for several nodes at once', () => {
  it('is noticed (a batch with nothing for anyone) and every node is asked alone', async () => {
    const fake = fakeRunner()
    // Answers only single-node calls; prints nothing and exits 0 for --nodes a,b.
    const naive: TalosctlRunner = async (nodes, args) =>
      nodes.length === 1
        ? fake(nodes, args)
        : { nodes, command: args.join(' '), code: 0, stdout: '', stderr: '' }
    const fleet = await diagnoseFleet(
      [HEALTHY, WAITING, KUBELET].map(address => ({ address })),
      { run: naive, rules: [] },
    )
    const { problems } = byNode(fleet)
    expect(Object.fromEntries(problems)).toEqual({
      [HEALTHY]: [],
      [WAITING]: ['DOC110'],
      [KUBELET]: ['DOC131', 'DOC132', 'DOC133'],
    })
    expect(fleet.fallbacks).toBeGreaterThan(0)
  })
})
