import rule from '../../../src/lint/rules/tal502-auth-once-extra-args.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [
    esc('TS_AUTH_ONCE=true'),
    esc('TS_AUTH_ONCE=false', 'TS_EXTRA_ARGS=--ssh'),
    esc('TS_AUTH_ONCE=yes', 'TS_EXTRA_ARGS=--ssh'),
    esc('TS_AUTH_ONCE=true', 'TS_EXTRA_ARGS='),
  ],
  invalid: [
    {
      yaml: esc('TS_AUTH_ONCE=true', 'TS_EXTRA_ARGS=--ssh'),
      errors: [{ messageId: 'frozen', line: 6, column: 5 }],
    },
    {
      yaml: esc('TS_EXTRA_ARGS=--advertise-tags=tag:a', 'TS_AUTH_ONCE=1'),
      errors: [{ messageId: 'frozen', line: 5, column: 5 }],
    },
  ],
})
