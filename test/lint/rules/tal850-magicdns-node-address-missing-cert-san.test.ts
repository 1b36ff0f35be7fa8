// biome-ignore-all lint/suspicious/noTemplateCurlyInString: talhelper ${VAR} placeholders are test data
import rule from '../../../src/lint/rules/tal850-magicdns-node-address-missing-cert-san.ts'
import { testRule } from '../../support/rule-tester.ts'
import { talosBuilder } from '../../support/talos-builder.ts'

const head = 'clusterName: home\nendpoint: https://192.168.1.10:6443\n'

testRule(
  rule,
  {
    valid: [
      `${head}nodes:\n  - hostname: cp-1\n    ipAddress: cp-1.tail1234.ts.net\n    controlPlane: true\n    certSANs:\n      - cp-1.tail1234.ts.net\n`,
      {
        name: 'tailnet IPs need no SAN',
        yaml: `${head}nodes:\n  - hostname: cp-1\n    ipAddress: 100.101.102.103\n    controlPlane: true\n`,
      },
      {
        name: 'a LAN address',
        yaml: `${head}nodes:\n  - hostname: cp-1\n    ipAddress: 192.168.1.11\n    controlPlane: true\n`,
      },
      {
        name: 'listed globally',
        yaml: `${head}additionalMachineCertSans:\n  - CP-1.tail1234.ts.net\nnodes:\n  - hostname: cp-1\n    ipAddress: cp-1.tail1234.ts.net\n    controlPlane: true\n`,
      },
      {
        name: 'a placeholder',
        yaml:
          `${head}nodes:\n  - hostname: cp-1\n    ipAddress: ` + '${CP1_ADDRESS}\n    controlPlane: true\n',
      },
    ],
    invalid: [
      {
        yaml: `${head}nodes:\n  - hostname: cp-1\n    ipAddress: cp-1.tail1234.ts.net\n    controlPlane: true\n`,
        errors: [
          {
            messageId: 'missing',
            line: 5,
            column: 16,
            message:
              'talosctl reaches node "cp-1" at the MagicDNS name "cp-1.tail1234.ts.net", which is not in its certSANs: Talos puts node addresses (tailnet IPs included) in the Talos API certificate, but not MagicDNS names, so TLS verification fails',
          },
        ],
        output: `${head}nodes:\n  - hostname: cp-1\n    ipAddress: cp-1.tail1234.ts.net\n    controlPlane: true\n    certSANs:\n      - cp-1.tail1234.ts.net\n`,
      },
      {
        name: 'comma-separated addresses, an existing certSANs list',
        yaml: `${head}nodes:\n  - hostname: w-1\n    ipAddress: 192.168.1.21,w-1.tail1234.ts.net\n    controlPlane: false\n    certSANs:\n      - w-1.lan\n`,
        errors: [{ messageId: 'missing', line: 5, column: 16 }],
        output: `${head}nodes:\n  - hostname: w-1\n    ipAddress: 192.168.1.21,w-1.tail1234.ts.net\n    controlPlane: false\n    certSANs:\n      - w-1.lan\n      - w-1.tail1234.ts.net\n`,
      },
    ],
  },
  talosBuilder,
)
