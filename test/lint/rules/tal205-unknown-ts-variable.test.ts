// biome-ignore-all lint/suspicious/noTemplateCurlyInString: talhelper ${VAR} placeholders are test data
import rule from '../../../src/lint/rules/tal205-unknown-ts-variable.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [
    esc('TS_AUTHKEY=${K}', 'TS_EXTRA_ARGS=--ssh'),
    esc('TS_DISABLE_PORTMAPPER=true', 'TS_DEBUG_MTU=1400', 'PORT=41641'),
    esc('HTTP_PROXY=http://proxy:3128'),
    esc('TS_AUTH_KEY=${K}'),
  ],
  invalid: [
    {
      yaml: esc('TS_EXTRA_ARG=--ssh'),
      errors: [
        {
          messageId: 'unknownSuggest',
          line: 5,
          column: 5,
          message:
            'TS_EXTRA_ARG is not read by containerboot, tailscaled or the tailscale CLI, so it does nothing; did you mean TS_EXTRA_ARGS?',
        },
      ],
      output: esc('TS_EXTRA_ARGS=--ssh'),
    },
    {
      yaml: esc('TAILSCALE_AUTHKEY=${K}', 'ts_hostname=a'),
      errors: [
        { messageId: 'unknownSuggest', line: 5, column: 5 },
        { messageId: 'unknownSuggest', line: 6, column: 5 },
      ],
      output: esc('TS_AUTHKEY=${K}', 'TS_HOSTNAME=a'),
    },
    {
      yaml: esc('TS_TOTALLY_MADE_UP_KNOB=1'),
      errors: [{ messageId: 'unknown', line: 5, column: 5 }],
    },
  ],
})
