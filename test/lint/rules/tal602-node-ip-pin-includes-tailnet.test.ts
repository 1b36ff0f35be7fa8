import rule from '../../../src/lint/rules/tal602-node-ip-pin-includes-tailnet.ts'
import { testRule } from '../../support/rule-tester.ts'
import { talosBuilder } from '../../support/talos-builder.ts'
import { ESC } from './talos-cases.ts'

const kubelet = (...items: string[]) =>
  `machine:\n  kubelet:\n    nodeIP:\n      validSubnets:\n${items.map(i => `        - ${i}\n`).join('')}---\n${ESC}`

testRule(
  rule,
  {
    valid: [
      kubelet('0.0.0.0/0', '"!100.64.0.0/10"'),
      kubelet('192.168.1.0/24'),
      { name: 'deliberately on the tailnet', yaml: kubelet('100.64.0.0/10') },
      {
        name: 'v6 default excluded too',
        yaml: kubelet('0.0.0.0/0', '"!100.64.0.0/10"', '::/0', '"!fd7a:115c:a1e0::/48"'),
      },
      {
        name: 'no tailscale anywhere',
        yaml: 'machine:\n  kubelet:\n    nodeIP:\n      validSubnets: [0.0.0.0/0]\n',
      },
    ],
    invalid: [
      {
        yaml: kubelet('0.0.0.0/0'),
        errors: [
          {
            messageId: 'includes',
            line: 5,
            column: 11,
            message:
              'kubelet nodeIP.validSubnets entry "0.0.0.0/0" also selects the tailnet range 100.64.0.0/10, so kubelet can pick the tailscale0 address',
          },
        ],
        output: kubelet('0.0.0.0/0', '"!100.64.0.0/10"'),
      },
      {
        name: 'exclusion before the positive entry does not count',
        yaml: kubelet('"!100.64.0.0/10"', '0.0.0.0/0'),
        errors: [{ messageId: 'includes', line: 6, column: 11 }],
        output: kubelet('"!100.64.0.0/10"', '0.0.0.0/0', '"!100.64.0.0/10"'),
      },
      {
        name: 'etcd, dual stack, flow list',
        yaml: `cluster:\n  etcd:\n    advertisedSubnets: [0.0.0.0/0, "::/0"]\n---\n${ESC}`,
        errors: [
          {
            messageId: 'includes',
            line: 3,
            column: 25,
            message:
              'etcd advertisedSubnets entry "0.0.0.0/0" also selects the tailnet range 100.64.0.0/10 and fd7a:115c:a1e0::/48, so etcd can pick the tailscale0 address',
          },
        ],
        output: `cluster:\n  etcd:\n    advertisedSubnets: [0.0.0.0/0, "::/0", "!100.64.0.0/10", "!fd7a:115c:a1e0::/48"]\n---\n${ESC}`,
      },
    ],
  },
  talosBuilder,
)
