import rule from '../../../src/lint/rules/tal500-state-dir-override.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [
    esc('TS_STATE_DIR=/var/lib/tailscale'),
    esc('TS_STATE_DIR=/var/lib/tailscale/'),
    esc('TS_STATE_DIR=/var/lib/tailscale/sub'),
    esc('TS_AUTHKEY=file:/k'),
  ],
  invalid: [
    {
      yaml: esc('TS_AUTHKEY=file:/k', '"TS_STATE_DIR=mem:"'),
      errors: [
        {
          messageId: 'memory',
          line: 6,
          column: 19,
          message:
            'TS_STATE_DIR=mem: asks for in-memory state, which would register the node as ephemeral and lose its identity on every restart; it is ignored only because the extension sets TS_STATE_DIR first',
        },
      ],
      output: esc('TS_AUTHKEY=file:/k'),
    },
    {
      yaml: esc('TS_STATE_DIR=/tmp/tailscale', 'TS_HOSTNAME=a'),
      errors: [{ messageId: 'volatile', line: 5, column: 18 }],
      output: esc('TS_HOSTNAME=a'),
    },
  ],
})
