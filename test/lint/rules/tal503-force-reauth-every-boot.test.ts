import rule from '../../../src/lint/rules/tal503-force-reauth-every-boot.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [
    esc('TS_EXTRA_ARGS=--ssh --reset'),
    esc('TS_EXTRA_ARGS=--force-reauth', 'TS_AUTH_ONCE=true'),
    esc('TS_EXTRA_ARGS=--force-reauth=false'),
  ],
  invalid: [
    {
      yaml: esc('TS_EXTRA_ARGS=--ssh --force-reauth'),
      errors: [{ messageId: 'reauth', line: 5, column: 25 }],
    },
    {
      yaml: esc('TS_AUTH_ONCE=false', 'TS_EXTRA_ARGS=-force-reauth=true'),
      errors: [{ messageId: 'reauth', line: 6, column: 19 }],
    },
  ],
})
