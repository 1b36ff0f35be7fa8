import { installImage } from '../../talos/accessors.ts'
import { formatTalosMinor } from '../../talos/version.ts'
import { atKey } from '../locations.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'

export default defineRule({
  code: 'TAL108',
  name: 'deprecated-install-image-location',
  topic: 'image',
  severity: 'warning',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    deprecated:
      'machine.install.image ("{{image}}") is deprecated in Talos {{version}}: the install image moved to the UnattendedInstallConfig document (installer.image)',
  },
  fixTitle: 'Move the image to an UnattendedInstallConfig document (installer.image)',
  fix: 'none',
  docs: {
    summary:
      'The install image set in v1alpha1 machine.install on Talos v1.14, where it moved to its own document.',
    why: 'Talos 1.14 moved install settings to the UnattendedInstallConfig document; the v1alpha1 field still works but is deprecated (T18), and the image is what keeps the tailscale extension across upgrades (T3), so it should live where current tooling looks for it.',
    invalid: `version: v1alpha1
machine:
  type: worker
  token: abc.def
  install:
    image: factory.talos.dev/metal-installer/4a0d65c669d46663f377e7161e50cfd570c401f26fd9e7bda34a0216b6f1922b:v1.14.0
`,
    valid: `version: v1alpha1
machine:
  type: worker
  token: abc.def
---
apiVersion: v1alpha1
kind: UnattendedInstallConfig
installer:
  image: factory.talos.dev/metal-installer/4a0d65c669d46663f377e7161e50cfd570c401f26fd9e7bda34a0216b6f1922b:v1.14.0
`,
    exampleKind: 'machine-config',
  },
  check({ target, report }) {
    // Judged only when the version is known: a config for 1.13 read as the default 1.14 is not deprecated.
    if (target.talosVersionFrom === 'default' || target.kind === 'talhelper-node') return
    // A cluster created for an older contract keeps the v1alpha1 field: the new document would conflict.
    if (target.configContract !== undefined && target.configContract.minor < 14) return
    const image = installImage(target.documents, target.talosVersion)
    if (!image?.deprecated) return
    report({
      at: atKey(image),
      messageId: 'deprecated',
      data: { image: image.value, version: formatTalosMinor(target.talosVersion) },
    })
  },
})
