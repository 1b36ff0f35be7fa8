import rule from '../../../src/lint/rules/tal107-mixed-schematics.ts'
import { testRule } from '../../support/rule-tester.ts'
import { talosBuilder } from '../../support/talos-builder.ts'
import { installImage, node, QEMU_ID, QEMU_TAILSCALE_ID, TAILSCALE_ID } from './talos-cases.ts'

const image = (id: string) => installImage(`factory.talos.dev/metal-installer/${id}:v1.13.9`)

testRule(
  rule,
  {
    valid: [
      {
        files: {
          'cp.yaml': node('controlplane', image(TAILSCALE_ID)),
          'worker.yaml': node('worker', image(TAILSCALE_ID)),
        },
      },
      {
        name: 'different clusters (directories)',
        files: {
          'a/cp.yaml': node('controlplane', image(TAILSCALE_ID)),
          'b/cp.yaml': node('controlplane', image(QEMU_TAILSCALE_ID)),
        },
      },
      {
        name: 'a node with a custom image cannot be compared',
        files: {
          'cp.yaml': node('controlplane', image(TAILSCALE_ID)),
          'worker.yaml': node('worker', installImage('registry.lan/installer:v1.13.9')),
        },
      },
    ],
    invalid: [
      {
        files: {
          'cp-1.yaml': node('controlplane', image(TAILSCALE_ID)),
          'cp-2.yaml': node('controlplane', image(TAILSCALE_ID)),
          'worker.yaml': node('worker', image(QEMU_TAILSCALE_ID)),
        },
        errors: [
          {
            messageId: 'mixed',
            line: 6,
            column: 12,
            message:
              '"worker.yaml" uses schematic 7d4c31cbd96d… (siderolabs/qemu-guest-agent, siderolabs/tailscale), while 2 other node(s) of cluster "." use 4a0d65c669d4… (siderolabs/tailscale)',
          },
        ],
      },
      {
        name: 'a tie: the node without tailscale is the odd one',
        files: {
          'cp.yaml': node('controlplane', image(QEMU_ID)),
          'worker.yaml': node('worker', image(TAILSCALE_ID)),
        },
        errors: [
          {
            messageId: 'mixed',
            line: 6,
            column: 12,
            message:
              '"cp.yaml" uses schematic ce4c980550dd… (siderolabs/qemu-guest-agent), while 1 other node(s) of cluster "." use 4a0d65c669d4… (siderolabs/tailscale)',
          },
        ],
      },
      {
        name: 'talhelper nodes',
        yaml: 'clusterName: home\nendpoint: https://10.0.0.1:6443\nnodes:\n  - hostname: cp-1\n    ipAddress: 10.0.0.2\n    controlPlane: true\n  - hostname: cp-2\n    ipAddress: 10.0.0.4\n    controlPlane: true\n  - hostname: w-1\n    ipAddress: 10.0.0.3\n    controlPlane: false\n    schematic:\n      customization: {}\ncontrolPlane:\n  schematic:\n    customization:\n      systemExtensions:\n        officialExtensions: [siderolabs/tailscale]\n',
        errors: [{ messageId: 'mixed', line: 14, column: 7 }],
      },
    ],
  },
  talosBuilder,
)
