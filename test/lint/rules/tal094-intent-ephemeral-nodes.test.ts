import rule from '../../../src/lint/rules/tal094-intent-ephemeral-nodes.ts'
import { buildIntent, intentText } from '../../intent/lint-support.ts'
import { testRule } from '../../support/rule-tester.ts'

const OAUTH = '    oauthClientSecret: { env: S }'

testRule(
  rule,
  {
    valid: [
      intentText({ auth: OAUTH, tailscale: '  tags: [tag:talos]' }),
      intentText({ auth: `${OAUTH}\n    ephemeral: false`, tailscale: '  tags: [tag:talos]' }),
      {
        name: 'auth keys decide themselves (TAL090)',
        yaml: intentText({ auth: '    authKey: { env: K }\n    ephemeral: true' }),
      },
    ],
    invalid: [
      {
        yaml: intentText({ auth: `${OAUTH}\n    ephemeral: true`, tailscale: '  tags: [tag:talos]' }),
        errors: [{ messageId: 'ephemeral', line: 9, column: 16 }],
      },
    ],
  },
  buildIntent,
)
