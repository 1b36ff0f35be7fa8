import { sameCluster } from '../facts/clusters.ts'
import { hasTailscaleExtension, nodeSchematic } from '../facts/schematics.ts'
import { hasTailscaleService } from '../facts/tailscale-use.ts'
import { CONFIG_KINDS, defineRule, type LintTarget, type Location } from '../rule.ts'

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
    why: 'The extension’s service declares `depends: configuration: true`, so ext-tailscale stays Waiting until an ExtensionServiceConfig named exactly tailscale exists; Talos does not complain, the boot sequence just times out (T7).',
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
  collect: ({ target }) => nodeFact(target),
  check({ targets, report, facts }) {
    const factOf = (target: LintTarget) => (facts ? facts.get(target) : undefined) ?? nodeFact(target)
    for (const target of targets) {
      const fact = factOf(target)
      if (!target.complete || target.partial || fact.service || !fact.extension) continue
      // A lone patch in the same cluster that carries the service config is applied to the nodes
      // next to the base config (`talosctl apply --config-patch`): the node gets it.
      const patched = sameCluster(target, targets).some(
        other => other !== target && !other.complete && factOf(other).service,
      )
      if (patched) continue
      report({
        at: fact.at,
        messageId: 'missing',
        data: { node: target.hints.node ? ` "${target.hints.node}"` : '' },
      })
    }
  },
})

/** What this rule needs of a target, taken while its documents are at hand. */
interface NodeFact {
  /** It holds an ExtensionServiceConfig named tailscale. */
  service: boolean
  /** A whole node whose schematic surely carries siderolabs/tailscale. */
  extension: boolean
  /** Where a finding points: the schematic or image, else the file. */
  at: Location
}

// The project's schematic files are not consulted here (only IDs talscale knows, and a schematic
// linked to the node itself), as when this rule saw only the config targets.
function nodeFact(target: LintTarget): NodeFact {
  const service = hasTailscaleService(target)
  if (!target.complete || service) return { service, extension: false, at: { source: target.source } }
  const extension = hasTailscaleExtension(target, NO_TARGETS) === true
  const schematic = nodeSchematic(target, NO_TARGETS)
  return {
    service,
    extension,
    at: schematic.node ? { source: schematic.source, node: schematic.node } : { source: target.source },
  }
}

const NO_TARGETS: readonly LintTarget[] = []
