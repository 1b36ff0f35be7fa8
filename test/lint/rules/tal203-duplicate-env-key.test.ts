// biome-ignore-all lint/suspicious/noTemplateCurlyInString: talhelper ${VAR} placeholders are test data
import rule from '../../../src/lint/rules/tal203-duplicate-env-key.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [
    esc('TS_AUTHKEY=${A}', 'TS_HOSTNAME=x'),
    esc('TS_AUTHKEY=${A}', 'TS_AUTH_KEY=${A}'),
    `${esc('TS_HOSTNAME=a')}---\napiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: other\nenvironment:\n  - TS_HOSTNAME=b\n`,
  ],
  invalid: [
    {
      yaml: esc('TS_AUTHKEY=${OLD_KEY}', 'TS_HOSTNAME=cp-1', 'TS_AUTHKEY=${NEW_KEY}'),
      errors: [
        {
          messageId: 'duplicate',
          line: 7,
          column: 5,
          message:
            'TS_AUTHKEY is set again here, but the first occurrence wins: the value from line 5 is the one in effect and this one is ignored',
        },
      ],
      output: esc('TS_AUTHKEY=${OLD_KEY}', 'TS_HOSTNAME=cp-1'),
    },
    {
      name: 'three times, in a flow list',
      yaml: 'apiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: tailscale\nenvironment: [TS_HOSTNAME=a, TS_HOSTNAME=b, "TS_HOSTNAME=c"]\n',
      errors: [
        { messageId: 'duplicate', line: 4, column: 30 },
        { messageId: 'duplicate', line: 4, column: 46 },
      ],
      output:
        'apiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: tailscale\nenvironment: [TS_HOSTNAME=a]\n',
    },
    {
      name: 'with a trailing comment',
      yaml: esc('TS_ROUTES=10.96.0.0/12', 'TS_ROUTES=10.244.0.0/16 # pods'),
      errors: [{ messageId: 'duplicate', line: 6, column: 5 }],
      output: esc('TS_ROUTES=10.96.0.0/12'),
    },
  ],
})
