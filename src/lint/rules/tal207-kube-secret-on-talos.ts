import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atEntry, removeEntry, servicesOf } from './util/esc.ts'

export default defineRule({
  code: 'TAL207',
  name: 'kube-secret-on-talos',
  topic: 'extension-service',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    kubeSecret:
      'TS_KUBE_SECRET={{value}} makes containerboot store state in a Kubernetes Secret, but the extension runs outside any pod: it fails with "error initializing kube client" and restarts in a loop',
  },
  fixTitle: 'Remove TS_KUBE_SECRET; the extension keeps state in /var/lib/tailscale',
  fix: 'safe',
  docs: {
    summary: 'Finds TS_KUBE_SECRET in the host extension, where no Kubernetes service account exists.',
    why: 'TS_KUBE_SECRET is for the Tailscale container running as a pod; the Talos extension is a host service with no service-account token, so containerboot cannot build its kube client and exits, while state already persists in /var/lib/tailscale (T5).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_KUBE_SECRET=tailscale-state
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
`,
  },
  check(context) {
    for (const service of servicesOf(context.target)) {
      const entry = service.effectiveEntry.get('TS_KUBE_SECRET')
      // An explicit empty value disables the kube store: harmless.
      if (!entry || (entry.value ?? '') === '') continue
      const edit = removeEntry(entry)
      context.report({
        at: atEntry(entry),
        messageId: 'kubeSecret',
        data: { value: entry.value! },
        ...(edit ? { edits: [edit] } : {}),
      })
    }
  },
})
