import rule from '../../../src/lint/rules/tal900-kubespan-advertises-tailnet.ts'
import { testRule } from '../../support/rule-tester.ts'
import { ESC } from './talos-cases.ts'

const ks = (body: string) => `apiVersion: v1alpha1\nkind: KubeSpanConfig\nenabled: true\n${body}---\n${ESC}`
const legacy = (body: string) =>
  `machine:\n  network:\n    kubespan:\n      enabled: true\n${body}---\n${ESC}`

testRule(rule, {
  valid: [
    ks('filters:\n  endpoints: [0.0.0.0/0, "!100.64.0.0/10", "::/0", "!fd7a:115c:a1e0::/48"]\n'),
    { name: 'IPv4-only endpoints', yaml: ks('filters:\n  endpoints:\n    - 192.168.0.0/16\n') },
    { name: 'KubeSpan off', yaml: `apiVersion: v1alpha1\nkind: KubeSpanConfig\nenabled: false\n---\n${ESC}` },
    { name: 'no tailscale', yaml: 'apiVersion: v1alpha1\nkind: KubeSpanConfig\nenabled: true\n' },
  ],
  invalid: [
    {
      yaml: ks(''),
      errors: [
        {
          messageId: 'unfiltered',
          line: 3,
          column: 1,
          message:
            'KubeSpan is enabled without filters.endpoints, so it announces the node’s tailnet address (100.64.0.0/10, fd7a:115c:a1e0::/48) as a WireGuard endpoint and peers may run KubeSpan through Tailscale',
        },
      ],
      output: ks(
        'filters:\n  endpoints:\n    - 0.0.0.0/0\n    - "!100.64.0.0/10"\n    - ::/0\n    - "!fd7a:115c:a1e0::/48"\n',
      ),
    },
    {
      name: 'deprecated v1alpha1 form with an IPv4 default only',
      talosVersion: 'v1.12.0',
      yaml: legacy('      filters:\n        endpoints:\n          - 0.0.0.0/0\n'),
      errors: [{ messageId: 'admits', line: 6, column: 9 }],
      output: legacy(
        '      filters:\n        endpoints:\n          - 0.0.0.0/0\n          - "!100.64.0.0/10"\n',
      ),
    },
  ],
})
