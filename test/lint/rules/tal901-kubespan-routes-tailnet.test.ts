import rule from '../../../src/lint/rules/tal901-kubespan-routes-tailnet.ts'
import { testRule } from '../../support/rule-tester.ts'
import { ESC } from './talos-cases.ts'

const ks = (body: string) => `apiVersion: v1alpha1\nkind: KubeSpanConfig\nenabled: true\n${body}---\n${ESC}`

testRule(rule, {
  valid: [
    ks('filters:\n  excludeAdvertisedNetworks: [100.64.0.0/10, "fd7a:115c:a1e0::/48"]\n'),
    {
      name: 'a wider exclusion covers it',
      yaml: ks('filters:\n  excludeAdvertisedNetworks: [100.0.0.0/8, "fd00::/8"]\n'),
    },
    {
      name: 'not available before v1.12',
      talosVersion: 'v1.11.6',
      yaml: `machine:\n  network:\n    kubespan:\n      enabled: true\n---\n${ESC}`,
    },
    {
      name: 'v1.12.3: the field does not exist yet (Talos would reject it)',
      talosVersion: 'v1.12.3',
      yaml: `machine:\n  network:\n    kubespan:\n      enabled: true\n---\n${ESC}`,
    },
    { name: 'no tailscale', yaml: 'apiVersion: v1alpha1\nkind: KubeSpanConfig\nenabled: true\n' },
  ],
  invalid: [
    {
      name: 'v1.12.4: the first release with the field',
      talosVersion: 'v1.12.4',
      yaml: `machine:\n  network:\n    kubespan:\n      enabled: true\n---\n${ESC}`,
      errors: [{ messageId: 'missing', line: 4, column: 7 }],
      output: `machine:\n  network:\n    kubespan:\n      enabled: true\n      filters:\n        excludeAdvertisedNetworks:\n          - 100.64.0.0/10\n          - fd7a:115c:a1e0::/48\n---\n${ESC}`,
    },
    {
      yaml: ks('filters:\n  endpoints: [0.0.0.0/0]\n'),
      errors: [
        {
          messageId: 'missing',
          line: 3,
          column: 1,
          message:
            'KubeSpan is enabled without filters.excludeAdvertisedNetworks for 100.64.0.0/10 and fd7a:115c:a1e0::/48: peers’ tailnet addresses become KubeSpan routes, so traffic to them is pulled into the KubeSpan tunnel instead of Tailscale',
        },
      ],
      output: ks(
        'filters:\n  endpoints: [0.0.0.0/0]\n  excludeAdvertisedNetworks:\n    - 100.64.0.0/10\n    - fd7a:115c:a1e0::/48\n',
      ),
    },
    {
      name: 'IPv6 range missing from an existing list',
      yaml: ks('filters:\n  excludeAdvertisedNetworks:\n    - 100.64.0.0/10\n'),
      errors: [{ messageId: 'missing', line: 5, column: 3 }],
      output: ks('filters:\n  excludeAdvertisedNetworks:\n    - 100.64.0.0/10\n    - fd7a:115c:a1e0::/48\n'),
    },
  ],
})
