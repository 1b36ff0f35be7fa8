import rule from '../../../src/lint/rules/tal604-deprecated-node-ip-location.ts'
import { testRule } from '../../support/rule-tester.ts'

const pins = 'machine:\n  kubelet:\n    nodeIP:\n      validSubnets: [192.168.1.0/24, "!100.64.0.0/10"]\n'

testRule(rule, {
  valid: [
    { talosVersion: 'v1.13.9', yaml: pins },
    { name: 'version unknown', yaml: pins },
    {
      talosVersion: 'v1.14.0',
      yaml: 'apiVersion: v1alpha1\nkind: KubeNodeConfig\nnodeIP:\n  validSubnets: [192.168.1.0/24]\n',
    },
  ],
  invalid: [
    {
      talosVersion: 'v1.14.0',
      yaml: pins,
      errors: [
        {
          messageId: 'deprecated',
          line: 4,
          column: 7,
          message:
            'machine.kubelet.nodeIP.validSubnets (192.168.1.0/24, !100.64.0.0/10) is deprecated in Talos v1.14: kubelet node IP settings moved to the KubeNodeConfig document (nodeIP.validSubnets)',
        },
      ],
    },
  ],
})
