import { extensionlessInstall } from '../facts/schematics.ts'
import { usesTailscale } from '../facts/tailscale-use.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'

export default defineRule({
  code: 'TAL102',
  name: 'extensionless-installer',
  topic: 'image',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    none: 'no install image is set, so installs and upgrades use Talos’s default "{{image}}", which has no extensions: the next upgrade removes siderolabs/tailscale from this node',
    ghcr: 'install image "{{image}}" carries no system extensions: the next upgrade removes siderolabs/tailscale from this node',
    empty:
      'install image "{{image}}" is the factory installer of the empty schematic (no extensions): the next upgrade removes siderolabs/tailscale from this node',
  },
  fixTitle:
    'Set the install image to the factory installer of a schematic that includes siderolabs/tailscale',
  fix: 'none',
  docs: {
    summary: 'A Tailscale node installs (and upgrades) with an image that has no extensions.',
    why: 'Extensions come only from the installer image: up to Talos 1.13 the default is ghcr.io/siderolabs/installer and from 1.14 the factory installer of the empty schematic, neither with tailscale (T3), so `talosctl upgrade` silently drops the extension.',
    invalid: `machine:
  install:
    image: ghcr.io/siderolabs/installer:v1.13.9
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
`,
    valid: `machine:
  install:
    image: factory.talos.dev/metal-installer/4a0d65c669d46663f377e7161e50cfd570c401f26fd9e7bda34a0216b6f1922b:v1.13.9
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
`,
  },
  check({ target, targets, report }) {
    const install = extensionlessInstall(target)
    if (!install || !usesTailscale(target, targets)) return
    report({ at: install.at, messageId: install.kind, data: { image: install.image } })
  },
})
