// biome-ignore-all lint/suspicious/noTemplateCurlyInString: talhelper ${VAR} placeholders are test data
import rule from '../../../src/lint/rules/tal301-empty-auth-key.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [
    esc('TS_AUTHKEY=${TS_AUTHKEY}'),
    esc('TS_HOSTNAME=a'),
    esc('TS_AUTHKEY=', 'TS_AUTH_KEY=${K}'),
    esc('TS_AUTHKEY=', 'TS_EXTRA_ARGS=--auth-key=file:/var/lib/tailscale/key'),
  ],
  invalid: [
    {
      yaml: esc('TS_AUTHKEY=', 'TS_HOSTNAME=cp-1'),
      errors: [{ messageId: 'empty', line: 5, column: 5 }],
    },
    {
      yaml: esc('TS_AUTH_KEY='),
      errors: [{ messageId: 'empty', line: 5, column: 5 }],
    },
  ],
})
