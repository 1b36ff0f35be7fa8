import {
  CONFIG_KINDS,
  hasTailscaleExtension,
  hasTailscaleService,
  nodeSchematic,
  sameCluster,
} from '../node-facts.ts'
import { defineRule } from '../rule.ts'

export default defineRule({
  code: 'TAL240',
  name: 'tailscale-extension-without-service',
  topic: 'extension-service',
  severity: 'error',
  scope: 'project',
  kinds: CONFIG_KINDS,
  messages: {
    missing:
      'the node{{node}} installs siderolabs/tailscale but has no ExtensionServiceConfig named "tailscale": ext-tailscale waits for it forever and the boot sequence stalls',
  },
  fixTitle: 'Add an ExtensionServiceConfig named tailscale with the auth key to the node',
  fix: 'none',
  docs: {
    summary:
      'A whole node whose schematic includes siderolabs/tailscale has no tailscale ExtensionServiceConfig.',
    why: 'The extension’s service declares `depends: configuration: true`, so ext-tailscale stays Waiting until an ExtensionServiceConfig named exactly tailscale exists; Talos does not complain, the boot sequence just times out (DOMAIN.md §1, T7).',
    invalid: `version: v1alpha1
machine:
  type: worker
  token: abc.def
  install:
    image: factory.talos.dev/metal-installer/4a0d65c669d46663f377e7161e50cfd570c401f26fd9e7bda34a0216b6f1922b:v1.13.9
`,
    valid: `version: v1alpha1
machine:
  type: worker
  token: abc.def
  install:
    image: factory.talos.dev/metal-installer/4a0d65c669d46663f377e7161e50cfd570c401f26fd9e7bda34a0216b6f1922b:v1.13.9
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
`,
    exampleKind: 'machine-config',
  },
  check({ targets, report }) {
    for (const target of targets) {
      if (!target.complete || hasTailscaleService(target)) continue
      if (hasTailscaleExtension(target, targets) !== true) continue
      // A lone patch in the same cluster that carries the service config is applied to the nodes
      // next to the base config (`talosctl apply --config-patch`): the node gets it.
      const patched = sameCluster(target, targets).some(
        other => other !== target && !other.complete && hasTailscaleService(other),
      )
      if (patched) continue
      const schematic = nodeSchematic(target, targets)
      report({
        at: schematic.node ? { source: schematic.source, node: schematic.node } : { source: target.source },
        messageId: 'missing',
        data: { node: target.hints.node ? ` "${target.hints.node}"` : '' },
      })
    }
  },
})
