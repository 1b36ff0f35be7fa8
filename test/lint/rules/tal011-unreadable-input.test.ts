import rule from '../../../src/lint/rules/tal011-unreadable-input.ts'
import { testRule } from '../../support/rule-tester.ts'
import { talosBuilder } from '../../support/talos-builder.ts'

const talconfig = (patches: string) =>
  `clusterName: home\nendpoint: https://10.0.0.10:6443\nnodes:\n  - hostname: cp-1\n    ipAddress: 10.0.0.11\n    controlPlane: true\n    patches:\n${patches}`

testRule(
  rule,
  {
    valid: [
      {
        name: 'inline patch that begins with --- and holds two documents',
        yaml: talconfig(
          '      - |-\n        ---\n        machine:\n          network:\n            hostname: cp-1\n        ---\n        apiVersion: v1alpha1\n        kind: ExtensionServiceConfig\n        name: tailscale\n        environment:\n          - TS_AUTHKEY=${TS_AUTHKEY}\n',
        ),
      },
      {
        name: 'a Go-template patch file that is not YAML until rendered',
        files: {
          'talconfig.yaml': talconfig('      - "@./patches/hostname.yaml"\n'),
          'patches/hostname.yaml':
            'machine:\n  network:\n    hostname: {{ .MachineConfig.MachineNetwork.Hostname }\n',
        },
      },
    ],
    invalid: [
      {
        name: 'invalid YAML in an inline patch, at its line',
        yaml: talconfig(
          '      - |-\n        machine:\n          network:\n            hostname: cp-1\n           interfaces: []\n',
        ),
        errors: [{ messageId: 'invalid', line: 12 }],
      },
      {
        name: 'invalid YAML in a patch file',
        files: {
          'talconfig.yaml': talconfig('      - "@./patches/bad.yaml"\n'),
          'patches/bad.yaml': 'machine:\n  network: [\n',
        },
        errors: [{ messageId: 'invalid', line: 8 }],
      },
    ],
  },
  talosBuilder,
)
