import { editDistance } from '../../core/suggest.ts'
import { TAILSCALE_SERVICE } from '../../tailscale/parse.ts'
import { extensionServices } from '../../talos/accessors.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { replaceScalar } from '../yaml-edits.ts'

export default defineRule({
  code: 'TAL241',
  name: 'misspelled-tailscale-service',
  topic: 'extension-service',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    misspelled:
      'ExtensionServiceConfig name "{{name}}" is not "tailscale": the extension waits for a config named exactly "tailscale", so this one is never used',
  },
  fixTitle: 'Rename the ExtensionServiceConfig to tailscale',
  fix: 'safe',
  docs: {
    summary: 'An ExtensionServiceConfig whose name looks like a misspelling of tailscale.',
    why: 'The extension’s service waits for the config whose ID is exactly its service name, tailscale (not ext-tailscale, not siderolabs/tailscale); Talos accepts a config for any name and never says it is unused (T7).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: ext-tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
`,
  },
  check({ target, report }) {
    const services = extensionServices(target.documents)
    const hasExact = services.some(service => service.name === TAILSCALE_SERVICE)
    for (const service of services) {
      if (service.name === undefined || !service.nameNode || !looksLikeTailscale(service.name)) continue
      // With a correct config next to it, renaming would create a duplicate document.
      const edits = hasExact ? undefined : replaceScalar(service.doc, service.nameNode, TAILSCALE_SERVICE)
      report({
        at: { source: service.doc.source.source, node: service.nameNode },
        messageId: 'misspelled',
        data: { name: service.name },
        ...(edits ? { edits } : {}),
      })
    }
  },
})

/** Names people give the tailscale config by mistake: other case, prefixes, suffixes, typos. */
export function looksLikeTailscale(name: string): boolean {
  if (name === TAILSCALE_SERVICE) return false
  const folded = name.toLowerCase().replace(/[^a-z0-9]/g, '')
  if (folded.includes(TAILSCALE_SERVICE)) return true
  return editDistance(folded, TAILSCALE_SERVICE) <= 2
}
