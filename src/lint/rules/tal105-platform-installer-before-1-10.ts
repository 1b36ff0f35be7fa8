import { installImage, isOpaque } from '../../talos/accessors.ts'
import { atValue, CONFIG_KINDS, parseImage } from '../node-facts.ts'
import { defineRule } from '../rule.ts'
import { rawScalar } from '../yaml-edits.ts'

export default defineRule({
  code: 'TAL105',
  name: 'platform-installer-before-1-10',
  topic: 'image',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    early:
      'install image "{{image}}" uses the platform installer name, which Talos {{tag}} predates (v1.10 and later only); use "{{legacy}}"',
  },
  fixTitle: 'Use the legacy installer/<id> name for Talos before v1.10',
  fix: 'safe',
  docs: {
    summary: 'A `<platform>-installer/<id>` factory image with a Talos version tag older than v1.10.',
    why: 'The Image Factory names installers by platform only for Talos 1.10 and later (unified installer); for older versions the installer is `installer/<id>` (T3).',
    invalid: `machine:
  install:
    image: factory.talos.dev/metal-installer/4a0d65c669d46663f377e7161e50cfd570c401f26fd9e7bda34a0216b6f1922b:v1.9.5
`,
    valid: `machine:
  install:
    image: factory.talos.dev/installer/4a0d65c669d46663f377e7161e50cfd570c401f26fd9e7bda34a0216b6f1922b:v1.9.5
`,
  },
  check({ target, report }) {
    const located = installImage(target.documents, target.talosVersion)
    if (!located || isOpaque(located.value)) return
    const image = parseImage(located.value)
    if (image.kind !== 'factory' || image.form !== 'platform' || !image.talosVersion) return
    if (image.talosVersion.minor >= 10) return
    const legacy = located.value.replace(/\/[a-z0-9-]+-installer(-secureboot)?\//, '/installer$1/')
    const raw = rawScalar(located.doc, located.node)
    const match = raw ? /\/([a-z0-9-]+-)installer(?:-secureboot)?\/[0-9a-f]{64}/.exec(raw.text) : null
    report({
      at: atValue(located),
      messageId: 'early',
      data: { image: located.value, tag: image.tag ?? '', legacy },
      ...(raw && match
        ? {
            edits: [
              {
                file: raw.source.path,
                start: raw.start + match.index + 1,
                end: raw.start + match.index + 1 + match[1]!.length,
                text: '',
              },
            ],
          }
        : {}),
    })
  },
})
