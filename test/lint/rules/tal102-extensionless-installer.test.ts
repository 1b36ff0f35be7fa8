import rule from '../../../src/lint/rules/tal102-extensionless-installer.ts'
import { testRule } from '../../support/rule-tester.ts'
import { talosBuilder } from '../../support/talos-builder.ts'
import { EMPTY_ID, ESC, installImage, node, TAILSCALE_ID } from './talos-cases.ts'

testRule(
  rule,
  {
    valid: [
      node('worker', installImage(`factory.talos.dev/metal-installer/${TAILSCALE_ID}:v1.13.9`), ESC),
      {
        name: 'no tailscale on the node',
        yaml: node('worker', installImage('ghcr.io/siderolabs/installer:v1.13.9')),
      },
      { name: 'a lone patch without an image', yaml: ESC },
      {
        name: 'a custom image',
        yaml: node('worker', installImage('registry.lan/talos/installer:v1.13.9'), ESC),
      },
      {
        name: 'talhelper derives the image from the schematic',
        yaml: 'clusterName: c\nendpoint: https://10.0.0.1:6443\nnodes:\n  - hostname: a\n    ipAddress: 10.0.0.2\n    controlPlane: false\n    schematic:\n      customization:\n        systemExtensions:\n          officialExtensions: [siderolabs/tailscale]\n',
      },
    ],
    invalid: [
      {
        yaml: node('worker', installImage('ghcr.io/siderolabs/installer:v1.13.9'), ESC),
        errors: [
          {
            messageId: 'ghcr',
            line: 6,
            column: 12,
            message:
              'install image "ghcr.io/siderolabs/installer:v1.13.9" carries no system extensions: the next upgrade removes siderolabs/tailscale from this node',
          },
        ],
      },
      {
        name: 'the 1.14 default: empty schematic',
        yaml: node(
          'controlplane',
          installImage(`factory.talos.dev/metal-installer/${EMPTY_ID}:v1.14.0`),
          ESC,
        ),
        errors: [{ messageId: 'empty', line: 6, column: 12 }],
      },
      {
        name: 'no install image on a whole node (v1.13)',
        talosVersion: 'v1.13.9',
        yaml: node('worker', '  install:\n    disk: /dev/sda\n', ESC),
        errors: [
          {
            messageId: 'none',
            line: 5,
            column: 3,
            message:
              'no install image is set, so installs and upgrades use Talos’s default "ghcr.io/siderolabs/installer", which has no extensions: the next upgrade removes siderolabs/tailscale from this node',
          },
        ],
      },
      {
        name: 'no install image at all (v1.14 default)',
        yaml: node('worker', '', ESC),
        errors: [{ messageId: 'none', line: 2, column: 1 }],
      },
      {
        name: 'a patch that sets the ghcr installer next to the service config',
        yaml: `machine:\n  install:\n    image: "ghcr.io/siderolabs/installer:v1.12.0"\n---\n${ESC}`,
        errors: [{ messageId: 'ghcr', line: 3, column: 12 }],
      },
      {
        name: 'talhelper node with the extension config but no schematic (talhelper installs the empty schematic)',
        yaml: 'clusterName: c\nendpoint: https://10.0.0.1:6443\nnodes:\n  - hostname: a\n    ipAddress: 10.0.0.2\n    controlPlane: false\n    extensionServices:\n      - name: tailscale\n        environment: [TS_AUTHKEY=x]\n',
        errors: [{ messageId: 'empty', line: 4, column: 5 }],
      },
    ],
  },
  talosBuilder,
)
