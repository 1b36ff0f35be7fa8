import rule from '../../../src/lint/rules/tal803-ipv6-not-forwarded.ts'
import { testRule } from '../../support/rule-tester.ts'
import { talosBuilder } from '../../support/talos-builder.ts'
import { escWith, node } from './talos-cases.ts'

const sysctl = (value: string) => `machine:\n  sysctls:\n    net.ipv6.conf.all.forwarding: ${value}\n`

testRule(
  rule,
  {
    valid: [
      `${sysctl('"1"')}---\n${escWith('TS_EXTRA_ARGS=--advertise-exit-node')}`,
      { name: 'IPv4 routes only', yaml: escWith('TS_EXTRA_ARGS=--advertise-routes=10.96.0.0/12') },
      { name: 'exit node turned off', yaml: escWith('TS_EXTRA_ARGS=--advertise-exit-node=false') },
      { name: 'IPv6 in TS_ROUTES is TAL801', yaml: escWith('TS_ROUTES=fd00:1::/64') },
    ],
    invalid: [
      {
        name: 'exit node on v1.14: a SysctlConfig document is added',
        yaml: escWith('TS_EXTRA_ARGS=--accept-routes --advertise-exit-node'),
        errors: [
          {
            messageId: 'exitNode',
            line: 6,
            column: 35,
            message:
              'the node advertises itself as an exit node, but net.ipv6.conf.all.forwarding is not set: Talos enables only net.ipv6.conf.default.forwarding, so IPv4 traffic leaves through it but IPv6 traffic is not forwarded',
          },
        ],
        output: `${escWith('TS_EXTRA_ARGS=--accept-routes --advertise-exit-node')}---\napiVersion: v1alpha1\nkind: SysctlConfig\nparams:\n  net.ipv6.conf.all.forwarding: "1"\n`,
      },
      {
        name: 'whole node with the sysctl at "0"',
        yaml: node(
          'worker',
          '  sysctls:\n    net.ipv6.conf.all.forwarding: "0"\n',
          escWith('TS_EXTRA_ARGS=--advertise-routes=::/0,0.0.0.0/0'),
        ),
        errors: [
          {
            messageId: 'routes',
            line: 13,
            column: 19,
            message:
              '--advertise-routes in TS_EXTRA_ARGS holds the IPv6 route(s) ::/0, but net.ipv6.conf.all.forwarding is "0": Talos enables only net.ipv6.conf.default.forwarding, so the node advertises those routes but does not forward IPv6 traffic for them',
          },
        ],
        output: node(
          'worker',
          '  sysctls:\n    net.ipv6.conf.all.forwarding: "1"\n',
          escWith('TS_EXTRA_ARGS=--advertise-routes=::/0,0.0.0.0/0'),
        ),
      },
      {
        name: 'existing machine.sysctls block gets the key',
        talosVersion: 'v1.12.0',
        yaml: `machine:\n  sysctls:\n    net.core.somaxconn: "65535"\n---\n${escWith('TS_EXTRA_ARGS=--advertise-exit-node')}`,
        errors: [{ messageId: 'exitNode', line: 10, column: 19 }],
        output: `machine:\n  sysctls:\n    net.core.somaxconn: "65535"\n    net.ipv6.conf.all.forwarding: "1"\n---\n${escWith('TS_EXTRA_ARGS=--advertise-exit-node')}`,
      },
    ],
  },
  talosBuilder,
)
