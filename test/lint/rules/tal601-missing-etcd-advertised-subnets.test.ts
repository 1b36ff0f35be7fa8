import rule from '../../../src/lint/rules/tal601-missing-etcd-advertised-subnets.ts'
import { testRule } from '../../support/rule-tester.ts'
import { talosBuilder } from '../../support/talos-builder.ts'
import { ESC, node } from './talos-cases.ts'

const cluster = 'cluster:\n  etcd:\n    image: registry.k8s.io/etcd:v3.6.4\n'

testRule(
  rule,
  {
    valid: [
      {
        // `talosctl gen config` output with an ESC appended, as committed in real repositories: DHCP, so
        // no LAN in view, but the endpoint (a VIP on the LAN) is in 10.0.0.0/8, which sorts first.
        name: 'DHCP node whose cluster endpoint is a 10/8 address',
        yaml: node(
          'controlplane',
          '  install:\n    disk: /dev/sda\ncluster:\n  controlPlane:\n    endpoint: https://10.0.10.20:6443\n',
          ESC,
        ),
      },
      `${node('controlplane', '')}cluster:\n  etcd:\n    advertisedSubnets: [192.168.1.0/24]\n---\n${ESC}`,
      { name: 'a worker runs no etcd', yaml: node('worker', '', ESC) },
      { name: 'no tailscale', yaml: `${node('controlplane', '')}${cluster}` },
      { name: 'LAN 10/8', hints: { lanSubnets: ['10.1.0.0/16'] }, yaml: node('controlplane', '', ESC) },
    ],
    invalid: [
      {
        hints: { lanSubnets: ['192.168.1.0/24'] },
        yaml: `${node('controlplane', '')}${cluster}---\n${ESC}`,
        errors: [
          {
            messageId: 'affected',
            line: 6,
            column: 3,
            message:
              'control plane without etcd advertisedSubnets: the tailnet address (100.64.0.0/10) sorts before the LAN 192.168.1.0/24, so once tailscale0 is up etcd advertises its tailnet IP to its peers',
          },
        ],
        output: `${node('controlplane', '')}${cluster}    advertisedSubnets:\n      - 192.168.1.0/24\n---\n${ESC}`,
      },
      {
        name: 'the LAN told by the kubelet pin',
        yaml: `${node('controlplane', '  kubelet:\n    nodeIP:\n      validSubnets: [0.0.0.0/0, "!100.64.0.0/10", 172.20.0.0/16]\n')}${cluster}---\n${ESC}`,
        errors: [{ messageId: 'affected', line: 9, column: 3 }],
        output: `${node('controlplane', '  kubelet:\n    nodeIP:\n      validSubnets: [0.0.0.0/0, "!100.64.0.0/10", 172.20.0.0/16]\n')}${cluster}    advertisedSubnets:\n      - 172.20.0.0/16\n---\n${ESC}`,
      },
      {
        name: 'no cluster section, LAN unknown',
        yaml: node('controlplane', '', ESC),
        errors: [{ messageId: 'unknown', line: 1, column: 1 }],
      },
      {
        name: 'no cluster section, LAN known: added to the main document',
        hints: { lanSubnets: ['192.168.1.0/24'] },
        yaml: node('controlplane', '', ESC),
        errors: [{ messageId: 'affected', line: 1, column: 1 }],
        output: node(
          'controlplane',
          'cluster:\n  etcd:\n    advertisedSubnets:\n      - 192.168.1.0/24\n',
          ESC,
        ),
      },
    ],
  },
  talosBuilder,
)
