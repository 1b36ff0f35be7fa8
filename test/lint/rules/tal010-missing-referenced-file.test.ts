import rule from '../../../src/lint/rules/tal010-missing-referenced-file.ts'
import { testRule } from '../../support/rule-tester.ts'
import { talosBuilder } from '../../support/talos-builder.ts'

const talconfig = (patches: string) =>
  `clusterName: home\nendpoint: https://10.0.0.10:6443\nnodes:\n  - hostname: cp-1\n    ipAddress: 10.0.0.11\n    controlPlane: true\n    patches:\n${patches}`

testRule(
  rule,
  {
    valid: [
      {
        name: 'the patch file exists',
        files: {
          'talconfig.yaml': talconfig('      - "@./patches/hostname.yaml"\n'),
          'patches/hostname.yaml': 'machine:\n  network:\n    hostname: cp-1\n',
        },
      },
      { name: 'inline patch', yaml: talconfig('      - |-\n        machine:\n          network: {}\n') },
    ],
    invalid: [
      {
        name: 'missing patch: reported at the reference, once per node',
        files: {
          'talconfig.yaml': talconfig(
            '      - "@./patches/tailscale.yaml"\n      - "@./patches/missing.yaml"\n',
          ),
          'patches/tailscale.yaml': 'machine:\n  network: {}\n',
        },
        errors: [
          {
            messageId: 'missing',
            line: 9,
            column: 9,
            message:
              'talhelper patch "@./patches/missing.yaml" cannot be read (no file "patches/missing.yaml" in this case), so talhelper genconfig fails; talhelper resolves the path against the directory of talconfig.yaml',
          },
        ],
      },
    ],
  },
  talosBuilder,
)
