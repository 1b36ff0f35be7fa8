import rule from '../../../src/lint/rules/tal093-intent-accept-dns.ts'
import { buildIntent, intentText } from '../../intent/lint-support.ts'
import { testRule } from '../../support/rule-tester.ts'

testRule(
  rule,
  {
    valid: [intentText(), intentText({ tailscale: '  acceptDns: false' })],
    invalid: [
      {
        yaml: intentText({ tailscale: '  acceptDns: true' }),
        errors: [{ messageId: 'on', line: 9, column: 14 }],
        output: intentText({ tailscale: '  acceptDns: false' }),
      },
    ],
  },
  buildIntent,
)
