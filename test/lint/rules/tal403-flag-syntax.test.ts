import rule from '../../../src/lint/rules/tal403-flag-syntax.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [
    esc('TS_EXTRA_ARGS=--accept-routes=false --ssh --hostname node-1 --timeout=30s'),
    esc('TS_TAILSCALED_EXTRA_ARGS=--port 41641 --verbose=2 --no-logs-no-support'),
    esc('TS_EXTRA_ARGS='),
    esc('TS_EXTRA_ARGS=--hostname --weird-but-consumed'),
  ],
  invalid: [
    {
      yaml: esc('TS_EXTRA_ARGS=--accept-dns false --ssh'),
      errors: [
        {
          messageId: 'boolSpace',
          line: 5,
          column: 19,
          message:
            '"--accept-dns false": a boolean flag takes no separate value, so "false" ends the flags and tailscale up fails with "too many non-flag arguments: ["false" "--ssh"]"',
        },
      ],
      output: esc('TS_EXTRA_ARGS=--accept-dns=false --ssh'),
    },
    {
      yaml: esc('TS_EXTRA_ARGS=--ssh=yes --timeout=30 --hostname'),
      errors: [
        { messageId: 'badValue', line: 5, column: 25 },
        { messageId: 'badValue', line: 5, column: 39 },
        { messageId: 'needsArgument', line: 5, column: 42 },
      ],
      output: esc('TS_EXTRA_ARGS=--ssh=true --timeout=30 --hostname'),
    },
    {
      yaml: esc('TS_EXTRA_ARGS=ssh ---x'),
      errors: [
        { messageId: 'positional', line: 5, column: 19 },
        { messageId: 'badSyntax', line: 5, column: 23 },
      ],
    },
    {
      yaml: esc('TS_TAILSCALED_EXTRA_ARGS=--port=41641:1 --verbose 2 extra'),
      errors: [
        { messageId: 'badValue', line: 5, column: 37 },
        { messageId: 'daemonPositional', line: 5, column: 57 },
      ],
    },
  ],
})
