import rule from '../../../src/lint/rules/tal095-intent-unpinned-port-with-firewall.ts'
import { buildIntent, intentText } from '../../intent/lint-support.ts'
import { testRule } from '../../support/rule-tester.ts'

testRule(
  rule,
  {
    valid: [
      intentText({ cluster: '  firewall: block' }),
      intentText({ tailscale: '  port: random' }),
      intentText({ cluster: '  firewall: block', tailscale: '  port: 41641' }),
    ],
    invalid: [
      {
        yaml: intentText({ cluster: '  firewall: block', tailscale: '  port: random' }),
        errors: [{ messageId: 'random', line: 10, column: 9 }],
      },
    ],
  },
  buildIntent,
)
