import rule from '../../../src/lint/rules/tal212-invalid-port-env.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [esc('PORT=41641'), esc('PORT=0'), esc('TS_PORT=x'), esc('PORT=')],
  invalid: [
    { yaml: esc('PORT=udp/41641'), errors: [{ messageId: 'invalid', line: 5, column: 10 }] },
    { yaml: esc('PORT=70000'), errors: [{ messageId: 'invalid', line: 5, column: 10 }] },
  ],
})
