import { TAILSCALE_EXTENSION } from '../../factory/index.ts'
import { tailscaleServices } from '../../tailscale/parse.ts'
import { scalarAt } from '../../talos/accessors.ts'
import { describeExtensions, extensionlessInstall, nodeSchematic, shortId } from '../facts/schematics.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'

export default defineRule({
  code: 'TAL101',
  name: 'tailscale-service-without-extension',
  topic: 'image',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    missing:
      'ExtensionServiceConfig "tailscale" configures a service this node does not have: its schematic{{id}} has {{extensions}}, but not siderolabs/tailscale',
  },
  fixTitle: 'Add siderolabs/tailscale to the schematic and install the node from its factory installer',
  fix: 'none',
  docs: {
    summary:
      'The tailscale ExtensionServiceConfig is set, but the node’s schematic does not include the extension.',
    why: 'Talos accepts an ExtensionServiceConfig for any name and never checks that the extension exists (T7); without siderolabs/tailscale in the schematic behind the install image (T1, T3) the config is inert and the node never joins the tailnet.',
    invalid: `version: v1alpha1
machine:
  type: worker
  token: abc.def
  install:
    image: factory.talos.dev/metal-installer/ce4c980550dd2ab1b17bbf2b08801c7eb59418eafe8f279833297925d67c7515:v1.13.9
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
`,
    valid: `version: v1alpha1
machine:
  type: worker
  token: abc.def
  install:
    image: factory.talos.dev/metal-installer/7d4c31cbd96db9f90c874990697c523482b2bae27fb4631d5583dcd9c281b1ff:v1.13.9
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
`,
    exampleKind: 'machine-config',
  },
  check({ target, targets, report }) {
    const services = tailscaleServices(target.documents)
    if (services.length === 0) return
    // The default and empty installers are TAL102's finding (they drop the extension on upgrade).
    if (extensionlessInstall(target)) return
    const schematic = nodeSchematic(target, targets)
    if (!schematic.extensions || schematic.extensions.includes(TAILSCALE_EXTENSION)) return
    report({
      at: schematic.node
        ? { source: schematic.source, node: schematic.node }
        : {
            source: services[0]!.doc.source.source,
            node: scalarAt(services[0]!.doc, ['name'])?.node ?? null,
          },
      messageId: 'missing',
      data: {
        id: schematic.id ? ` ${shortId(schematic.id)}` : '',
        extensions: describeExtensions(schematic.extensions),
      },
    })
  },
})
