import { installImage, isOpaque } from '../../talos/accessors.ts'
import { parseImage } from '../facts/schematics.ts'
import { atValue } from '../locations.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { isSynthetic, rawScalar } from '../yaml-edits.ts'

export default defineRule({
  code: 'TAL104',
  name: 'legacy-installer-name',
  topic: 'image',
  severity: 'info',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    legacy:
      'install image "{{image}}" uses the legacy "installer/<id>" name; for Talos v1.10 and later the Image Factory names installers by platform, e.g. "{{suggested}}"',
  },
  fixTitle: 'Use the platform installer name (metal-installer for bare metal)',
  fix: 'unsafe',
  docs: {
    fixSafety:
      "the replacement name is metal-installer, which is right for bare metal only; a node on a cloud or SBC platform needs that platform's installer instead.",
    summary: 'A factory installer image in the pre-1.10 `installer/<id>` form on Talos v1.10 or later.',
    why: 'From Talos 1.10 the Image Factory serves installers as `<platform>-installer/<id>` (T3); the legacy name is still accepted, but new docs, the factory UI and `talscale generate` use the platform form, and the platform cannot be told from the legacy name.',
    invalid: `machine:
  install:
    image: factory.talos.dev/installer/4a0d65c669d46663f377e7161e50cfd570c401f26fd9e7bda34a0216b6f1922b:v1.13.9
`,
    valid: `machine:
  install:
    image: factory.talos.dev/metal-installer/4a0d65c669d46663f377e7161e50cfd570c401f26fd9e7bda34a0216b6f1922b:v1.13.9
`,
  },
  check({ target, report }) {
    const located = installImage(target.documents, target.talosVersion)
    if (!located || isOpaque(located.value)) return
    const image = parseImage(located.value)
    if (image.kind !== 'factory' || image.form !== 'legacy') return
    if ((image.talosVersion?.minor ?? target.talosVersion.minor) < 10) return
    // talhelper writes this form itself (its default installerURLTmpl): nothing in the file says it.
    if (isSynthetic(located.doc, located.node)) return
    const raw = rawScalar(located.doc, located.node)
    const suggested = located.value.replace(/\/installer(-secureboot)?\//, '/metal-installer$1/')
    const at = raw ? raw.text.search(/\/installer(-secureboot)?\/[0-9a-f]{64}/) : -1
    report({
      at: atValue(located),
      messageId: 'legacy',
      data: { image: located.value, suggested },
      ...(raw && at !== -1
        ? {
            edits: [
              { file: raw.source.path, start: raw.start + at + 1, end: raw.start + at + 1, text: 'metal-' },
            ],
          }
        : {}),
    })
  },
})
