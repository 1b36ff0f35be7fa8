import rule from '../../../src/lint/rules/tal090-intent-oauth-option-with-auth-key.ts'
import { buildIntent, intentText } from '../../intent/lint-support.ts'
import { testRule } from '../../support/rule-tester.ts'

testRule(
  rule,
  {
    valid: [
      intentText(),
      intentText({
        auth: '    oauthClientSecret: { env: S }\n    ephemeral: false\n    preauthorized: true',
        tailscale: '  tags: [tag:talos]',
      }),
      {
        name: 'invalid intents are left to the loader',
        yaml: intentText({ auth: '    authKey: 5\n    ephemeral: false' }),
      },
    ],
    invalid: [
      {
        yaml: intentText({ auth: '    authKey: { env: TS_AUTHKEY }\n    ephemeral: false' }),
        errors: [
          {
            messageId: 'ignored',
            line: 9,
            column: 5,
            message:
              'tailscale.auth.ephemeral is set, but it applies only to an OAuth client secret; with authKey the key itself decides whether nodes are ephemeral',
          },
        ],
      },
      {
        yaml: intentText({
          auth: '    authKey: { env: TS_AUTHKEY }\n    ephemeral: true\n    preauthorized: false',
        }),
        errors: [
          { messageId: 'ignored', line: 9, column: 5 },
          { messageId: 'ignored', line: 10, column: 5 },
        ],
      },
    ],
  },
  buildIntent,
)
