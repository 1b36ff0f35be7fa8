import rule from '../../../src/lint/rules/tal420-invalid-destination-ip.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [
    esc('TS_DEST_IP=10.96.0.10'),
    esc('TS_DEST_IP=fd00::10'),
    esc('TS_DEST_IP=fe80::1%eth0'),
    esc('TS_DEST_IP='),
    esc('TS_TAILNET_TARGET_IP=100.101.102.103'),
    esc('TS_DEST_IP=${DEST_IP}'),
  ],
  invalid: [
    {
      yaml: esc('TS_DEST_IP=10.96.0.10/32'),
      errors: [
        {
          messageId: 'invalid',
          line: 5,
          column: 16,
          message:
            'TS_DEST_IP=10.96.0.10/32 is not an IP address: containerboot exits before tailscale up with "Failed to enable IP forwarding: invalid cluster destination IP: ParseAddr("10.96.0.10/32"): …" and the service crash-loops',
        },
      ],
    },
    {
      yaml: esc('TS_TAILNET_TARGET_IP=db.tail1234.ts.net'),
      errors: [{ messageId: 'invalid', line: 5, column: 26 }],
    },
    { yaml: esc('TS_DEST_IP=10.0.0.1:80'), errors: [{ messageId: 'invalid' }] },
    { yaml: esc('TS_DEST_IP=10.0.0.1%eth0'), errors: [{ messageId: 'invalid' }] },
  ],
})
