import rule from '../../../src/lint/rules/tal753-debug-mtu-above-default.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [
    esc('TS_HOSTNAME=cp-1'),
    esc('TS_DEBUG_MTU=1280'),
    esc('TS_DEBUG_MTU=1200'),
    esc('TS_DEBUG_MTU=70000'),
    esc('TS_DEBUG_MTU=14x0'),
    {
      name: 'a declared link MTU: TAL752 judges it',
      yaml: `${esc('TS_DEBUG_MTU=1420')}---\napiVersion: v1alpha1\nkind: LinkConfig\nname: enp1s0\nmtu: 1500\n`,
    },
  ],
  invalid: [
    {
      yaml: esc('TS_DEBUG_MTU=1420'),
      errors: [
        {
          messageId: 'raised',
          line: 5,
          column: 18,
          message:
            "TS_DEBUG_MTU=1420 raises tailscale0 above Tailscale's default 1280, which fits every path: tailscaled does not discover the path MTU by default, and the MTU of the local link is not the MTU of the path (PPPoE, DS-Lite, tunnels and mobile carriers are smaller), so packets larger than the path carries are dropped without an error",
        },
      ],
    },
  ],
})
