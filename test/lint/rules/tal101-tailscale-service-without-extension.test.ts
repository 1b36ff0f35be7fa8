import { sourceFromText } from '../../../src/core/source.ts'
import { parseSchematic, schematicId } from '../../../src/factory/index.ts'
import rule from '../../../src/lint/rules/tal101-tailscale-service-without-extension.ts'
import { testRule } from '../../support/rule-tester.ts'
import { talosBuilder } from '../../support/talos-builder.ts'
import { ESC, installImage, node, QEMU_ID, QEMU_TAILSCALE_ID } from './talos-cases.ts'

const ZFS_SCHEMATIC =
  'customization:\n  systemExtensions:\n    officialExtensions:\n      - siderolabs/iscsi-tools\n      - siderolabs/zfs\n'
const ZFS_ID = schematicId(parseSchematic(sourceFromText('s.yaml', ZFS_SCHEMATIC)))

const talconfig = (extensions: string) => `clusterName: home
endpoint: https://192.168.1.10:6443
nodes:
  - hostname: cp-1
    ipAddress: 192.168.1.11
    controlPlane: true
    schematic:
      customization:
        systemExtensions:
          officialExtensions: [${extensions}]
    extensionServices:
      - name: tailscale
        environment:
          - TS_AUTHKEY=\${TS_AUTHKEY}
`

testRule(
  rule,
  {
    valid: [
      node('worker', installImage(`factory.talos.dev/metal-installer/${QEMU_TAILSCALE_ID}:v1.13.9`), ESC),
      { name: 'a lone patch cannot tell the schematic', yaml: ESC },
      {
        name: 'the default installer is TAL102',
        yaml: node('worker', installImage('ghcr.io/siderolabs/installer:v1.13.9'), ESC),
      },
      {
        name: 'a custom image cannot be told',
        yaml: node('worker', installImage('registry.lan/talos/installer:v1.13.9'), ESC),
      },
      {
        name: 'no service config',
        yaml: node('worker', installImage(`factory.talos.dev/metal-installer/${QEMU_ID}:v1.13.9`)),
      },
      {
        name: 'talhelper schematic with tailscale',
        yaml: talconfig('siderolabs/intel-ucode, siderolabs/tailscale'),
      },
    ],
    invalid: [
      {
        yaml: node('worker', installImage(`factory.talos.dev/metal-installer/${QEMU_ID}:v1.13.9`), ESC),
        errors: [
          {
            messageId: 'missing',
            line: 6,
            column: 12,
            message:
              'ExtensionServiceConfig "tailscale" configures a service this node does not have: its schematic ce4c980550dd… has siderolabs/qemu-guest-agent, but not siderolabs/tailscale',
          },
        ],
      },
      {
        name: 'talhelper node schematic without tailscale',
        yaml: talconfig('siderolabs/intel-ucode'),
        errors: [{ messageId: 'missing', line: 8, column: 7 }],
      },
      {
        name: 'schematic file of the project resolves the ID',
        files: {
          'schematic.yaml': ZFS_SCHEMATIC,
          'worker.yaml': node(
            'worker',
            installImage(`factory.talos.dev/metal-installer/${ZFS_ID}:v1.13.9`),
            ESC,
          ),
        },
        errors: [{ messageId: 'missing', line: 6, column: 12 }],
      },
    ],
  },
  talosBuilder,
)
