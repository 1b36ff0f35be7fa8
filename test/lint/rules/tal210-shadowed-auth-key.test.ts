import rule from '../../../src/lint/rules/tal210-shadowed-auth-key.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [
    esc('TS_AUTHKEY=file:/k'),
    esc('TS_AUTH_KEY=file:/k'),
    esc('TS_AUTHKEY=', 'TS_AUTH_KEY=file:/k'),
    esc('TS_EXTRA_ARGS=--auth-key=file:/k'),
  ],
  invalid: [
    {
      yaml: esc('TS_AUTHKEY=file:/old', 'TS_AUTH_KEY=file:/new'),
      errors: [{ messageId: 'alias', line: 6, column: 5 }],
      output: esc('TS_AUTHKEY=file:/old'),
    },
    {
      yaml: esc('TS_AUTH_KEY=file:/a', 'TS_EXTRA_ARGS=--ssh --authkey=file:/b'),
      errors: [
        {
          messageId: 'flag',
          line: 6,
          column: 25,
          message:
            '--authkey in TS_EXTRA_ARGS comes after the key containerboot passes from TS_AUTH_KEY, so it wins and TS_AUTH_KEY is ignored',
        },
      ],
    },
  ],
})
