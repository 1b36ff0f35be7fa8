// biome-ignore-all lint/suspicious/noTemplateCurlyInString: talhelper ${VAR} placeholders are test data
import rule from '../../../src/lint/rules/tal804-accept-routes-own-subnet.ts'
import { testRule } from '../../support/rule-tester.ts'
import { talosBuilder } from '../../support/talos-builder.ts'

const talconfig = (env: string[], extraNodes = '') =>
  [
    'clusterName: home',
    'endpoint: https://192.168.1.10:6443',
    'clusterPodNets: [10.244.0.0/16]',
    'clusterSvcNets: [10.96.0.0/12]',
    'nodes:',
    '  - hostname: cp-1',
    '    ipAddress: 192.168.1.11',
    '    controlPlane: true',
    '  - hostname: cp-2',
    '    ipAddress: 192.168.1.12',
    '    controlPlane: true',
    extraNodes,
    'controlPlane:',
    '  extensionServices:',
    '    - name: tailscale',
    '      environment:',
    '        - TS_AUTHKEY=${TS_AUTHKEY}',
    ...env.map(line => `        - ${line}`),
    '',
  ]
    .filter(line => line !== '')
    .join('\n')

testRule(
  rule,
  {
    valid: [
      {
        name: 'routes without accept-routes',
        files: { 'talconfig.yaml': talconfig(['TS_ROUTES=10.244.0.0/16,192.168.1.0/24']) },
      },
      {
        name: 'accepting routes to somewhere else',
        files: { 'talconfig.yaml': talconfig(['TS_ROUTES=172.16.0.0/16', 'TS_EXTRA_ARGS=--accept-routes']) },
      },
      {
        name: 'an exit node route is not a subnet route',
        files: {
          'talconfig.yaml': talconfig(['TS_EXTRA_ARGS=--accept-routes --advertise-routes=0.0.0.0/0']),
        },
      },
      {
        name: 'a lone patch cannot tell which node advertises what',
        yaml: 'apiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: tailscale\nenvironment:\n  - TS_ROUTES=10.244.0.0/16\n  - TS_EXTRA_ARGS=--accept-routes\n',
      },
    ],
    invalid: [
      {
        name: 'a shared service config advertising the pod network: one finding',
        files: { 'talconfig.yaml': talconfig(['TS_ROUTES=10.244.0.0/16', 'TS_EXTRA_ARGS=--accept-routes']) },
        errors: [
          {
            messageId: 'own',
            line: 18,
            column: 25,
            message:
              '--accept-routes makes this node install the subnet routes other nodes advertise, and 10.244.0.0/16 (advertised by node "cp-2") covers its own pod network 10.244.0.0/16: routing table 52 then sends the cluster’s own traffic for it into the tailnet',
          },
        ],
      },
      {
        name: 'the LAN the nodes sit in',
        files: {
          'talconfig.yaml': talconfig(['TS_EXTRA_ARGS=--advertise-routes=192.168.1.0/24 --accept-routes']),
        },
        errors: [{ messageId: 'own', line: 17 }],
      },
    ],
  },
  talosBuilder,
)
