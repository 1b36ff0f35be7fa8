import rule from '../../../src/lint/rules/tal950-firewall-blocks-talos-api-from-tailnet.ts'
import { testRule } from '../../support/rule-tester.ts'
import { talosBuilder } from '../../support/talos-builder.ts'
import { ESC } from './talos-cases.ts'

const BLOCK = 'apiVersion: v1alpha1\nkind: NetworkDefaultActionConfig\ningress: block\n'
const rule50000 = (subnet: string, extra = '') =>
  `apiVersion: v1alpha1\nkind: NetworkRuleConfig\nname: apid\nportSelector:\n  ports: ["50000"]\n  protocol: tcp\ningress:\n  - subnet: ${subnet}\n${extra}`
const ADDED =
  '---\napiVersion: v1alpha1\nkind: NetworkRuleConfig\nname: talos-api-tailnet\nportSelector:\n  ports:\n    - 50000\n  protocol: tcp\ningress:\n  - subnet: 100.64.0.0/10\n  - subnet: fd7a:115c:a1e0::/48\n'

testRule(
  rule,
  {
    valid: [
      `${BLOCK}---\n${rule50000('100.64.0.0/10')}---\n${ESC}`,
      { name: 'open to everything', yaml: `${BLOCK}---\n${rule50000('0.0.0.0/0')}---\n${ESC}` },
      {
        name: 'accept by default',
        yaml: `apiVersion: v1alpha1\nkind: NetworkDefaultActionConfig\ningress: accept\n---\n${ESC}`,
      },
      { name: 'no tailscale', yaml: BLOCK },
      {
        name: 'the rule is in another patch of the cluster',
        files: { 'fw.yaml': `${BLOCK}---\n${ESC}`, 'rules.yaml': rule50000('100.64.0.0/10') },
      },
    ],
    invalid: [
      {
        yaml: `${BLOCK}---\n${ESC}`,
        errors: [
          {
            messageId: 'blocked',
            line: 3,
            column: 10,
            message:
              'the ingress firewall blocks by default and no NetworkRuleConfig opens 50000/tcp (Talos API) to 100.64.0.0/10: tailscale0 is not a trusted interface, so talosctl over the tailnet is locked out',
          },
        ],
        output: `${BLOCK}---\n${ESC}${ADDED}`,
      },
      {
        name: 'the rule excepts the tailnet',
        yaml: `${BLOCK}---\n${rule50000('0.0.0.0/0', '    except: 100.64.0.0/10\n')}---\n${ESC}`,
        errors: [{ messageId: 'blocked', line: 3, column: 10 }],
        output: `${BLOCK}---\n${rule50000('0.0.0.0/0', '    except: 100.64.0.0/10\n')}---\n${ESC}${ADDED}`,
      },
      {
        name: 'talhelper ingressFirewall (block is its default)',
        yaml: 'clusterName: c\nendpoint: https://10.0.0.1:6443\nnodes:\n  - hostname: a\n    ipAddress: 10.0.0.2\n    controlPlane: true\n    ingressFirewall:\n      rules:\n        - name: kubelet\n          portSelector:\n            ports: [10250]\n            protocol: tcp\n          ingress:\n            - subnet: 10.0.0.0/24\n    extensionServices:\n      - name: tailscale\n        environment: [TS_AUTHKEY=x]\n',
        errors: [{ messageId: 'blocked', line: 8, column: 7 }],
      },
    ],
  },
  talosBuilder,
)
