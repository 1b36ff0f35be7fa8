import { isOpaqueValue } from '../../tailscale/keys.ts'
import { lastFlag } from '../../tailscale/parse.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { containerbootReadsOAuth, credentialsOf } from './util/auth.ts'
import { atKey, servicesOf } from './util/esc.ts'

export default defineRule({
  code: 'TAL421',
  name: 'wif-without-token',
  topic: 'auth',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    missing:
      'TS_CLIENT_ID logs in through workload identity federation, but there is no TS_ID_TOKEN and no TS_AUDIENCE: tailscale up fails with "federated identity requires either an ID token or an audience"',
  },
  fixTitle:
    'Add TS_ID_TOKEN (or TS_AUDIENCE on a cloud with an identity provider), or log in with an auth key',
  fix: 'none',
  docs: {
    summary: 'Finds workload identity federation (TS_CLIENT_ID) without an ID token or an audience.',
    why: 'With a client ID and no auth key or client secret, tailscale up exchanges an ID token for a key; with neither TS_ID_TOKEN nor TS_AUDIENCE it has nothing to exchange and exits, so containerboot restarts forever (feature/identityfederation, Tailscale 1.94+).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_CLIENT_ID=kFAKE1CNTRL
  - TS_EXTRA_ARGS=--advertise-tags=tag:talos
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_CLIENT_ID=kFAKE1CNTRL
  - TS_ID_TOKEN=file:/var/run/secrets/tailscale/token
  - TS_EXTRA_ARGS=--advertise-tags=tag:talos
`,
  },
  check(context) {
    // containerboot reads TS_CLIENT_ID only from 1.94 (TAL422 reports it on older nodes).
    if (!containerbootReadsOAuth(context.target.talosVersion)) return
    for (const service of servicesOf(context.target)) {
      const clientId = service.effectiveEntry.get('TS_CLIENT_ID')
      if (!clientId || (clientId.value ?? '') === '') continue
      // An auth key or client secret is used first; federation runs only without one.
      if (credentialsOf(service).some(credential => credential.value !== '')) continue
      const given = (variable: string, flag: string) => {
        const value = service.effectiveEntry.get(variable)?.value ?? ''
        const fromFlag = lastFlag(service.extraArgs?.args, flag)?.value ?? ''
        return value !== '' || fromFlag !== '' || isOpaqueValue(value)
      }
      if (given('TS_ID_TOKEN', 'id-token') || given('TS_AUDIENCE', 'audience')) continue
      context.report({ at: atKey(clientId), messageId: 'missing' })
    }
  },
})
