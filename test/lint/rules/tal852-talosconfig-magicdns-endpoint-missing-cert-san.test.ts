import { parseSource, sourceFromText } from '../../../src/core/source.ts'
import rule from '../../../src/lint/rules/tal852-talosconfig-magicdns-endpoint-missing-cert-san.ts'
import { talosconfigTarget } from '../../../src/lint/talosconfig.ts'
import { isTalosconfig } from '../../../src/lint/targets.ts'
import { type TargetBuilder, testRule } from '../../support/rule-tester.ts'
import { talosBuilder } from '../../support/talos-builder.ts'

const build: TargetBuilder = (path, text, options, files) => {
  const source = sourceFromText(path, text)
  const [document] = parseSource(source)
  if (document && isTalosconfig(document.doc.contents)) return [talosconfigTarget(source, document)]
  return talosBuilder(path, text, options, files)
}

const talosconfig = (...endpoints: string[]) =>
  `context: home\ncontexts:\n  home:\n    endpoints:\n${endpoints.map(e => `      - ${e}\n`).join('')}    nodes:\n      - 10.0.0.11\n    ca: ZmFrZQ==\n    crt: ZmFrZQ==\n    key: ZmFrZQ==\n`
const controlPlane = (...sans: string[]) =>
  `version: v1alpha1\nmachine:\n  type: controlplane\n  token: abc.def\n  certSANs:\n${sans.map(s => `    - ${s}\n`).join('')}`
const talconfig = `clusterName: home\nendpoint: https://10.0.0.10:6443\nadditionalMachineCertSans:\n  - cp-1.tail1234.ts.net\nnodes:\n  - hostname: cp-1\n    ipAddress: 10.0.0.11\n    controlPlane: true\n`

testRule(
  rule,
  {
    valid: [
      {
        name: 'the name is in certSANs of a control plane',
        files: {
          talosconfig: talosconfig('cp-1.tail1234.ts.net'),
          'cp.yaml': controlPlane('cp-1.tail1234.ts.net'),
        },
      },
      {
        name: 'tailnet IPs and LAN names need nothing',
        files: {
          talosconfig: talosconfig('100.101.102.103', 'cp-1.lan:50000'),
          'cp.yaml': controlPlane('10.0.0.11'),
        },
      },
      {
        name: 'no control plane config in the run: nothing to compare with',
        yaml: talosconfig('cp-1.tail1234.ts.net'),
      },
      {
        name: 'talhelper additionalMachineCertSans count',
        files: { talosconfig: talosconfig('cp-1.tail1234.ts.net:50000'), 'talconfig.yaml': talconfig },
      },
    ],
    invalid: [
      {
        name: 'MagicDNS endpoint missing from every control plane',
        files: {
          talosconfig: talosconfig('cp-1.tail1234.ts.net', 'cp-2.tail1234.ts.net'),
          'talconfig.yaml': talconfig,
        },
        errors: [
          {
            messageId: 'missing',
            line: 6,
            column: 9,
            message:
              'talosconfig context "home" dials endpoint "cp-2.tail1234.ts.net", a MagicDNS name that no control plane of this run lists in machine.certSANs: Talos puts node addresses in the Talos API certificate, not MagicDNS names, so talosctl through this endpoint fails TLS verification',
          },
        ],
      },
    ],
  },
  build,
)
