import rule from '../../../src/lint/rules/tal404-exit-node-conflict.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [
    // auto:any picks no exit node before the node is up; a host name fails earlier (TAL410).
    esc('TS_EXTRA_ARGS=--advertise-exit-node --exit-node=auto:any'),
    esc('TS_EXTRA_ARGS=--advertise-exit-node --exit-node=gateway'),
    esc('TS_EXTRA_ARGS=--advertise-exit-node'),
    esc('TS_EXTRA_ARGS=--exit-node=100.64.0.1'),
    esc('TS_EXTRA_ARGS=--exit-node= --advertise-exit-node'),
    esc('TS_EXTRA_ARGS=--exit-node=100.64.0.1 --advertise-exit-node=false'),
    esc('TS_ROUTES=0.0.0.0/0', 'TS_EXTRA_ARGS=--exit-node=100.64.0.1'),
  ],
  invalid: [
    {
      yaml: esc('TS_EXTRA_ARGS=--advertise-exit-node --exit-node=100.64.0.1'),
      errors: [
        {
          messageId: 'conflict',
          line: 5,
          column: 41,
          message:
            '--exit-node=100.64.0.1 together with --advertise-exit-node: tailscale up fails with "Cannot advertise an exit node and use an exit node at the same time."',
        },
      ],
    },
    {
      yaml: esc('TS_ROUTES=0.0.0.0/0,::/0', 'TS_EXTRA_ARGS=--exit-node 100.64.0.1'),
      errors: [{ messageId: 'conflict', line: 6, column: 19 }],
    },
  ],
})
