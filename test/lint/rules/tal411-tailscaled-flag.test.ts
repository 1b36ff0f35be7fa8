import rule from '../../../src/lint/rules/tal411-tailscaled-flag.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [
    esc('TS_TAILSCALED_EXTRA_ARGS=--port=41641 --verbose=1 --no-logs-no-support'),
    esc('TS_EXTRA_ARGS=--accept-routes'),
    esc('TS_TAILSCALED_EXTRA_ARGS='),
  ],
  invalid: [
    {
      yaml: esc('TS_TAILSCALED_EXTRA_ARGS=--accept-routes --prot=41641'),
      errors: [
        { messageId: 'upFlag', line: 5, column: 30 },
        {
          messageId: 'unknownSuggest',
          line: 5,
          column: 46,
          message:
            '--prot is not a tailscaled flag (did you mean --port?): tailscaled exits with "flag provided but not defined: -prot"',
        },
      ],
    },
    {
      yaml: esc('TS_TAILSCALED_EXTRA_ARGS=--socket=/tmp/x.sock --frobnicate-everything'),
      errors: [
        { messageId: 'socket', line: 5, column: 30 },
        { messageId: 'unknown', line: 5, column: 51 },
      ],
    },
  ],
})
