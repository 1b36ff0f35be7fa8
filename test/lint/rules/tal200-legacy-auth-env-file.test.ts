// biome-ignore-all lint/suspicious/noTemplateCurlyInString: talhelper ${VAR} placeholders are test data
import rule from '../../../src/lint/rules/tal200-legacy-auth-env-file.ts'
import { testRule } from '../../support/rule-tester.ts'

testRule(rule, {
  valid: [
    'machine:\n  files:\n    - path: /var/etc/nut/upsmon.conf\n      op: create\n      content: x\n',
    'apiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: tailscale\nenvironment:\n  - TS_AUTHKEY=${KEY}\n',
    'machine:\n  files: []\n',
    'machine:\n  files:\n    - op: create\n      content: TS_AUTHKEY=x\n',
  ],
  invalid: [
    {
      yaml: 'machine:\n  files:\n    - path: /var/etc/tailscale/auth.env\n      op: create\n      content: |\n        TS_AUTHKEY=${KEY}\n',
      errors: [{ messageId: 'legacy', line: 3, column: 13 }],
    },
    {
      name: 'a whole node with a second legacy file',
      yaml: 'version: v1alpha1\nmachine:\n  type: worker\n  token: abc\n  files:\n    - content: x\n      path: "/var/etc/tailscale/extra.env"\n      op: create\n',
      errors: [
        {
          messageId: 'legacy',
          line: 7,
          column: 13,
          message:
            'machine.files writes "/var/etc/tailscale/extra.env", which the tailscale extension has ignored since v1.7 (February 2024): nothing in it reaches Tailscale',
        },
      ],
    },
  ],
})
