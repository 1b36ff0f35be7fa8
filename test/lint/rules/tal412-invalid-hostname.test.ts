import rule from '../../../src/lint/rules/tal412-invalid-hostname.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [
    esc('TS_EXTRA_ARGS=--hostname=bad_one --hostname=good'),
    esc('TS_HOSTNAME=talos-cp-1'),
    esc('TS_HOSTNAME='),
    esc('TS_EXTRA_ARGS=--hostname=cp1.lab'),
    esc('TS_HOSTNAME="quoted"'),
    esc(
      `TS_HOSTNAME=${Array.from({ length: 4 }, () => 'x'.repeat(63))
        .join('.')
        .slice(0, 253)}`,
    ),
  ],
  invalid: [
    {
      yaml: esc('TS_HOSTNAME=talos_cp_1'),
      errors: [
        {
          messageId: 'invalid',
          line: 5,
          column: 17,
          message: `TS_HOSTNAME=talos_cp_1 is not a valid DNS host name: tailscale up exits with ""talos_cp_1" is not a valid DNS label: contains invalid character '_'" (Tailscale 1.102.2 as shipped for Talos v1.14.0) and the service crash-loops`,
        },
      ],
    },
    {
      yaml: esc('TS_EXTRA_ARGS=--hostname=-node'),
      errors: [{ messageId: 'invalid', line: 5, column: 30 }],
    },
    {
      name: '253 bytes is too long before Tailscale 1.92',
      talosVersion: 'v1.11.2',
      yaml: esc(
        `TS_HOSTNAME=${Array.from({ length: 4 }, () => 'x'.repeat(63))
          .join('.')
          .slice(0, 253)}`,
      ),
      errors: [{ messageId: 'invalid' }],
    },
  ],
})
