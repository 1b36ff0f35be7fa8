import rule from '../../../src/lint/rules/tal208-invalid-boolean.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [
    esc('TS_AUTH_ONCE=true', 'TS_ACCEPT_DNS=0'),
    esc('TS_AUTH_ONCE='),
    esc('TS_USERSPACE=no'),
    esc('TS_HOSTNAME=yes'),
    esc('TS_ACCEPT_DNS="false"'),
  ],
  invalid: [
    {
      yaml: esc('TS_AUTH_ONCE=yes'),
      errors: [
        {
          messageId: 'invalid',
          line: 5,
          column: 18,
          message:
            'TS_AUTH_ONCE=yes is not a boolean Go accepts (true/false, 1/0, t/f), so containerboot silently uses the default, false',
        },
      ],
      output: esc('TS_AUTH_ONCE=true'),
    },
    {
      yaml: esc('TS_ENABLE_METRICS=on', 'TS_EXPERIMENTAL_SERVICE_AUTO_ADVERTISEMENT=off'),
      errors: [
        { messageId: 'invalid', line: 5, column: 23 },
        { messageId: 'invalid', line: 6, column: 48 },
      ],
      output: esc('TS_ENABLE_METRICS=true', 'TS_EXPERIMENTAL_SERVICE_AUTO_ADVERTISEMENT=false'),
    },
    {
      yaml: esc('TS_ACCEPT_DNS=maybe'),
      errors: [{ messageId: 'invalid', line: 5, column: 19 }],
    },
  ],
})
