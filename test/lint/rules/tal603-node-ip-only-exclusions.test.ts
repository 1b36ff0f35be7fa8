import rule from '../../../src/lint/rules/tal603-node-ip-only-exclusions.ts'
import { testRule } from '../../support/rule-tester.ts'

testRule(rule, {
  valid: [
    'cluster:\n  etcd:\n    advertisedSubnets:\n      - 0.0.0.0/0\n      - "!100.64.0.0/10"\n',
    'machine:\n  kubelet:\n    nodeIP:\n      validSubnets: [192.168.0.0/16]\n',
    'machine:\n  kubelet:\n    nodeIP:\n      validSubnets: []\n',
  ],
  invalid: [
    {
      yaml: 'cluster:\n  etcd:\n    advertisedSubnets:\n      - "!100.64.0.0/10"\n',
      errors: [
        {
          messageId: 'etcd',
          line: 4,
          column: 9,
          message:
            'etcd advertisedSubnets holds only exclusions (!100.64.0.0/10): exclusions remove only what an earlier entry added, so it selects no address and etcd does not start',
        },
      ],
      output: 'cluster:\n  etcd:\n    advertisedSubnets:\n      - 0.0.0.0/0\n      - "!100.64.0.0/10"\n',
    },
    {
      name: 'kubelet, both families, flow style',
      yaml: "machine:\n  kubelet:\n    nodeIP:\n      validSubnets: ['!100.64.0.0/10', '!fd7a:115c:a1e0::/48']\n",
      errors: [{ messageId: 'kubelet', line: 4, column: 22 }],
      output:
        "machine:\n  kubelet:\n    nodeIP:\n      validSubnets: [0.0.0.0/0, ::/0, '!100.64.0.0/10', '!fd7a:115c:a1e0::/48']\n",
    },
    {
      name: 'v1.14 KubeNodeConfig',
      yaml: 'apiVersion: v1alpha1\nkind: KubeNodeConfig\nnodeIP:\n  validSubnets:\n    - "!10.0.0.0/8"\n',
      errors: [{ messageId: 'kubelet', line: 5, column: 7 }],
      output:
        'apiVersion: v1alpha1\nkind: KubeNodeConfig\nnodeIP:\n  validSubnets:\n    - 0.0.0.0/0\n    - "!10.0.0.0/8"\n',
    },
  ],
})
