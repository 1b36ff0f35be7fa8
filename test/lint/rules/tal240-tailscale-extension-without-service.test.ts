import rule from '../../../src/lint/rules/tal240-tailscale-extension-without-service.ts'
import { testRule } from '../../support/rule-tester.ts'
import { talosBuilder } from '../../support/talos-builder.ts'
import { ESC, installImage, node, QEMU_ID, QEMU_TAILSCALE_ID, TAILSCALE_ID } from './talos-cases.ts'

const image = (id: string) => installImage(`factory.talos.dev/metal-installer/${id}:v1.13.9`)

testRule(
  rule,
  {
    valid: [
      node('worker', image(TAILSCALE_ID), ESC),
      { name: 'no tailscale in the schematic', yaml: node('worker', image(QEMU_ID)) },
      { name: 'a patch cannot tell', yaml: `machine:\n${image(TAILSCALE_ID)}` },
      {
        name: 'the service config is a patch of the same cluster',
        files: { 'cp.yaml': node('controlplane', image(QEMU_TAILSCALE_ID)), 'tailscale.yaml': ESC },
      },
      {
        name: 'talhelper node with extensionServices in its group',
        yaml: 'clusterName: c\nendpoint: https://10.0.0.1:6443\nnodes:\n  - hostname: a\n    ipAddress: 10.0.0.2\n    controlPlane: true\ncontrolPlane:\n  schematic:\n    customization:\n      systemExtensions:\n        officialExtensions: [siderolabs/tailscale]\n  extensionServices:\n    - name: tailscale\n      environment: [TS_AUTHKEY=x]\n',
      },
    ],
    invalid: [
      {
        yaml: node('worker', image(QEMU_TAILSCALE_ID)),
        errors: [
          {
            messageId: 'missing',
            line: 6,
            column: 12,
            message:
              'the node installs siderolabs/tailscale but has no ExtensionServiceConfig named "tailscale": ext-tailscale waits for it forever and the boot sequence stalls',
          },
        ],
      },
      {
        name: 'the service config is in another cluster',
        files: { 'a/cp.yaml': node('controlplane', image(TAILSCALE_ID)), 'b/tailscale.yaml': ESC },
        errors: [{ messageId: 'missing', line: 6, column: 12 }],
      },
      {
        name: "talhelper's own example: the schematic has tailscale, the key goes to auth.env",
        yaml: 'clusterName: c\nendpoint: https://10.0.0.1:6443\nnodes:\n  - hostname: kmaster1\n    ipAddress: 192.168.200.11\n    controlPlane: true\n    schematic:\n      customization:\n        systemExtensions:\n          officialExtensions:\n            - siderolabs/intel-ucode\n            - siderolabs/tailscale\n    machineFiles:\n      - content: |\n          TS_AUTHKEY=123456\n        permissions: 0o644\n        path: /var/etc/tailscale/auth.env\n        op: create\n',
        errors: [
          {
            messageId: 'missing',
            line: 8,
            column: 7,
            message:
              'the node "kmaster1" installs siderolabs/tailscale but has no ExtensionServiceConfig named "tailscale": ext-tailscale waits for it forever and the boot sequence stalls',
          },
        ],
      },
    ],
  },
  talosBuilder,
)
