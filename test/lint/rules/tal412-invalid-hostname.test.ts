import rule from '../../../src/lint/rules/tal412-invalid-hostname.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [
    esc('TS_HOSTNAME=talos-cp-1'),
    esc('TS_HOSTNAME='),
    esc('TS_EXTRA_ARGS=--hostname=cp1.lab'),
    esc('TS_HOSTNAME="quoted"'),
  ],
  invalid: [
    {
      yaml: esc('TS_HOSTNAME=talos_cp_1'),
      errors: [
        {
          messageId: 'invalid',
          line: 5,
          column: 17,
          message:
            'TS_HOSTNAME=talos_cp_1 is not a valid DNS host name ("talos_cp_1" contains invalid character "_"), so tailscale up exits',
        },
      ],
    },
    {
      yaml: esc('TS_EXTRA_ARGS=--hostname=-node'),
      errors: [{ messageId: 'invalid', line: 5, column: 30 }],
    },
  ],
})
