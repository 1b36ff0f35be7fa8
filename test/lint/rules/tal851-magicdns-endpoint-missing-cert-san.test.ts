import rule from '../../../src/lint/rules/tal851-magicdns-endpoint-missing-cert-san.ts'
import { testRule } from '../../support/rule-tester.ts'
import { node } from './talos-cases.ts'

const endpoint = (url: string) => `cluster:\n  controlPlane:\n    endpoint: ${url}\n`

testRule(rule, {
  valid: [
    `${node('controlplane', '  certSANs:\n    - cp.tail1234.ts.net\n')}${endpoint('https://cp.tail1234.ts.net:6443')}`,
    { name: 'a LAN endpoint', yaml: `${node('controlplane', '')}${endpoint('https://192.168.1.10:6443')}` },
    {
      name: 'a tailnet IP endpoint',
      yaml: `${node('controlplane', '')}${endpoint('https://100.100.1.2:6443')}`,
    },
    {
      name: 'a worker has no Talos API endpoint role',
      yaml: `${node('worker', '')}${endpoint('https://cp.tail1234.ts.net:6443')}`,
    },
  ],
  invalid: [
    {
      yaml: `${node('controlplane', '  certSANs:\n    - 192.168.1.10\n')}${endpoint('https://cp.tail1234.ts.net:6443')}`,
      errors: [
        {
          messageId: 'missing',
          line: 9,
          column: 15,
          message:
            'the cluster endpoint host "cp.tail1234.ts.net" is a MagicDNS name missing from machine.certSANs: Talos adds it to the Kubernetes API certificate, but not to the Talos API certificate, so talosctl through that name fails TLS verification',
        },
      ],
      output: `${node('controlplane', '  certSANs:\n    - 192.168.1.10\n    - cp.tail1234.ts.net\n')}${endpoint('https://cp.tail1234.ts.net:6443')}`,
    },
    {
      name: 'no certSANs yet',
      yaml: `${node('controlplane', '')}${endpoint('https://CP.Tail1234.ts.net:6443')}`,
      errors: [{ messageId: 'missing', line: 7, column: 15 }],
      output: `${node('controlplane', '  certSANs:\n    - cp.tail1234.ts.net\n')}${endpoint('https://CP.Tail1234.ts.net:6443')}`,
    },
  ],
})
