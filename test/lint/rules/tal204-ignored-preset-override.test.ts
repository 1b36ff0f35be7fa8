// biome-ignore-all lint/suspicious/noTemplateCurlyInString: talhelper ${VAR} placeholders are test data
import rule from '../../../src/lint/rules/tal204-ignored-preset-override.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [
    esc('TS_STATE_DIR=/var/lib/tailscale'),
    esc('TS_STATE_DIR=/var/lib/tailscale/'),
    esc('TS_USERSPACE=false', 'TS_SOCKET=/var/run/tailscale/tailscaled.sock'),
    esc('TS_USERSPACE=0'),
    esc('TS_STATE_DIR=mem:'),
  ],
  invalid: [
    {
      yaml: esc('TS_AUTHKEY=${K}', 'TS_USERSPACE=true'),
      errors: [
        {
          messageId: 'ignored',
          line: 6,
          column: 5,
          message:
            'TS_USERSPACE=true has no effect: the extension already sets TS_USERSPACE=false and the first occurrence of a key wins',
        },
      ],
      output: esc('TS_AUTHKEY=${K}'),
    },
    {
      yaml: esc('TS_SOCKET=/tmp/tailscaled.sock', 'TS_HOSTNAME=a'),
      errors: [{ messageId: 'ignored', line: 5, column: 5 }],
      output: esc('TS_HOSTNAME=a'),
    },
    {
      yaml: esc('TS_STATE_DIR=/var/lib/tailscale/state'),
      errors: [{ messageId: 'ignored', line: 5, column: 5 }],
      output: 'apiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: tailscale\nenvironment:\n',
    },
  ],
})
