import rule from '../../../src/lint/rules/tal411-tailscaled-flag.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [
    { yaml: esc('TS_TAILSCALED_EXTRA_ARGS=--syslog'), talosVersion: 'v1.13.9' },
    { yaml: esc('TS_TAILSCALED_EXTRA_ARGS=--encrypt-state'), talosVersion: 'v1.11.2' },
    esc('TS_TAILSCALED_EXTRA_ARGS=--port=41641 --verbose=1 --no-logs-no-support'),
    esc('TS_EXTRA_ARGS=--accept-routes'),
    esc('TS_TAILSCALED_EXTRA_ARGS='),
  ],
  invalid: [
    {
      name: '--syslog arrived in Tailscale 1.102',
      yaml: esc('TS_TAILSCALED_EXTRA_ARGS=--syslog'),
      talosVersion: 'v1.13.8',
      errors: [
        {
          messageId: 'notInVersion',
          message:
            '--syslog is not a tailscaled flag in Tailscale 1.98.9 as shipped for Talos v1.13.8: tailscaled exits with "flag provided but not defined: -syslog"; the flag arrived in Tailscale 1.102.0',
        },
      ],
    },
    {
      name: '--encrypt-state arrived in Tailscale 1.86',
      yaml: esc('TS_TAILSCALED_EXTRA_ARGS=--encrypt-state'),
      talosVersion: 'v1.11.1',
      errors: [{ messageId: 'notInVersion' }],
    },
    {
      yaml: esc('TS_TAILSCALED_EXTRA_ARGS=--accept-routes --prot=41641'),
      errors: [
        { messageId: 'upFlag', line: 5, column: 30 },
        {
          messageId: 'unknownSuggest',
          line: 5,
          column: 46,
          message:
            '--prot is not a tailscaled flag (did you mean --port?): tailscaled exits with "flag provided but not defined: -prot"',
        },
      ],
    },
    {
      yaml: esc('TS_TAILSCALED_EXTRA_ARGS=--socket=/tmp/x.sock --frobnicate-everything'),
      errors: [
        { messageId: 'socket', line: 5, column: 30 },
        { messageId: 'unknown', line: 5, column: 51 },
      ],
    },
  ],
})
