// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} placeholders are test data
import tal101 from '../../../src/lint/rules/tal101-tailscale-service-without-extension.ts'
import rule from '../../../src/lint/rules/tal109-tailscale-service-on-role-without-extension.ts'
import { testRule } from '../../support/rule-tester.ts'
import { talosBuilder } from '../../support/talos-builder.ts'
import { ESC, installImage, node, QEMU_ID, QEMU_TAILSCALE_ID, TAILSCALE_ID } from './talos-cases.ts'

const image = (id: string) => installImage(`factory.talos.dev/metal-installer/${id}:v1.13.9`)

/** A talhelper repository: the ESC in a top-level patch every node gets, a schematic per role. */
const talconfig = (workerExtensions: string, more = '') => `clusterName: home
endpoint: https://192.168.1.10:6443
patches: ["@./patches/tailscale.yaml"]
nodes:
  - {hostname: cp-1, ipAddress: 192.168.1.11, controlPlane: true}
  - {hostname: worker-1, ipAddress: 192.168.1.21, controlPlane: false}
  - {hostname: worker-2, ipAddress: 192.168.1.22, controlPlane: false}
${more}controlPlane:
  schematic: {customization: {systemExtensions: {officialExtensions: [siderolabs/tailscale]}}}
worker:
  schematic:
    customization:
      systemExtensions:
        officialExtensions: [${workerExtensions}]
`
const talhelperRepo = (workerExtensions: string, more = '') => ({
  'talconfig.yaml': talconfig(workerExtensions, more),
  'patches/tailscale.yaml': ESC,
})

/** Plain machine configs: two control planes with the extension, two workers without, the ESC on all. */
const hybridFiles = {
  'cp-1.yaml': node('controlplane', image(TAILSCALE_ID), ESC),
  'cp-2.yaml': node('controlplane', image(QEMU_TAILSCALE_ID), ESC),
  'w-1.yaml': node('worker', image(QEMU_ID), ESC),
  'w-2.yaml': node('worker', image(QEMU_ID), ESC),
}

const hybridMessage = (nodes: string, cluster: string, count: number, otherCount: number) =>
  `ExtensionServiceConfig "tailscale" reaches ${count} worker node(s) of cluster "${cluster}" (${nodes}), none of whose schematics has siderolabs/tailscale, while ${otherCount} control-plane node(s) have it: on those worker nodes the config is inert and only hands them the auth key. If the worker nodes should join the tailnet, add siderolabs/tailscale to their schematic; if only the control-plane nodes should (the hybrid layout, with the Tailscale Kubernetes operator for apps), scope the ExtensionServiceConfig to the control-plane nodes’ own patch`

const forgotOnOneWorker = {
  'cp-1.yaml': node('controlplane', image(TAILSCALE_ID), ESC),
  'w-1.yaml': node('worker', image(TAILSCALE_ID), ESC),
  'w-2.yaml': node('worker', image(QEMU_ID), ESC),
}
const noNodeHasIt = {
  'cp-1.yaml': node('controlplane', image(QEMU_ID), ESC),
  'w-1.yaml': node('worker', image(QEMU_ID), ESC),
}
const customImageWorker = {
  'cp-1.yaml': node('controlplane', image(TAILSCALE_ID), ESC),
  'w-1.yaml': node('worker', image(QEMU_ID), ESC),
  'w-2.yaml': node('worker', installImage('registry.lan/talos/installer:v1.13.9'), ESC),
}
const otherCluster = {
  'a/cp-1.yaml': node('controlplane', image(TAILSCALE_ID), ESC),
  'b/w-1.yaml': node('worker', image(QEMU_ID), ESC),
}

testRule(
  rule,
  {
    valid: [
      { name: 'every role has the extension', files: talhelperRepo('siderolabs/tailscale') },
      {
        name: 'the ESC only where the extension is',
        files: {
          'cp-1.yaml': node('controlplane', image(TAILSCALE_ID), ESC),
          'w-1.yaml': node('worker', image(QEMU_ID)),
        },
      },
      { name: 'forgot on one worker: TAL101 (and TAL107)', files: forgotOnOneWorker },
      { name: 'no node of the cluster has it: TAL101', files: noNodeHasIt },
      { name: 'a worker whose schematic cannot be told keeps TAL101', files: customImageWorker },
      { name: 'the control plane with the extension is in another cluster', files: otherCluster },
    ],
    invalid: [
      {
        name: 'talhelper: shared patch, worker schematic without tailscale, one finding at the shared schematic',
        files: talhelperRepo('siderolabs/iscsi-tools'),
        errors: [
          {
            messageId: 'hybrid',
            line: 12,
            column: 5,
            message: hybridMessage('"worker-1", "worker-2"', 'home', 2, 1),
          },
        ],
      },
      {
        name: 'talhelper: a worker with its own schematic gets its own finding',
        files: talhelperRepo(
          'siderolabs/iscsi-tools',
          '  - hostname: worker-3\n    ipAddress: 192.168.1.23\n    controlPlane: false\n    schematic:\n      customization: {}\n',
        ),
        errors: [
          { messageId: 'hybrid', line: 12, column: 7 },
          { messageId: 'hybrid', line: 17, column: 5 },
        ],
      },
      {
        name: 'machine configs: two control planes with it, two workers without, the ESC on all',
        files: hybridFiles,
        errors: [
          {
            messageId: 'hybrid',
            line: 6,
            column: 12,
            message: hybridMessage('"w-1.yaml", "w-2.yaml"', '.', 2, 2),
          },
          { messageId: 'hybrid', line: 6, column: 12 },
        ],
      },
    ],
  },
  talosBuilder,
)

// The same inputs through TAL101: the hybrid layout is TAL109's, everything else stays TAL101's.
testRule(
  tal101,
  {
    valid: [
      { name: 'hybrid talhelper repository is TAL109', files: talhelperRepo('siderolabs/iscsi-tools') },
      { name: 'hybrid machine configs are TAL109', files: hybridFiles },
    ],
    invalid: [
      { name: 'forgot on one worker', files: forgotOnOneWorker, errors: [{ messageId: 'missing', line: 6 }] },
      {
        name: 'no node of the cluster has it',
        files: noNodeHasIt,
        errors: [
          { messageId: 'missing', line: 6 },
          { messageId: 'missing', line: 6 },
        ],
      },
      {
        name: 'a worker whose schematic cannot be told',
        files: customImageWorker,
        errors: [{ messageId: 'missing', line: 6 }],
      },
      {
        name: 'the control plane with the extension is in another cluster',
        files: otherCluster,
        errors: [{ messageId: 'missing', line: 6 }],
      },
    ],
  },
  talosBuilder,
)
