// biome-ignore-all lint/suspicious/noTemplateCurlyInString: talhelper ${VAR} placeholders are test data
import rule from '../../../src/lint/rules/tal207-kube-secret-on-talos.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [esc('TS_AUTHKEY=${K}'), esc('TS_KUBE_SECRET='), esc('TS_STATE_DIR=/var/lib/tailscale')],
  invalid: [
    {
      yaml: esc('TS_AUTHKEY=${K}', 'TS_KUBE_SECRET=tailscale'),
      errors: [{ messageId: 'kubeSecret', line: 6, column: 5 }],
      output: esc('TS_AUTHKEY=${K}'),
    },
    {
      yaml: esc('"TS_KUBE_SECRET=ts-state"', 'TS_HOSTNAME=a'),
      errors: [{ messageId: 'kubeSecret', line: 5, column: 5 }],
      output: esc('TS_HOSTNAME=a'),
    },
  ],
})
