/**
 * Property tests: whatever `check` is given (arbitrary text, bytes, deep nesting, alias bombs,
 * random YAML in the shape of Talos documents), it answers with findings (exit 0 or 1) or with
 * exit 2 and a reason; never a crash or an internal error. Run count from FUZZ_RUNS.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { sourceFromText } from '../../src/core/source.ts'
import { fixSources } from '../../src/lint/index.ts'
import { runCli } from '../support/cli.ts'
import { FUZZ_TIMEOUT, FUZZ_RUNS as RUNS } from '../support/fuzz.ts'

async function answersSanely(stdin: string, extra: string[] = []): Promise<void> {
  const result = await runCli(['check', '--format', 'json', ...extra, '-'], { stdin })
  expect(result.stderr, stdin.slice(0, 200)).not.toContain('internal error')
  expect([0, 1, 2], result.stderr).toContain(result.code)
  if (result.code === 2) {
    expect(result.stderr).toMatch(/^error: .+/m)
  } else {
    const report = JSON.parse(result.stdout) as { findings: Array<{ line: number; column: number }> }
    for (const finding of report.findings) {
      expect(finding.line).toBeGreaterThan(0)
      expect(finding.column).toBeGreaterThan(0)
    }
  }
}

// Plain values that look like pieces of Talos configs, so the rules get past their first checks.
const scalar = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(
    'TS_AUTHKEY=tskey-auth-fake',
    'TS_EXTRA_ARGS=--port=41641 --advertise-routes=10.0.0.0/8',
    'TS_ROUTES=0.0.0.0/0',
    'TS_STATE_DIR=mem:',
    'TS_DEBUG_MTU=abc',
    'TS_ACCEPT_DNS=true',
    'TS_AUTHKEY=tskey-client-fake?ephemeral=false',
    '=',
    'TS_',
    '100.64.0.0/10',
    '!192.168.0.0/16',
    'factory.talos.dev/installer/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.10.0',
    'ghcr.io/siderolabs/installer:v1.9.0',
    'siderolabs/tailscale',
    '${NODE_IP}',
  ),
)
const keys = fc.constantFrom(
  'machine',
  'cluster',
  'install',
  'image',
  'extensions',
  'kubelet',
  'nodeIP',
  'validSubnets',
  'etcd',
  'advertisedSubnets',
  'network',
  'kubespan',
  'enabled',
  'sysctls',
  'net.ipv4.ip_forward',
  'certSANs',
  'environment',
  'name',
  'kind',
  'apiVersion',
  'type',
  'nameservers',
  'customization',
  'systemExtensions',
  'officialExtensions',
  'clusterName',
  'nodes',
  'hostname',
  'ipAddress',
  'extensionServices',
  'patches',
  'configFiles',
  'ingress',
  'defaultAction',
  'x',
)
const { value } = fc.letrec(tie => ({
  value: fc.oneof(
    { depthSize: 'small' },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(keys, tie('value'), { maxKeys: 5 }),
  ),
}))
const talosish = fc.record({
  main: fc.dictionary(fc.constantFrom('machine', 'cluster', 'version'), value, { minKeys: 1, maxKeys: 3 }),
  extra: fc.array(
    fc.record({
      apiVersion: fc.constantFrom('v1alpha1', 'v1', 7),
      kind: fc.constantFrom('ExtensionServiceConfig', 'NetworkRuleConfig', 'KubeSpanConfig', 'Foo'),
      name: fc.oneof(fc.constantFrom('tailscale', 'tailscal', ''), fc.string({ maxLength: 8 })),
      environment: fc.oneof(fc.array(scalar, { maxLength: 6 }), value),
    }),
    { maxLength: 3 },
  ),
})

describe('check never crashes', () => {
  it(
    'on arbitrary text',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.string({ maxLength: 400 }), text => answersSanely(text)),
        { numRuns: RUNS },
      )
    },
    FUZZ_TIMEOUT,
  )

  it(
    'on arbitrary bytes',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), bytes =>
          answersSanely(Buffer.from(bytes).toString('utf8')),
        ),
        { numRuns: RUNS },
      )
    },
    FUZZ_TIMEOUT,
  )

  it(
    'on random documents shaped like Talos configs, patches, schematics and talconfigs',
    async () => {
      await fc.assert(
        fc.asyncProperty(talosish, fc.boolean(), async ({ main, extra }, full) => {
          const head = full
            ? { version: 'v1alpha1', ...main, machine: { type: 'controlplane', token: 'x' } }
            : main
          const text = [head, ...extra].map(doc => stringify(doc)).join('---\n')
          await answersSanely(text)
        }),
        { numRuns: RUNS },
      )
      await fc.assert(
        fc.asyncProperty(value, async v => {
          await answersSanely(stringify({ customization: v }))
          await answersSanely(stringify({ clusterName: 'c', nodes: [v] }))
          await answersSanely(
            stringify({
              clusterName: 'c',
              talosVersion: v,
              nodes: [
                {
                  hostname: 'n',
                  ipAddress: v,
                  controlPlane: v,
                  schematic: { customization: v },
                  extensionServices: [{ name: 'tailscale', environment: v }],
                  machineFiles: v,
                  ingressFirewall: v,
                  certSANs: v,
                },
              ],
            }),
          )
        }),
        { numRuns: Math.ceil(RUNS / 2) },
      )
    },
    FUZZ_TIMEOUT,
  )

  it(
    'on deep nesting and alias bombs',
    async () => {
      await answersSanely(`machine: ${'['.repeat(5000)}${']'.repeat(5000)}\n`)
      await answersSanely(
        `machine:\n${Array.from({ length: 200 }, (_, i) => `${'  '.repeat(i + 1)}a${i}:`).join('\n')} 1\n`,
      )
      const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]']
      for (let i = 1; i < 9; i++)
        bomb.push(
          `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
            .fill(`*${String.fromCharCode(96 + i)}`)
            .join(', ')}]`,
        )
      await answersSanely(`machine:\n${bomb.map(line => `  ${line}`).join('\n')}\n  certSANs: *i\n`)
      await answersSanely(`machine: &m\n  type: worker\n  self: *m\n`)
    },
    FUZZ_TIMEOUT,
  )
})

describe('--fix on random Talos-shaped documents', () => {
  it(
    'never breaks a file and settles: a second round has nothing left to change',
    () => {
      fc.assert(
        fc.property(talosish, fc.boolean(), ({ main, extra }, full) => {
          const head = full
            ? { version: 'v1alpha1', ...main, machine: { type: 'controlplane', token: 'x' } }
            : main
          const text = [head, ...extra].map(doc => stringify(doc)).join('---\n')
          const inputs = [{ source: sourceFromText('node.yaml', text), explicit: true }]
          const first = fixSources(inputs, { cwd: '/' })
          expect(first.rejected, 'fixes that would not parse').toEqual([])
          const after = first.changed.get('node.yaml')?.after
          if (after === undefined) return
          const second = fixSources([{ source: sourceFromText('node.yaml', after), explicit: true }], {
            cwd: '/',
          })
          expect(second.changed.size, `fixes keep changing:\n${after}`).toBe(0)
        }),
        { numRuns: RUNS },
      )
    },
    FUZZ_TIMEOUT,
  )
})
