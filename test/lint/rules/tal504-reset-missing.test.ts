import rule from '../../../src/lint/rules/tal504-reset-missing.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [
    esc('TS_EXTRA_ARGS=--ssh --reset'),
    esc('TS_EXTRA_ARGS=--ssh', 'TS_AUTH_ONCE=true'),
    esc('TS_EXTRA_ARGS=--auth-key=file:/k --timeout=30s'),
    esc('TS_EXTRA_ARGS=--port=41641'),
    esc('TS_HOSTNAME=a'),
  ],
  invalid: [
    {
      yaml: esc('TS_EXTRA_ARGS=--advertise-tags=tag:talos --ssh'),
      errors: [
        {
          messageId: 'noReset',
          line: 5,
          column: 5,
          message:
            'TS_EXTRA_ARGS sets --advertise-tags, --ssh without --reset while TS_AUTH_ONCE is false: if you later remove one of them, tailscale up fails with "changing settings via \'tailscale up\' requires mentioning all non-default flags" and the service crash-loops',
        },
      ],
      output: esc('TS_EXTRA_ARGS=--advertise-tags=tag:talos --ssh --reset'),
    },
    {
      yaml: esc(
        '"TS_EXTRA_ARGS=--ssh --accept-routes --shields-up --advertise-exit-node"',
        'TS_AUTH_ONCE=false',
      ),
      errors: [{ messageId: 'noReset', line: 5, column: 6 }],
      output: esc(
        '"TS_EXTRA_ARGS=--ssh --accept-routes --shields-up --advertise-exit-node --reset"',
        'TS_AUTH_ONCE=false',
      ),
    },
  ],
})
