import rule from '../../../src/lint/rules/tal752-debug-mtu-too-large.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

const link = (mtu: number) => `---\napiVersion: v1alpha1\nkind: LinkConfig\nname: enp1s0\nmtu: ${mtu}\n`

testRule(rule, {
  valid: [
    esc('TS_DEBUG_MTU=1500'),
    `${esc('TS_DEBUG_MTU=1420')}${link(1500)}`,
    `${esc('TS_DEBUG_MTU=8920')}${link(9000)}`,
    esc('TS_DEBUG_MTU=65495'),
  ],
  invalid: [
    {
      yaml: `${esc('TS_DEBUG_MTU=1500')}${link(1500)}`,
      errors: [
        {
          messageId: 'link',
          line: 5,
          column: 18,
          message:
            "TS_DEBUG_MTU=1500 plus WireGuard's 80-byte overhead exceeds the MTU of enp1s0 (1500): large packets are fragmented or dropped; at most 1420 fits",
        },
      ],
    },
    {
      name: 'v1alpha1 interfaces',
      yaml: `${esc('TS_DEBUG_MTU=9000')}---\nmachine:\n  network:\n    interfaces:\n      - interface: eth0\n        mtu: 9000\n`,
      errors: [{ messageId: 'link', line: 5, column: 18 }],
    },
    { yaml: esc('TS_DEBUG_MTU=70000'), errors: [{ messageId: 'clamped', line: 5, column: 18 }] },
  ],
})
