import rule from '../../../src/lint/rules/tal402-set-only-flag.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [
    esc('TS_EXTRA_ARGS=--ssh --reset'),
    esc('TS_EXTRA_ARGS=--accept-risk=lose-ssh'),
    esc('TS_HOSTNAME=webclient'),
  ],
  invalid: [
    {
      yaml: esc('TS_EXTRA_ARGS=--ssh --auto-update --webclient=true'),
      errors: [
        {
          messageId: 'setOnly',
          line: 5,
          column: 25,
          message:
            '--auto-update is a flag of tailscale set, not of tailscale up: containerboot only runs up with TS_EXTRA_ARGS, which exits with "flag provided but not defined: -auto-update"',
        },
        { messageId: 'setOnly', line: 5, column: 39 },
      ],
    },
    {
      yaml: esc('TS_EXTRA_ARGS=--nickname=cp1'),
      errors: [{ messageId: 'setOnly', line: 5, column: 19 }],
    },
  ],
})
