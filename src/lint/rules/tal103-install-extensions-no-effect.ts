import { installExtensions } from '../../talos/accessors.ts'
import { atValue } from '../locations.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'

export default defineRule({
  code: 'TAL103',
  name: 'install-extensions-no-effect',
  topic: 'image',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    image: 'machine.install.extensions lists "{{image}}", which has had no effect since Talos v1.10',
    list: 'machine.install.extensions has had no effect since Talos v1.10',
  },
  fixTitle: 'Move the extensions into an Image Factory schematic and set the install image to its installer',
  fix: 'none',
  docs: {
    summary: 'Extensions listed under machine.install.extensions, which Talos ignores since v1.10.',
    why: 'The installer code that read machine.install.extensions was removed in Talos 1.10; the field is still accepted so old configs load, but nothing is installed (T4): extensions come only from the schematic behind the install image.',
    invalid: `machine:
  install:
    extensions:
      - image: ghcr.io/siderolabs/tailscale:1.76.6
`,
    valid: `machine:
  install:
    image: factory.talos.dev/metal-installer/4a0d65c669d46663f377e7161e50cfd570c401f26fd9e7bda34a0216b6f1922b:v1.13.9
`,
  },
  check({ target, report }) {
    for (const entry of installExtensions(target.documents)) {
      report({
        at: atValue(entry),
        messageId: entry.value === '' ? 'list' : 'image',
        data: { image: entry.value },
      })
    }
  },
})
