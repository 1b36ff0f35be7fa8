import rule from '../../../src/lint/rules/tal096-intent-auth-once.ts'
import { buildIntent, intentText } from '../../intent/lint-support.ts'
import { testRule } from '../../support/rule-tester.ts'

testRule(
  rule,
  {
    valid: [intentText(), intentText({ tailscale: '  authOnce: false' })],
    invalid: [
      {
        yaml: intentText({ tailscale: '  authOnce: true' }),
        errors: [{ messageId: 'once', line: 9, column: 13 }],
      },
    ],
  },
  buildIntent,
)
