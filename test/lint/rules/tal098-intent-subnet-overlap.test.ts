import rule from '../../../src/lint/rules/tal098-intent-subnet-overlap.ts'
import { buildIntent, intentText } from '../../intent/lint-support.ts'
import { testRule } from '../../support/rule-tester.ts'

testRule(
  rule,
  {
    valid: [
      intentText(),
      intentText({ cluster: '  podSubnets: [10.244.0.0/16]\n  serviceSubnets: [10.96.0.0/12]' }),
      intentText({
        nodes:
          '  - hostname: cp-1\n    role: controlplane\n    address: 192.168.1.11\n    subnetRouter:\n      routes: [lan, 10.20.0.0/16]',
      }),
    ],
    invalid: [
      {
        name: 'pods over services',
        yaml: intentText({ cluster: '  podSubnets: [10.0.0.0/8]' }),
        errors: [
          {
            messageId: 'clash',
            line: 6,
            column: 16,
            message:
              'cluster.podSubnets 10.0.0.0/8 overlaps cluster.serviceSubnets 10.96.0.0/12: addresses in the overlap are routed to two places',
          },
        ],
      },
      {
        name: 'route in the tailnet range',
        yaml: intentText({
          nodes:
            '  - hostname: cp-1\n    role: controlplane\n    address: 192.168.1.11\n    subnetRouter:\n      routes: [100.100.0.0/16]',
        }),
        errors: [
          {
            messageId: 'tailnet',
            line: 14,
            column: 16,
            message:
              'nodes[0].subnetRouter.routes 100.100.0.0/16 overlaps the tailnet range 100.64.0.0/10: tailnet peers use those addresses, so traffic to the overlap is routed ambiguously',
          },
        ],
      },
      {
        name: 'LAN in CGNAT space',
        yaml: intentText({
          nodes: '  - { hostname: cp-1, role: controlplane, address: 100.64.1.11 }',
        }).replace('[192.168.1.0/24]', '[100.64.1.0/24]'),
        errors: [{ messageId: 'tailnet', line: 5, column: 16 }],
      },
    ],
  },
  buildIntent,
)
