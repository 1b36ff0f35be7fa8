import { REJECTED_COMBINATIONS } from '../../tailscale/variables.ts'
import { sourceOfNode } from '../../talos/documents.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { containerbootReadsOAuth } from './util/auth.ts'
import { atKey, servicesOf } from './util/esc.ts'

const OAUTH_ONLY = new Set(['TS_CLIENT_ID', 'TS_CLIENT_SECRET', 'TS_ID_TOKEN', 'TS_AUDIENCE'])

export default defineRule({
  code: 'TAL206',
  name: 'rejected-env-combination',
  topic: 'extension-service',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    rejected:
      'containerboot refuses these variables together and exits at every start (crash loop): "{{message}}"',
  },
  fixTitle: 'Keep only one of the conflicting variables',
  fix: 'none',
  docs: {
    summary: 'Finds combinations of containerboot variables that containerboot rejects at start.',
    why: 'containerboot validates its variables before starting tailscaled and exits with "invalid configuration" on these combinations, and Talos validates none of them, so the service restarts forever (T7).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
  - TS_CLIENT_SECRET=\${TS_OAUTH_SECRET}
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_CLIENT_SECRET=\${TS_OAUTH_SECRET}
  - TS_EXTRA_ARGS=--advertise-tags=tag:talos
`,
  },
  check(context) {
    // containerboot reads (and checks) the OAuth and federation variables only from Tailscale 1.94;
    // older nodes ignore them, which TAL422 reports.
    const oauthRead = containerbootReadsOAuth(context.target.talosVersion)
    for (const service of servicesOf(context.target)) {
      for (const combination of REJECTED_COMBINATIONS) {
        if (
          !oauthRead &&
          combination.variables.some(name => OAUTH_ONLY.has(name)) &&
          !combination.variables.includes('TS_EXPERIMENTAL_VERSIONED_CONFIG_DIR')
        )
          continue
        if (!combination.when(service.effective)) continue
        // Point at the last variable of the combination that the document sets: the one that broke it.
        const entries = combination.variables
          .map(name => service.effectiveEntry.get(name))
          .filter(entry => entry !== undefined)
        const entry = entries.sort((a, b) => (a.node.range?.[0] ?? 0) - (b.node.range?.[0] ?? 0)).at(-1)
        const node = service.environment ?? service.doc.map ?? undefined
        context.report({
          at: entry ? atKey(entry) : { source: sourceOfNode(service.doc, node), node: node ?? null },
          messageId: 'rejected',
          data: { message: combination.message },
        })
      }
    }
  },
})
