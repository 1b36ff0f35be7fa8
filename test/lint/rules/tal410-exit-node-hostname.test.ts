import rule from '../../../src/lint/rules/tal410-exit-node-hostname.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [
    esc('TS_EXTRA_ARGS=--exit-node=100.101.102.103'),
    esc('TS_EXTRA_ARGS=--exit-node=auto:any'),
    esc('TS_EXTRA_ARGS=--exit-node=fd7a:115c:a1e0::1'),
    esc('TS_EXTRA_ARGS=--exit-node='),
    { yaml: esc('TS_EXTRA_ARGS=--exit-node=auto:any'), talosVersion: 'v1.11.2', name: 'Tailscale 1.88.1' },
  ],
  invalid: [
    {
      yaml: esc('TS_EXTRA_ARGS=--exit-node=gateway'),
      errors: [{ messageId: 'hostname', line: 5, column: 31 }],
    },
    {
      yaml: esc('TS_EXTRA_ARGS=--ssh --exit-node gateway.tail1234.ts.net'),
      errors: [{ messageId: 'hostname', line: 5, column: 37 }],
    },
    {
      name: 'auto: without an expression is a host name',
      yaml: esc("'TS_EXTRA_ARGS=--exit-node=auto:'"),
      errors: [{ messageId: 'hostname' }],
    },
    {
      name: 'Talos v1.11.1 ships Tailscale 1.84.2, before auto exit nodes',
      yaml: esc('TS_EXTRA_ARGS=--exit-node=auto:any'),
      talosVersion: 'v1.11.1',
      errors: [
        {
          messageId: 'autoTooOld',
          line: 5,
          column: 31,
          message:
            '--exit-node=auto:any: Tailscale 1.84.2 as shipped for Talos v1.11.1 has no automatic exit node (from Tailscale 1.86), so it reads "auto:any" as a host name and fails at boot with "cannot resolve exit node by hostname while Tailscale is starting up; please use its Tailscale IP address instead"',
        },
      ],
    },
  ],
})
