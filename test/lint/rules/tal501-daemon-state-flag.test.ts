import rule from '../../../src/lint/rules/tal501-daemon-state-flag.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [
    esc('TS_TAILSCALED_EXTRA_ARGS=--port=41641'),
    esc('TS_TAILSCALED_EXTRA_ARGS=--statedir=/var/lib/tailscale'),
    esc('TS_TAILSCALED_EXTRA_ARGS=--state=/var/lib/tailscale/tailscaled.state'),
    esc('TS_EXTRA_ARGS=--state=mem:'),
  ],
  invalid: [
    {
      yaml: esc('"TS_TAILSCALED_EXTRA_ARGS=--port=41641 --state=mem: --verbose=1"'),
      errors: [{ messageId: 'memory', line: 5, column: 44 }],
    },
    {
      yaml: esc('TS_TAILSCALED_EXTRA_ARGS=--statedir /tmp'),
      errors: [{ messageId: 'volatile', line: 5, column: 30 }],
    },
  ],
})
