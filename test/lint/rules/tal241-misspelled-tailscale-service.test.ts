import { describe, expect, it } from 'vitest'
import rule, { looksLikeTailscale } from '../../../src/lint/rules/tal241-misspelled-tailscale-service.ts'
import { testRule } from '../../support/rule-tester.ts'
import { talosBuilder } from '../../support/talos-builder.ts'

const esc = (name: string) =>
  `apiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: ${name}\nenvironment:\n  - TS_AUTHKEY=x\n`

describe('looksLikeTailscale', () => {
  it('catches case, prefixes, suffixes and typos but not other services', () => {
    for (const name of [
      'Tailscale',
      'tailscaled',
      'ext-tailscale',
      'siderolabs/tailscale',
      'tailscal',
      'tialscale',
    ])
      expect(looksLikeTailscale(name), name).toBe(true)
    for (const name of ['tailscale', 'nut-client', 'iscsid', 'cloudflared', 'zerotier'])
      expect(looksLikeTailscale(name), name).toBe(false)
  })
})

testRule(
  rule,
  {
    valid: [
      esc('tailscale'),
      esc('nut-client'),
      esc('"tailscale"'),
      `${esc('tailscale')}---\n${esc('netbird')}`,
    ],
    invalid: [
      {
        yaml: esc('ext-tailscale'),
        errors: [
          {
            messageId: 'misspelled',
            line: 3,
            column: 7,
            message:
              'ExtensionServiceConfig name "ext-tailscale" is not "tailscale": the extension waits for a config named exactly "tailscale", so this one is never used',
          },
        ],
        output: esc('tailscale'),
      },
      {
        yaml: esc('"Tailscale"'),
        errors: [{ messageId: 'misspelled', line: 3, column: 7 }],
        output: esc('tailscale'),
      },
      {
        name: 'next to a correct one: reported, not renamed',
        yaml: `${esc('tailscale')}---\n${esc('siderolabs/tailscale')}`,
        errors: [{ messageId: 'misspelled', line: 9, column: 7 }],
      },
      {
        name: 'talhelper extensionServices: renamed in talconfig.yaml',
        yaml: 'clusterName: c\nendpoint: https://10.0.0.1:6443\nnodes:\n  - hostname: a\n    ipAddress: 10.0.0.2\n    controlPlane: false\n    extensionServices:\n      - name: tailscaled\n        environment: [TS_AUTHKEY=x]\n',
        errors: [{ messageId: 'misspelled', line: 8, column: 15 }],
        output:
          'clusterName: c\nendpoint: https://10.0.0.1:6443\nnodes:\n  - hostname: a\n    ipAddress: 10.0.0.2\n    controlPlane: false\n    extensionServices:\n      - name: tailscale\n        environment: [TS_AUTHKEY=x]\n',
      },
    ],
  },
  talosBuilder,
)
