import { kubeSpan } from '../../talos/accessors.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atKubeSpanBlock } from './util/kubespan.ts'

export default defineRule({
  code: 'TAL903',
  name: 'kubespan-legacy-form',
  topic: 'kubespan',
  severity: 'warning',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    deprecated:
      'machine.network.kubespan is deprecated in Talos {{version}}: it still works alone, but the KubeSpan settings moved to the KubeSpanConfig document, and adding a KubeSpanConfig (for the tailnet filters) while this block stays makes Talos reject the config',
  },
  fixTitle: 'Move the KubeSpan settings into one KubeSpanConfig document',
  fix: 'none',
  docs: {
    summary: 'KubeSpan set only in the deprecated machine.network.kubespan block on Talos v1.13 or later.',
    why: 'Talos 1.13 moved KubeSpan to the KubeSpanConfig document (T18). The old block alone is accepted (`talosctl gen config --with-kubespan` with an older contract writes it), so this is a warning; only both forms together are rejected (TAL902).',
    invalid: `machine:
  install:
    image: ghcr.io/siderolabs/installer:v1.13.4
  network:
    kubespan:
      enabled: true
`,
    valid: `apiVersion: v1alpha1
kind: KubeSpanConfig
enabled: true
`,
  },
  check({ target, report }) {
    // Only on a known v1.13+: the default version is an assumption, and the form is valid before.
    if (target.talosVersion.minor < 13 || target.talosVersionFrom === 'default') return
    if (target.kind === 'talhelper-node') return
    const settings = kubeSpan(target.documents, target.talosVersion)
    if (settings.blocks.some(block => block.path.length === 0)) return // TAL902's error
    // The old form is what a cluster created for a contract before v1.13 keeps (`# talscale config-contract:`).
    if (target.configContract !== undefined && target.configContract.minor < 13) return
    const version = `v1.${target.talosVersion.minor}`
    for (const block of settings.blocks) {
      report({
        at: atKubeSpanBlock(target, block),
        messageId: 'deprecated',
        data: { version },
      })
    }
  },
})
