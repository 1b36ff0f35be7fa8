// biome-ignore-all lint/suspicious/noTemplateCurlyInString: talhelper ${VAR} placeholders are test data
import rule from '../../../src/lint/rules/tal214-tailscale-outside-service-config.ts'
import { testRule } from '../../support/rule-tester.ts'

testRule(rule, {
  valid: [
    'machine:\n  env:\n    https_proxy: http://proxy.lan:3128\n    GRPC_GO_LOG_SEVERITY_LEVEL: info\n',
    {
      name: 'a file that is not Tailscale configuration',
      yaml: 'machine:\n  files:\n    - path: /var/etc/app.env\n      op: create\n      permissions: 0o644\n      content: |\n        APP_MODE=prod\n',
    },
    {
      name: 'the legacy auth.env is TAL200',
      yaml: 'machine:\n  files:\n    - path: /var/etc/tailscale/auth.env\n      op: create\n      permissions: 0o600\n      content: |\n        TS_AUTHKEY=${TS_AUTHKEY}\n',
    },
    { name: 'TS_ name nothing reads', yaml: 'machine:\n  env:\n    TS_MY_OWN_THING: x\n' },
  ],
  invalid: [
    {
      yaml: 'machine:\n  env:\n    TS_AUTHKEY: ${TS_AUTHKEY}\n    TS_ROUTES: 10.0.0.0/24\n',
      errors: [
        {
          messageId: 'env',
          line: 3,
          column: 5,
          message:
            'machine.env sets TS_AUTHKEY: machine-wide environment goes to every Talos service and extension (apid, kubelet, etcd, ...), not only tailscale, so the credential is readable by all of them; the extension takes its settings from its ExtensionServiceConfig',
        },
        { messageId: 'env', line: 4, column: 5 },
      ],
    },
    {
      name: 'EnvironmentConfig (v1.13+)',
      talosVersion: 'v1.13.0',
      yaml: 'apiVersion: v1alpha1\nkind: EnvironmentConfig\nvariables:\n  TS_AUTH_KEY: ${KEY}\n',
      errors: [{ messageId: 'env', line: 4, column: 3 }],
    },
    {
      name: 'Tailscale settings written to a file nothing reads',
      yaml: 'machine:\n  files:\n    - path: /var/lib/tailscale/env\n      op: create\n      permissions: 0o600\n      content: |\n        TS_AUTHKEY=${TS_AUTHKEY}\n        TS_EXTRA_ARGS=--ssh\n',
      errors: [
        {
          messageId: 'file',
          line: 3,
          column: 13,
          message:
            'machine.files writes Tailscale settings (TS_AUTHKEY, TS_EXTRA_ARGS) to "/var/lib/tailscale/env", but the tailscale extension reads no file of its own: its settings come only from the ExtensionServiceConfig named tailscale, so this file has no effect',
        },
      ],
    },
  ],
})
