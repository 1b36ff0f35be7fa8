import rule from '../../../src/lint/rules/tal099-intent-routes-without-tags.ts'
import { buildIntent, intentText } from '../../intent/lint-support.ts'
import { testRule } from '../../support/rule-tester.ts'

const ROUTER =
  '  - hostname: cp-1\n    role: controlplane\n    address: 192.168.1.11\n    subnetRouter:\n      routes: [lan]'

testRule(
  rule,
  {
    valid: [
      intentText(),
      intentText({ nodes: ROUTER, tailscale: '  tags: [tag:talos]' }),
      intentText({
        nodes: '  - { hostname: cp-1, role: controlplane, address: 192.168.1.11, exitNode: true }',
        tailscale: '  tags: [tag:talos]',
      }),
    ],
    invalid: [
      {
        yaml: intentText({ nodes: ROUTER }),
        errors: [
          {
            messageId: 'untagged',
            line: 13,
            column: 5,
            message:
              'nodes[0] (cp-1) advertises subnet routes, but tailscale.tags is empty: the generated autoApprovers name tags, so these routes wait for manual approval in the admin console',
          },
        ],
      },
      {
        yaml: intentText({ nodes: `${ROUTER}\n    exitNode: true` }),
        errors: [{ messageId: 'untagged', line: 13, column: 5 }],
      },
    ],
  },
  buildIntent,
)
