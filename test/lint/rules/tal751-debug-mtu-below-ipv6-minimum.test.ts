import rule from '../../../src/lint/rules/tal751-debug-mtu-below-ipv6-minimum.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [esc('TS_DEBUG_MTU=1280'), esc('TS_DEBUG_MTU=9000'), esc('TS_DEBUG_MTU=abc')],
  invalid: [
    { yaml: esc('TS_DEBUG_MTU=1200'), errors: [{ messageId: 'low', line: 5, column: 18 }] },
    { yaml: esc('TS_HOSTNAME=a', 'TS_DEBUG_MTU=576'), errors: [{ messageId: 'low', line: 6, column: 18 }] },
  ],
})
