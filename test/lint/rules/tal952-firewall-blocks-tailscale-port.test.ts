import rule from '../../../src/lint/rules/tal952-firewall-blocks-tailscale-port.ts'
import { testRule } from '../../support/rule-tester.ts'
import { escWith } from './talos-cases.ts'

const BLOCK = 'apiVersion: v1alpha1\nkind: NetworkDefaultActionConfig\ningress: block\n'
const UDP =
  'apiVersion: v1alpha1\nkind: NetworkRuleConfig\nname: ts\nportSelector:\n  ports: ["41000-42000"]\n  protocol: udp\ningress:\n  - subnet: 0.0.0.0/0\n'

testRule(rule, {
  valid: [
    `${BLOCK}---\n${UDP}---\n${escWith('TS_TAILSCALED_EXTRA_ARGS=--port=41641')}`,
    { name: 'no blocking firewall', yaml: escWith('PORT=41641') },
    { name: 'random port (TAL951)', yaml: `${BLOCK}---\n${escWith('TS_EXTRA_ARGS=--ssh')}` },
  ],
  invalid: [
    {
      yaml: `${BLOCK}---\n${escWith('TS_TAILSCALED_EXTRA_ARGS=--port=41641')}`,
      errors: [
        {
          messageId: 'blocked',
          line: 10,
          column: 37,
          message:
            'tailscaled listens on 41641/udp, but the ingress firewall blocks by default and no NetworkRuleConfig opens 41641/udp: peers cannot connect directly and traffic falls back to DERP relays',
        },
      ],
      output: `${BLOCK}---\n${escWith('TS_TAILSCALED_EXTRA_ARGS=--port=41641')}---\napiVersion: v1alpha1\nkind: NetworkRuleConfig\nname: tailscale-udp\nportSelector:\n  ports:\n    - 41641\n  protocol: udp\ningress:\n  - subnet: 0.0.0.0/0\n  - subnet: ::/0\n`,
    },
    {
      name: 'PORT env and a tcp-only rule',
      yaml: `${BLOCK}---\n${UDP.replace('udp', 'tcp')}---\n${escWith('PORT=41641')}`,
      errors: [{ messageId: 'blocked', line: 19, column: 5 }],
      output: `${BLOCK}---\n${UDP.replace('udp', 'tcp')}---\n${escWith('PORT=41641')}---\napiVersion: v1alpha1\nkind: NetworkRuleConfig\nname: tailscale-udp\nportSelector:\n  ports:\n    - 41641\n  protocol: udp\ningress:\n  - subnet: 0.0.0.0/0\n  - subnet: ::/0\n`,
    },
  ],
})
