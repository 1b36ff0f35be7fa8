import rule from '../../../src/lint/rules/tal801-ipv6-forwarding-missing.ts'
import { testRule } from '../../support/rule-tester.ts'
import { talosBuilder } from '../../support/talos-builder.ts'
import { escWith, node } from './talos-cases.ts'

const sysctl = (value: string) => `machine:\n  sysctls:\n    net.ipv6.conf.all.forwarding: ${value}\n`

testRule(
  rule,
  {
    valid: [
      `${sysctl('"1"')}---\n${escWith('TS_ROUTES=fd00:1::/64')}`,
      { name: 'IPv4 routes only', yaml: escWith('TS_ROUTES=10.96.0.0/12,192.168.1.0/24') },
      {
        name: 'exit node and IPv6 flag routes are TAL803 (no crash loop)',
        yaml: escWith('TS_EXTRA_ARGS=--advertise-exit-node --advertise-routes=fd00:1::/64'),
      },
      {
        name: 'the sysctl is in another patch of the cluster',
        files: { 'sysctls.yaml': sysctl('1'), 'tailscale.yaml': escWith('TS_ROUTES=fd00:1::/64') },
      },
    ],
    invalid: [
      {
        talosVersion: 'v1.13.9',
        yaml: escWith('TS_ROUTES=192.168.1.0/24,fd00:1::/64'),
        errors: [
          {
            messageId: 'routes',
            line: 6,
            column: 5,
            message:
              'TS_ROUTES holds the IPv6 prefix(es) fd00:1::/64, but net.ipv6.conf.all.forwarding is not set: containerboot then tries to turn it on itself, cannot write the read-only /proc/sys of the extension container, exits, and the tailscale service restarts in a loop',
          },
        ],
        output: `${escWith('TS_ROUTES=192.168.1.0/24,fd00:1::/64')}---\nmachine:\n  sysctls:\n    net.ipv6.conf.all.forwarding: "1"\n`,
      },
      {
        name: 'v1.14: a SysctlConfig document is added',
        yaml: escWith('TS_ROUTES=fd00:1::/64'),
        errors: [{ messageId: 'routes', line: 6, column: 5 }],
        output: `${escWith('TS_ROUTES=fd00:1::/64')}---\napiVersion: v1alpha1\nkind: SysctlConfig\nparams:\n  net.ipv6.conf.all.forwarding: "1"\n`,
      },
      {
        name: 'whole node with the sysctl at "0"',
        yaml: node(
          'worker',
          '  sysctls:\n    net.ipv6.conf.all.forwarding: "0"\n',
          escWith('TS_ROUTES=::/0'),
        ),
        errors: [{ messageId: 'routes', line: 13, column: 5 }],
        output: node(
          'worker',
          '  sysctls:\n    net.ipv6.conf.all.forwarding: "1"\n',
          escWith('TS_ROUTES=::/0'),
        ),
      },
    ],
  },
  talosBuilder,
)
