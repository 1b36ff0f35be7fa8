import rule from '../../../src/lint/rules/tal951-firewall-random-tailscale-port.ts'
import { testRule } from '../../support/rule-tester.ts'
import { ESC, escWith } from './talos-cases.ts'

const BLOCK = 'apiVersion: v1alpha1\nkind: NetworkDefaultActionConfig\ningress: block\n'

testRule(rule, {
  valid: [
    `${BLOCK}---\n${escWith('TS_TAILSCALED_EXTRA_ARGS=--port=41641')}`,
    `${BLOCK}---\n${escWith('PORT=41641')}`,
    {
      name: 'accept by default',
      yaml: `apiVersion: v1alpha1\nkind: NetworkDefaultActionConfig\ningress: accept\n---\n${ESC}`,
    },
    { name: 'no tailscale service', yaml: BLOCK },
  ],
  invalid: [
    {
      yaml: `${BLOCK}---\n${ESC}`,
      errors: [
        {
          messageId: 'random',
          line: 3,
          column: 10,
          message:
            'the ingress firewall blocks by default, and tailscaled listens on a random UDP port (no --port in TS_TAILSCALED_EXTRA_ARGS, no PORT): no NetworkRuleConfig can open it, so peers cannot connect directly and traffic falls back to DERP relays',
        },
      ],
    },
    {
      name: 'port 0 is random',
      yaml: `${BLOCK}---\n${escWith('TS_TAILSCALED_EXTRA_ARGS=--port 0')}`,
      errors: [{ messageId: 'random', line: 3, column: 10 }],
    },
  ],
})
