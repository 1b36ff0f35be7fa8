import rule from '../../../src/lint/rules/tal800-ip-forward-disabled.ts'
import { testRule } from '../../support/rule-tester.ts'
import { ESC, escWith } from './talos-cases.ts'

testRule(rule, {
  valid: [
    'machine:\n  sysctls:\n    net.ipv4.ip_forward: "1"\n',
    { name: 'IPv4 routes need no sysctl', yaml: escWith('TS_ROUTES=192.168.1.0/24') },
    ESC,
    'apiVersion: v1alpha1\nkind: SysctlConfig\nparams:\n  net.ipv4.tcp_keepalive_time: "600"\n',
  ],
  invalid: [
    {
      yaml: 'machine:\n  sysctls:\n    net.ipv4.ip_forward: "0"\n',
      errors: [
        {
          messageId: 'disabled',
          line: 3,
          column: 26,
          message:
            'sysctl net.ipv4.ip_forward is "0": this turns off IPv4 forwarding that Talos enables by default, which breaks pod networking and every route the node advertises',
        },
      ],
      output: 'machine:\n  sysctls:\n    net.ipv4.ip_forward: "1"\n',
    },
    {
      name: 'v1.14 SysctlConfig, unquoted number',
      yaml: 'apiVersion: v1alpha1\nkind: SysctlConfig\nparams:\n  net.ipv4.conf.all.forwarding: 0\n',
      errors: [{ messageId: 'disabled', line: 4, column: 33 }],
      output: 'apiVersion: v1alpha1\nkind: SysctlConfig\nparams:\n  net.ipv4.conf.all.forwarding: "1"\n',
    },
  ],
})
