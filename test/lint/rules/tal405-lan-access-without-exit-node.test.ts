import rule from '../../../src/lint/rules/tal405-lan-access-without-exit-node.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [
    esc('TS_EXTRA_ARGS=--exit-node=100.64.0.1 --exit-node-allow-lan-access'),
    esc('TS_EXTRA_ARGS=--exit-node-allow-lan-access=false'),
    esc('TS_EXTRA_ARGS=--ssh'),
  ],
  invalid: [
    {
      yaml: esc('TS_EXTRA_ARGS=--ssh --exit-node-allow-lan-access'),
      errors: [{ messageId: 'noExitNode', line: 5, column: 25 }],
    },
    {
      yaml: esc('TS_EXTRA_ARGS=--exit-node= --exit-node-allow-lan-access=true'),
      errors: [{ messageId: 'noExitNode', line: 5, column: 32 }],
    },
  ],
})
