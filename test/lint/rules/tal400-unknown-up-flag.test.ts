import rule from '../../../src/lint/rules/tal400-unknown-up-flag.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [
    { yaml: esc('TS_EXTRA_ARGS=--posture-checking'), talosVersion: 'v1.10.0' },
    { yaml: esc('TS_EXTRA_ARGS=--audience=api.example'), talosVersion: 'v1.12.3' },
    esc('TS_EXTRA_ARGS=--ssh --accept-routes --advertise-tags=tag:talos --authkey=file:/k -reset'),
    esc('TS_EXTRA_ARGS=--port=41641'),
    esc('TS_EXTRA_ARGS=--webclient'),
    esc('TS_TAILSCALED_EXTRA_ARGS=--whatever'),
    esc('TS_EXTRA_ARGS='),
  ],
  invalid: [
    {
      name: '--audience arrived in Tailscale 1.94',
      yaml: esc('TS_EXTRA_ARGS=--audience=api.example --advertise-tags=tag:ci'),
      talosVersion: 'v1.12.2',
      errors: [
        {
          messageId: 'notInVersion',
          message:
            '--audience is not a flag of tailscale up in Tailscale 1.92.3 as shipped for Talos v1.12.2: it exits with "flag provided but not defined: -audience"; the flag arrived in Tailscale 1.94.0',
        },
      ],
    },
    {
      name: '--report-posture arrived in Tailscale 1.84',
      yaml: esc('TS_EXTRA_ARGS=--report-posture'),
      talosVersion: 'v1.10.3',
      errors: [{ messageId: 'notInVersion' }],
    },
    {
      yaml: esc('TS_EXTRA_ARGS=--ssh --advertize-routes=10.96.0.0/12'),
      errors: [
        {
          messageId: 'unknownSuggest',
          line: 5,
          column: 25,
          message:
            '--advertize-routes is not a flag of tailscale up (did you mean --advertise-routes?): it exits with "flag provided but not defined: -advertize-routes" and containerboot restarts in a loop',
        },
      ],
      output: esc('TS_EXTRA_ARGS=--ssh --advertise-routes=10.96.0.0/12'),
    },
    {
      yaml: esc('TS_EXTRA_ARGS=-acept-dns=false --frobnicate'),
      errors: [
        { messageId: 'unknownSuggest', line: 5, column: 19 },
        { messageId: 'unknown', line: 5, column: 36 },
      ],
      output: esc('TS_EXTRA_ARGS=-accept-dns=false --frobnicate'),
    },
    {
      yaml: esc('TS_EXTRA_ARGS=--unattended'),
      errors: [{ messageId: 'otherOs', line: 5, column: 19 }],
    },
  ],
})
