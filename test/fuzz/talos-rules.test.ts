// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} placeholders are test data
/**
 * The Talos-side rules and talhelper expansion on arbitrary shapes: every known key with values of
 * any type (lists where maps belong, numbers where strings belong, nulls, placeholders). The answer
 * is findings or an InputError with a location, never a crash.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { TalscaleError } from '../../src/core/errors.ts'
import { sourceFromText } from '../../src/core/source.ts'
import { runRules } from '../../src/lint/engine.ts'
import { applyEdits } from '../../src/lint/fix.ts'
import type { LintTarget } from '../../src/lint/rule.ts'
import { RULES } from '../../src/lint/rules/index.ts'
import { expandTalhelper } from '../../src/lint/talhelper.ts'
import { targetFromSource } from '../../src/lint/targets.ts'
import { FUZZ_TIMEOUT, FUZZ_RUNS as runs } from '../support/fuzz.ts'

const MINE = RULES.filter(rule => /^TAL(1\d\d|24\d|6\d\d|8\d\d|9\d\d)$/.test(rule.code))

const leaf = fc.oneof(
  fc.constantFrom(
    'tailscale',
    'block',
    '0',
    '1',
    'true',
    '0.0.0.0/0',
    '!100.64.0.0/10',
    '::/0',
    '192.168.1.0/24',
    'cp.tail1234.ts.net',
    '${VAR}',
    'ENC[AES256_GCM,data:x,type:str]',
    'ghcr.io/siderolabs/installer:v1.13.9',
    'factory.talos.dev/installer/4a0d65c669d46663f377e7161e50cfd570c401f26fd9e7bda34a0216b6f1922b:v1.9.5',
    'siderolabs/tailscale',
    'TS_EXTRA_ARGS=--advertise-exit-node --snat-subnet-routes=false',
    'TS_ROUTES=fd00::/64',
    'TS_TAILSCALED_EXTRA_ARGS=--port=41641',
    '@./missing.yaml',
    'https://cp.tail1234.ts.net:6443',
    '50000',
    'tcp',
    'udp',
  ),
  fc.string({ maxLength: 8 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
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
  'listenSubnets',
  'certSANs',
  'sysctls',
  'network',
  'kubespan',
  'enabled',
  'filters',
  'endpoints',
  'excludeAdvertisedNetworks',
  'interfaces',
  'addresses',
  'mtu',
  'nameservers',
  'files',
  'path',
  'content',
  'controlPlane',
  'endpoint',
  'type',
  'net.ipv4.ip_forward',
  'net.ipv6.conf.all.forwarding',
  'environment',
  'name',
  'ingress',
  'portSelector',
  'ports',
  'protocol',
  'subnet',
  'except',
  'params',
  'installer',
  'schematic',
  'customization',
  'systemExtensions',
  'officialExtensions',
  'extraKernelArgs',
  'extensionServices',
  'ingressFirewall',
  'defaultAction',
  'rules',
  'ipAddress',
  'hostname',
  'patches',
  'talosImageURL',
  'talosVersion',
  'machineFiles',
)
const tree = fc.letrec(tie => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 3 }),
    tie('map'),
  ),
  map: fc.dictionary(keys, tie('value'), { maxKeys: 4 }),
})).map as fc.Arbitrary<Record<string, unknown>>
const KINDS = [
  'ExtensionServiceConfig',
  'KubeSpanConfig',
  'NetworkDefaultActionConfig',
  'NetworkRuleConfig',
  'KubeNodeConfig',
  'SysctlConfig',
  'UnattendedInstallConfig',
  'KubeClusterConfig',
  'LinkConfig',
]

function lint(targets: LintTarget[]): void {
  const findings = runRules(MINE, targets)
  for (const finding of findings) {
    expect(finding.line).toBeGreaterThan(0)
    if (finding.fix) {
      const target = targets.find(t => t.source.path === finding.file)
      if (target) applyEdits(target.source.text, finding.fix.edits)
    }
  }
}

function guarded(run: () => void): void {
  try {
    run()
  } catch (error) {
    // Bad input may stop a run, but only as an InputError with a reason.
    expect(error).toBeInstanceOf(TalscaleError)
  }
}

describe('Talos rules on arbitrary documents', () => {
  it(
    'never crash on machine configs and typed documents of any shape',
    () => {
      fc.assert(
        fc.property(
          tree,
          fc.array(fc.tuple(fc.constantFrom(...KINDS), tree), { maxLength: 3 }),
          fc.constantFrom('machine-config', 'patch', 'rendered') as fc.Arbitrary<
            'machine-config' | 'patch' | 'rendered'
          >,
          (main, typed, kind) => {
            const text = [main, ...typed.map(([k, body]) => ({ apiVersion: 'v1alpha1', kind: k, ...body }))]
              .map(doc => stringify(doc))
              .join('---\n')
            guarded(() => lint([targetFromSource(sourceFromText('n.yaml', text), { kind })]))
          },
        ),
        { numRuns: runs },
      )
    },
    FUZZ_TIMEOUT,
  )

  it(
    'never crash when the settings the rules read hold values of any type',
    () => {
      const paths: string[][] = [
        ['machine', 'type'],
        ['machine', 'install', 'image'],
        ['machine', 'install', 'extensions'],
        ['machine', 'kubelet', 'nodeIP', 'validSubnets'],
        ['cluster', 'etcd', 'advertisedSubnets'],
        ['cluster', 'etcd', 'listenSubnets'],
        ['machine', 'certSANs'],
        ['machine', 'sysctls'],
        ['machine', 'sysctls', 'net.ipv4.ip_forward'],
        ['machine', 'network', 'kubespan', 'enabled'],
        ['machine', 'network', 'kubespan', 'filters', 'endpoints'],
        ['machine', 'network', 'interfaces'],
        ['machine', 'network', 'nameservers'],
        ['machine', 'files'],
        ['cluster', 'controlPlane', 'endpoint'],
        ['cluster', 'network', 'podSubnets'],
      ]
      const setting = fc.tuple(
        fc.constantFrom(...paths),
        fc.oneof(leaf, fc.array(leaf, { maxLength: 4 }), tree),
      )
      const service = fc.array(
        fc.oneof(leaf, fc.constantFrom('TS_EXTRA_ARGS=--advertise-routes', 'PORT=x', 'TS_ROUTES=::/0,')),
        {
          maxLength: 4,
        },
      )
      fc.assert(
        fc.property(
          fc.array(setting, { maxLength: 6 }),
          service,
          fc.boolean(),
          (settings, environment, complete) => {
            const main: Record<string, unknown> = {}
            for (const [path, value] of settings) {
              let at = main
              for (const key of path.slice(0, -1)) {
                if (!at[key] || typeof at[key] !== 'object' || Array.isArray(at[key])) at[key] = {}
                at = at[key] as Record<string, unknown>
              }
              at[path.at(-1)!] = value
            }
            const text = `${stringify(main)}---\n${stringify({ apiVersion: 'v1alpha1', kind: 'ExtensionServiceConfig', name: 'tailscale', environment })}---\n${stringify({ apiVersion: 'v1alpha1', kind: 'NetworkDefaultActionConfig', ingress: 'block' })}`
            guarded(() => lint([targetFromSource(sourceFromText('n.yaml', text), { complete })]))
          },
        ),
        { numRuns: runs },
      )
    },
    FUZZ_TIMEOUT,
  )

  it(
    'never crash on talconfig.yaml of any shape',
    () => {
      fc.assert(
        fc.property(tree, fc.array(tree, { minLength: 1, maxLength: 3 }), tree, (root, nodes, group) => {
          const text = stringify({
            clusterName: 'c',
            endpoint: 'https://10.0.0.1:6443',
            ...root,
            nodes,
            controlPlane: group,
            worker: group,
          })
          guarded(() => {
            const targets = expandTalhelper(sourceFromText('talconfig.yaml', text), {
              readFile: path => sourceFromText(path, 'machine:\n  sysctls:\n    net.ipv4.ip_forward: "0"\n'),
            })
            lint(targets)
          })
        }),
        { numRuns: runs },
      )
    },
    FUZZ_TIMEOUT,
  )
})
