import { kubeSpan } from '../../talos/accessors.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atKubeSpanBlock } from './util/kubespan.ts'

export default defineRule({
  code: 'TAL902',
  name: 'kubespan-configured-twice',
  topic: 'kubespan',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    twice:
      'KubeSpan is configured both in machine.network.kubespan and in a KubeSpanConfig document: Talos {{version}} rejects the config ("kubespan is already configured in v1alpha1 machine.network.kubespan")',
  },
  fixTitle: 'Keep the KubeSpan settings in one KubeSpanConfig document',
  fix: 'none',
  docs: {
    summary: 'KubeSpan set both in machine.network.kubespan and in a KubeSpanConfig document (Talos v1.13+).',
    why: 'Talos 1.13 moved KubeSpan to the KubeSpanConfig document (T18). The old block alone still works (TAL903 notes it), but a config that sets both is rejected, which bites when adding the tailnet filters KubeSpan needs next to Tailscale as a new document (T9).',
    invalid: `machine:
  network:
    kubespan:
      enabled: true
---
apiVersion: v1alpha1
kind: KubeSpanConfig
filters:
  endpoints: [0.0.0.0/0, "!100.64.0.0/10"]
`,
    valid: `apiVersion: v1alpha1
kind: KubeSpanConfig
enabled: true
filters:
  endpoints: [0.0.0.0/0, "!100.64.0.0/10"]
`,
  },
  check({ target, report }) {
    if (target.talosVersion.minor < 13 || target.kind === 'talhelper-node') return
    const settings = kubeSpan(target.documents, target.talosVersion)
    const legacy = settings.blocks.filter(block => block.path.length > 0)
    if (legacy.length === 0) return
    // The old form alone is accepted (and `gen config --with-kubespan` writes it): TAL903's warning.
    if (!settings.blocks.some(block => block.path.length === 0)) return
    const version = `v1.${target.talosVersion.minor}`
    for (const block of legacy) {
      report({
        at: atKubeSpanBlock(target, block),
        messageId: 'twice',
        data: { version },
      })
    }
  },
})
