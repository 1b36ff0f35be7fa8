import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atKey, servicesOf } from './util/esc.ts'

export default defineRule({
  code: 'TAL301',
  name: 'empty-auth-key',
  topic: 'auth',
  severity: 'warning',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    empty:
      '{{key}} is empty: a node that is not enrolled yet cannot log in, waits for interactive login and containerboot gives up after 60 s',
  },
  fixTitle: 'Set the auth key (for example TS_AUTHKEY=${TS_AUTHKEY} with talhelper), or remove the entry',
  fix: 'none',
  docs: {
    summary: 'Finds an empty TS_AUTHKEY, usually a substitution that produced nothing.',
    why: 'containerboot passes no key when TS_AUTHKEY is empty, so a new or reset node stays in NeedsLogin and the service restarts every 60 s; an empty value in a committed file is usually a template variable that was never filled (T16).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=
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
      const env = service.effective
      const anyCredential =
        ['TS_AUTHKEY', 'TS_AUTH_KEY', 'TS_CLIENT_SECRET', 'TS_CLIENT_ID'].some(
          k => (env.get(k) ?? '') !== '',
        ) || service.extraArgs?.args.flags.some(f => f.canonical === 'auth-key' && (f.value ?? '') !== '')
      if (service.opaque || anyCredential) continue
      for (const key of ['TS_AUTHKEY', 'TS_AUTH_KEY']) {
        const entry = service.effectiveEntry.get(key)
        if (entry && (entry.value ?? '') === '') {
          context.report({ at: atKey(entry), messageId: 'empty', data: { key } })
          break
        }
      }
    }
  },
})
