import rule from '../../../src/lint/rules/tal700-accept-dns-enabled.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [
    esc('TS_EXTRA_ARGS=--ssh'),
    esc('TS_ACCEPT_DNS=false'),
    esc('TS_ACCEPT_DNS=yes'),
    esc('TS_EXTRA_ARGS=--accept-dns=false'),
    esc('TS_ACCEPT_DNS=true', 'TS_EXTRA_ARGS=--accept-dns=false'),
    esc('TS_EXTRA_ARGS=--accept-dns false'),
  ],
  invalid: [
    {
      yaml: esc('TS_ACCEPT_DNS=true'),
      errors: [{ messageId: 'env', line: 5, column: 19 }],
      output: esc('TS_ACCEPT_DNS=false'),
    },
    {
      yaml: esc('TS_EXTRA_ARGS=--ssh --accept-dns'),
      errors: [
        {
          messageId: 'flag',
          line: 5,
          column: 25,
          message:
            "--accept-dns in TS_EXTRA_ARGS asks tailscaled to take over the node's DNS (containerboot moves it into TS_ACCEPT_DNS), which it cannot do on Talos: Talos owns resolv.conf, so tailscaled only reports DNS errors",
        },
      ],
      output: esc('TS_EXTRA_ARGS=--ssh --accept-dns=false'),
    },
    {
      name: 'a later stray boolean does not hide it',
      yaml: esc('TS_EXTRA_ARGS=--accept-dns --accept-routes false'),
      errors: [{ messageId: 'flag', line: 5, column: 19 }],
      output: esc('TS_EXTRA_ARGS=--accept-dns=false --accept-routes false'),
    },
    {
      yaml: esc('TS_ACCEPT_DNS=false', 'TS_EXTRA_ARGS=-accept-dns=1'),
      errors: [{ messageId: 'flag', line: 6, column: 19 }],
      output: esc('TS_ACCEPT_DNS=false', 'TS_EXTRA_ARGS=-accept-dns=false'),
    },
  ],
})
