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
          'b/cp.yaml': node('controlplane', image(QEMU_ID)),
        },
      },
      {
        name: 'a node with a custom image cannot be compared',
        files: {
          'cp.yaml': node('controlplane', image(TAILSCALE_ID)),
          'worker.yaml': node('worker', installImage('registry.lan/installer:v1.13.9')),
        },
      },
      {
        name: 'nodes differ in other extensions only: not a Tailscale matter',
        files: {
          'w-1.yaml': node('worker', image(TAILSCALE_ID)),
          'w-2.yaml': node('worker', image(TAILSCALE_ID)),
          'w-3.yaml': node('worker', image(QEMU_TAILSCALE_ID)),
        },
      },
      {
        name: 'no Tailscale in the cluster at all (storage extensions on some workers)',
        files: {
          'w-1.yaml': node('worker', image(QEMU_ID)),
          'w-2.yaml': node('worker', image(QEMU_ID)),
          'w-3.yaml': node(
            'worker',
            installImage(
              'factory.talos.dev/metal-installer/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.13.9',
            ),
          ),
        },
      },
      {
        name: 'Tailscale on the control planes only, by design',
        files: {
          'cp-1.yaml': node('controlplane', image(TAILSCALE_ID)),
          'cp-2.yaml': node('controlplane', image(TAILSCALE_ID)),
          'w-1.yaml': node('worker', image(QEMU_ID)),
        },
      },
      {
        name: 'a tie within the role is no majority',
        files: {
          'cp.yaml': node('controlplane', image(QEMU_ID)),
          'cp-2.yaml': node('controlplane', image(TAILSCALE_ID)),
        },
      },
    ],
    invalid: [
      {
        files: {
          'cp-1.yaml': node('controlplane', image(TAILSCALE_ID)),
          'cp-2.yaml': node('controlplane', image(QEMU_TAILSCALE_ID)),
          'cp-3.yaml': node('controlplane', image(QEMU_ID)),
        },
        errors: [
          {
            messageId: 'mixed',
            line: 6,
            column: 12,
            message:
              '"cp-3.yaml" installs schematic ce4c980550dd… (siderolabs/qemu-guest-agent) without the tailscale extension, while 2 other control-plane node(s) of cluster "." install 4a0d65c669d4… (siderolabs/tailscale) with it: the next install or upgrade leaves this node without Tailscale',
          },
        ],
      },
      {
        name: 'talhelper nodes',
        yaml: 'clusterName: home\nendpoint: https://10.0.0.1:6443\nnodes:\n  - hostname: cp-1\n    ipAddress: 10.0.0.2\n    controlPlane: true\n  - hostname: cp-2\n    ipAddress: 10.0.0.4\n    controlPlane: true\n  - hostname: cp-3\n    ipAddress: 10.0.0.3\n    controlPlane: true\n    schematic:\n      customization: {}\ncontrolPlane:\n  schematic:\n    customization:\n      systemExtensions:\n        officialExtensions: [siderolabs/tailscale]\n',
        errors: [{ messageId: 'mixed', line: 14, column: 7 }],
      },
    ],
  },
  talosBuilder,
)
