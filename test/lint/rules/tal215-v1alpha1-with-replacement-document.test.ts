import rule from '../../../src/lint/rules/tal215-v1alpha1-with-replacement-document.ts'
import { testRule } from '../../support/rule-tester.ts'

const kubeNode = 'apiVersion: v1alpha1\nkind: KubeNodeConfig\nlabels:\n  zone: a\n'
const unattended =
  'apiVersion: v1alpha1\nkind: UnattendedInstallConfig\ninstaller:\n  image: ghcr.io/siderolabs/installer:v1.14.0\n'

testRule(rule, {
  valid: [
    kubeNode,
    { name: 'the old field alone', talosVersion: 'v1.13.0', yaml: 'machine:\n  nodeLabels:\n    zone: a\n' },
    {
      name: 'unrelated v1alpha1 fields',
      yaml: `machine:\n  kubelet:\n    extraArgs:\n      max-pods: "200"\n---\n${kubeNode}`,
    },
    { name: 'machine.install deleted', yaml: `machine:\n  install:\n    $patch: delete\n---\n${unattended}` },
  ],
  invalid: [
    {
      name: 'KubeNodeConfig with nodeIP, nodeTaints and allowSchedulingOnControlPlanes',
      yaml: `machine:\n  kubelet:\n    nodeIP:\n      validSubnets: [10.0.0.0/24]\n  nodeTaints:\n    a: b:NoSchedule\ncluster:\n  allowSchedulingOnControlPlanes: true\n---\n${kubeNode}`,
      errors: [
        {
          messageId: 'conflict',
          line: 3,
          column: 5,
          message:
            '.machine.kubelet.nodeIP is set in the v1alpha1 document while the KubeNodeConfig document is present: Talos rejects the config (".machine.kubelet.nodeIP is already set in v1alpha1 config"); KubeNodeConfig replaces that field',
        },
        { messageId: 'conflict', line: 5, column: 3 },
        { messageId: 'conflict', line: 8, column: 3 },
      ],
    },
    {
      name: 'UnattendedInstallConfig with machine.install',
      yaml: `machine:\n  install:\n    disk: /dev/sda\n---\n${unattended}`,
      errors: [
        {
          messageId: 'conflict',
          line: 2,
          column: 3,
          message:
            '.machine.install is set in the v1alpha1 document while the UnattendedInstallConfig document is present: Talos rejects the config ("UnattendedInstallConfig config is incompatible with v1alpha1 config (.machine.install)"); UnattendedInstallConfig replaces that field',
        },
      ],
    },
  ],
})
