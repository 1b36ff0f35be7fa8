import rule from '../../../src/lint/rules/tal410-exit-node-hostname.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [
    esc('TS_EXTRA_ARGS=--exit-node=100.101.102.103'),
    esc('TS_EXTRA_ARGS=--exit-node=auto:any'),
    esc('TS_EXTRA_ARGS=--exit-node=fd7a:115c:a1e0::1'),
    esc('TS_EXTRA_ARGS=--exit-node='),
  ],
  invalid: [
    {
      yaml: esc('TS_EXTRA_ARGS=--exit-node=gateway'),
      errors: [{ messageId: 'hostname', line: 5, column: 31 }],
    },
    {
      yaml: esc('TS_EXTRA_ARGS=--ssh --exit-node gateway.tail1234.ts.net'),
      errors: [{ messageId: 'hostname', line: 5, column: 37 }],
    },
  ],
})
