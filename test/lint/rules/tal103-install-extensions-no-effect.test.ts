import rule from '../../../src/lint/rules/tal103-install-extensions-no-effect.ts'
import { testRule } from '../../support/rule-tester.ts'
import { talosBuilder } from '../../support/talos-builder.ts'
import { installImage, node, TAILSCALE_ID } from './talos-cases.ts'

testRule(
  rule,
  {
    valid: [
      node('worker', installImage(`factory.talos.dev/metal-installer/${TAILSCALE_ID}:v1.13.9`)),
      'machine:\n  install:\n    disk: /dev/sda\n',
      'apiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: tailscale\nenvironment: [TS_AUTHKEY=x]\n',
    ],
    invalid: [
      {
        yaml: 'machine:\n  install:\n    extensions:\n      - image: ghcr.io/siderolabs/tailscale:1.76.6\n      - image: ghcr.io/siderolabs/iscsi-tools:v0.1.6\n',
        errors: [
          {
            messageId: 'image',
            line: 4,
            column: 16,
            message:
              'machine.install.extensions lists "ghcr.io/siderolabs/tailscale:1.76.6", which has had no effect since Talos v1.10',
          },
          { messageId: 'image', line: 5, column: 16 },
        ],
      },
      {
        name: 'a whole node',
        yaml: node(
          'worker',
          '  install:\n    extensions: [{image: "ghcr.io/siderolabs/tailscale:1.78.1"}]\n',
        ),
        errors: [{ messageId: 'image', line: 6, column: 26 }],
      },
      {
        name: "talhelper's old extensions field",
        yaml: 'clusterName: c\nendpoint: https://10.0.0.1:6443\nnodes:\n  - hostname: a\n    ipAddress: 10.0.0.2\n    controlPlane: false\n    extensions:\n      - image: ghcr.io/siderolabs/tailscale:1.44.0\n',
        errors: [{ messageId: 'image', line: 8, column: 16 }],
      },
      {
        name: 'a value that is not a list',
        yaml: 'machine:\n  install:\n    extensions: ghcr.io/siderolabs/tailscale\n',
        errors: [{ messageId: 'list', line: 3, column: 17 }],
      },
    ],
  },
  talosBuilder,
)
