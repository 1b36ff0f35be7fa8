import rule from '../../../src/lint/rules/tal097-intent-redundant-tailscale-extension.ts'
import { buildIntent, intentText } from '../../intent/lint-support.ts'
import { testRule } from '../../support/rule-tester.ts'

testRule(
  rule,
  {
    valid: [intentText(), intentText({ image: 'image:\n  extensions: [siderolabs/iscsi-tools]' })],
    invalid: [
      {
        yaml: intentText({
          image: 'image:\n  extensions:\n    - siderolabs/iscsi-tools\n    - siderolabs/tailscale',
        }),
        errors: [{ messageId: 'redundant', line: 9, column: 7 }],
      },
    ],
  },
  buildIntent,
)
