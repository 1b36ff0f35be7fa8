import rule from '../../../src/lint/rules/tal401-daemon-flag-in-extra-args.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [
    esc('TS_EXTRA_ARGS=--ssh', 'TS_TAILSCALED_EXTRA_ARGS=--port=41641'),
    esc('TS_EXTRA_ARGS=--hostname=port'),
    esc('TS_EXTRA_ARGS=--unknown-thing'),
  ],
  invalid: [
    {
      name: 'creates TS_TAILSCALED_EXTRA_ARGS',
      yaml: esc('TS_AUTHKEY=file:/k', 'TS_EXTRA_ARGS=--ssh --port=41641 --accept-routes'),
      errors: [
        {
          messageId: 'daemon',
          line: 6,
          column: 25,
          message:
            '--port is a tailscaled flag, not a tailscale up flag: in TS_EXTRA_ARGS tailscale up exits with "flag provided but not defined: -port" and the service crash-loops',
        },
      ],
      output: esc(
        'TS_AUTHKEY=file:/k',
        'TS_EXTRA_ARGS=--ssh --accept-routes',
        'TS_TAILSCALED_EXTRA_ARGS=--port=41641',
      ),
    },
    {
      name: 'appends to an existing entry, two flags, space form',
      yaml: esc(
        'TS_EXTRA_ARGS=--port 41641 --no-logs-no-support --ssh',
        'TS_TAILSCALED_EXTRA_ARGS=--verbose=1',
      ),
      errors: [
        { messageId: 'daemon', line: 5, column: 19 },
        { messageId: 'daemon', line: 5, column: 32 },
      ],
      output: esc(
        'TS_EXTRA_ARGS=--ssh',
        'TS_TAILSCALED_EXTRA_ARGS=--verbose=1 --port=41641 --no-logs-no-support',
      ),
    },
    {
      name: 'quoted YAML string',
      yaml: esc('"TS_EXTRA_ARGS=--port=41641"'),
      errors: [{ messageId: 'daemon', line: 5, column: 20 }],
      output: esc('"TS_EXTRA_ARGS="', 'TS_TAILSCALED_EXTRA_ARGS=--port=41641'),
    },
    {
      name: 'flow list',
      yaml: 'apiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: tailscale\nenvironment: [TS_HOSTNAME=a, "TS_EXTRA_ARGS=--ssh --port 41641"]\n',
      errors: [{ messageId: 'daemon', line: 4, column: 51 }],
      output:
        'apiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: tailscale\nenvironment: [TS_HOSTNAME=a, "TS_EXTRA_ARGS=--ssh", TS_TAILSCALED_EXTRA_ARGS=--port=41641]\n',
    },
    {
      name: 'state flags are not moved',
      yaml: esc('TS_EXTRA_ARGS=--statedir=/tmp --socket=/tmp/ts.sock'),
      errors: [
        { messageId: 'daemonManual', line: 5, column: 19 },
        { messageId: 'daemonManual', line: 5, column: 35 },
      ],
    },
  ],
})
