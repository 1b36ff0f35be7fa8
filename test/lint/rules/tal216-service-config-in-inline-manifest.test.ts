// biome-ignore-all lint/suspicious/noTemplateCurlyInString: talhelper ${VAR} placeholders are test data
import rule from '../../../src/lint/rules/tal216-service-config-in-inline-manifest.ts'
import { testRule } from '../../support/rule-tester.ts'
import { talosBuilder } from '../../support/talos-builder.ts'

const ESC_TEXT =
  'apiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: tailscale\nenvironment:\n  - TS_AUTHKEY=${TS_AUTHKEY}\n'
const indent = (text: string, by: string) =>
  text
    .split('\n')
    .map(line => (line ? by + line : line))
    .join('\n')
const talconfig = (extra: string) =>
  `clusterName: home\nendpoint: https://10.0.0.1:6443\nnodes:\n  - hostname: cp-1\n    ipAddress: 10.0.0.2\n    controlPlane: true\n${extra}`

testRule(
  rule,
  {
    valid: [
      ESC_TEXT,
      {
        name: 'other inline manifests',
        yaml: 'cluster:\n  inlineManifests:\n    - name: ns\n      contents: |\n        apiVersion: v1\n        kind: Namespace\n        metadata:\n          name: tailscale\n',
      },
      {
        name: 'talhelper node extraManifests are appended to the machine config, so they work',
        files: {
          'talconfig.yaml': talconfig('    extraManifests:\n      - tailscale.yaml\n'),
          'tailscale.yaml': ESC_TEXT,
        },
      },
    ],
    invalid: [
      {
        yaml: `cluster:\n  inlineManifests:\n    - name: tailscale\n      contents: |\n${indent(ESC_TEXT, '        ')}`,
        errors: [
          {
            messageId: 'inline',
            line: 4,
            message:
              'an ExtensionServiceConfig sits in cluster.inlineManifests: inline manifests are Kubernetes objects applied to the cluster, so it never reaches the machine config and the tailscale extension waits for its configuration forever',
          },
        ],
      },
      {
        name: 'talhelper inlineManifests',
        files: {
          'talconfig.yaml': talconfig(
            `inlineManifests:\n  - name: tailscale\n    contents: |\n${indent(ESC_TEXT, '      ')}`,
          ),
        },
        errors: [{ messageId: 'inline', line: 9 }],
      },
    ],
  },
  talosBuilder,
)
