import rule from '../../../src/lint/rules/tal600-missing-kubelet-node-ip.ts'
import { testRule } from '../../support/rule-tester.ts'
import { talosBuilder } from '../../support/talos-builder.ts'
import { ESC, node } from './talos-cases.ts'

const lan = (cidr: string) =>
  `  network:\n    interfaces:\n      - interface: eth0\n        addresses:\n          - ${cidr}\n`

testRule(
  rule,
  {
    valid: [
      {
        // `talosctl gen config` output with an ESC appended, as committed in real repositories: DHCP, so
        // no LAN in view, but the endpoint (a VIP on the LAN) is in 10.0.0.0/8, which sorts first.
        name: 'DHCP node whose cluster endpoint is a 10/8 address',
        yaml: node(
          'worker',
          '  install:\n    disk: /dev/sda\ncluster:\n  controlPlane:\n    endpoint: https://10.0.10.20:6443\n',
          ESC,
        ),
      },
      node('worker', '  kubelet:\n    nodeIP:\n      validSubnets: [192.168.1.0/24]\n', ESC),
      { name: 'no tailscale', yaml: node('worker', lan('192.168.1.20/24')) },
      { name: 'a patch is judged on what it has', yaml: ESC },
      { name: 'a 10/8 LAN sorts before the tailnet', yaml: node('worker', lan('10.0.10.5/24'), ESC) },
      {
        name: 'v1.14 KubeNodeConfig',
        yaml: node(
          'worker',
          '',
          ESC,
          'apiVersion: v1alpha1\nkind: KubeNodeConfig\nnodeIP:\n  validSubnets: [192.168.1.0/24]\n',
        ),
      },
      {
        name: 'talhelper pins through a JSON6902 patch',
        yaml: 'clusterName: c\nendpoint: https://192.168.1.10:6443\nnodes:\n  - hostname: a\n    ipAddress: 192.168.1.20\n    controlPlane: false\n    extensionServices:\n      - name: tailscale\n        environment: [TS_AUTHKEY=x]\npatches:\n  - |-\n    - op: add\n      path: /machine/kubelet/nodeIP\n      value:\n        validSubnets: [192.168.1.0/24]\n',
      },
    ],
    invalid: [
      {
        name: 'DHCP node whose cluster endpoint is a 192.168 address: still reported',
        yaml: node(
          'worker',
          '  install:\n    disk: /dev/sda\ncluster:\n  controlPlane:\n    endpoint: https://192.168.1.20:6443\n',
          ESC,
        ),
        errors: [{ messageId: 'unknown' }],
      },
      {
        name: 'LAN known from the interface: pins added',
        talosVersion: 'v1.13.9',
        yaml: node(
          'worker',
          `  kubelet:\n    image: ghcr.io/siderolabs/kubelet:v1.33.0\n${lan('192.168.1.20/24')}`,
          ESC,
        ),
        errors: [
          {
            messageId: 'affected',
            line: 5,
            column: 3,
            message:
              'kubelet has no nodeIP.validSubnets: the tailnet address (100.64.0.0/10) sorts before the LAN 192.168.1.0/24, so once tailscale0 is up kubelet registers the node with its tailnet IP',
          },
        ],
        output: node(
          'worker',
          `  kubelet:\n    image: ghcr.io/siderolabs/kubelet:v1.33.0\n    nodeIP:\n      validSubnets:\n        - 192.168.1.0/24\n${lan('192.168.1.20/24')}`,
          ESC,
        ),
      },
      {
        name: 'LAN unknown',
        yaml: node('worker', '', ESC),
        errors: [{ messageId: 'unknown', line: 2, column: 1 }],
      },
      {
        name: 'v1.14 with the LAN from hints: a KubeNodeConfig document is added',
        hints: { lanSubnets: ['172.20.0.0/16'] },
        yaml: node('worker', '', ESC),
        errors: [{ messageId: 'affected', line: 2, column: 1 }],
        output: `${node('worker', '', ESC)}---\napiVersion: v1alpha1\nkind: KubeNodeConfig\nnodeIP:\n  validSubnets:\n    - 172.20.0.0/16\n`,
      },
      {
        name: 'talhelper node with the LAN from ipAddress (no edit into talconfig-built documents)',
        yaml: 'clusterName: c\nendpoint: https://192.168.1.10:6443\nnodes:\n  - hostname: a\n    ipAddress: 192.168.1.20\n    controlPlane: false\n    extensionServices:\n      - name: tailscale\n        environment: [TS_AUTHKEY=x]\n',
        errors: [
          {
            messageId: 'affected',
            line: 4,
            column: 5,
            message:
              'kubelet has no nodeIP.validSubnets: the tailnet address (100.64.0.0/10) sorts before the LAN 192.168.1.20, so once tailscale0 is up kubelet registers the node with its tailnet IP',
          },
        ],
      },
    ],
  },
  talosBuilder,
)
