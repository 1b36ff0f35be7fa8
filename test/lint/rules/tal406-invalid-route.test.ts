import rule from '../../../src/lint/rules/tal406-invalid-route.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [
    esc('TS_EXTRA_ARGS=--advertise-routes=10.0.0.1/8 --advertise-routes=10.0.0.0/8'),
    esc('TS_ROUTES=10.96.0.0/12,10.244.0.0/16'),
    esc('TS_ROUTES='),
    esc('TS_ROUTES=0.0.0.0/0,::/0'),
    esc('TS_EXTRA_ARGS=--advertise-routes=192.168.1.0/24,fd00::/8'),
  ],
  invalid: [
    {
      yaml: esc('TS_ROUTES=10.96.0.1/12'),
      errors: [
        {
          messageId: 'notMasked',
          line: 5,
          column: 15,
          message:
            'TS_ROUTES: tailscale up exits with "10.96.0.1/12 has non-address bits set; expected 10.96.0.0/12"',
        },
      ],
      output: esc('TS_ROUTES=10.96.0.0/12'),
    },
    {
      yaml: esc('TS_EXTRA_ARGS=--ssh --advertise-routes=0.0.0.0/0,192.168.1.0/24'),
      errors: [
        {
          messageId: 'halfDefault',
          line: 5,
          column: 44,
          message:
            '--advertise-routes: tailscale up exits with "0.0.0.0/0 advertised without its IPv6 counterpart, please also advertise ::/0"',
        },
      ],
    },
    {
      yaml: esc('TS_ROUTES=10.0.0.0/8,192.168.1.0'),
      errors: [
        {
          messageId: 'invalidEnv',
          line: 5,
          column: 26,
          message:
            'TS_ROUTES: containerboot checks the routes before tailscale up and exits with "Failed to enable IP forwarding: invalid subnet route: netip.ParsePrefix("192.168.1.0"): …" (""192.168.1.0" is not a valid IP address or CIDR prefix" in tailscale up)',
        },
      ],
    },
    {
      yaml: esc('TS_EXTRA_ARGS=--advertise-routes=10.0.0.0/8,192.168.1.0'),
      errors: [
        {
          messageId: 'invalid',
          message:
            '--advertise-routes: tailscale up exits with ""192.168.1.0" is not a valid IP address or CIDR prefix"',
        },
      ],
    },
    {
      yaml: esc('TS_ROUTES=fd7a:115c:a1e0:b1a::/64'),
      errors: [{ messageId: 'via' }],
    },
  ],
})
