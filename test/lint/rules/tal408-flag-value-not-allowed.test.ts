import rule from '../../../src/lint/rules/tal408-flag-value-not-allowed.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [
    esc('TS_EXTRA_ARGS=--netfilter-mode=off'),
    esc('TS_EXTRA_ARGS=--netfilter-mode nodivert'),
    esc('TS_EXTRA_ARGS=--ssh'),
    esc('TS_EXTRA_ARGS=--host-routes'),
    // Read only when a QR code is printed, which an auth key never does.
    esc('TS_EXTRA_ARGS=--qr-format huge'),
  ],
  invalid: [
    {
      yaml: esc('TS_EXTRA_ARGS=--netfilter-mode=nftables'),
      errors: [
        {
          messageId: 'notAllowed',
          line: 5,
          column: 36,
          message:
            '--netfilter-mode=nftables is not one of on, nodivert, off: tailscale up exits with "invalid value --netfilter-mode="nftables""',
        },
      ],
    },
    {
      yaml: esc('TS_EXTRA_ARGS=--host-routes=false'),
      errors: [
        {
          messageId: 'notAllowed',
          line: 5,
          column: 33,
          message: `--host-routes=false is not one of true: tailscale up exits with "invalid boolean value "false" for -host-routes: unsupported value; only 'true' is allowed"`,
        },
      ],
    },
  ],
})
