import rule from '../../../src/lint/rules/tal209-duplicate-service-config.ts'
import { testRule } from '../../support/rule-tester.ts'

const node = 'version: v1alpha1\nmachine:\n  type: worker\n  token: fake-token-EXAMPLE\n'
const esc = (name: string, item: string) =>
  `---\napiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: ${name}\nenvironment:\n  - ${item}\n`

testRule(rule, {
  valid: [
    `${node}${esc('tailscale', 'TS_HOSTNAME=a')}`,
    `${node}${esc('tailscale', 'TS_HOSTNAME=a')}${esc('nut-client', 'X=1')}`,
  ],
  invalid: [
    {
      yaml: `${node}${esc('tailscale', 'TS_AUTHKEY=file:/k')}${esc('tailscale', 'TS_HOSTNAME=a')}`,
      errors: [{ messageId: 'duplicate', line: 14, column: 7 }],
    },
    {
      kind: 'machine-config',
      yaml: `${esc('tailscale', 'A=1')}${esc('tailscale', 'B=1')}${esc('tailscale', 'C=1')}`,
      errors: [
        { messageId: 'duplicate', line: 10, column: 7 },
        { messageId: 'duplicate', line: 16, column: 7 },
      ],
    },
  ],
})
