import { boolFlagValue, lastFlag } from '../../tailscale/parse.ts'
import { parseGoBool } from '../../tailscale/variables.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atFlag, servicesOf } from './util/esc.ts'

export default defineRule({
  code: 'TAL503',
  name: 'force-reauth-every-boot',
  topic: 'state',
  severity: 'warning',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    reauth:
      '--force-reauth in TS_EXTRA_ARGS runs on every start (TS_AUTH_ONCE is false): the node logs in again at each boot, drops its connections and needs a valid auth key every time; a one-off key fails from the second boot on',
  },
  fixTitle: 'Remove --force-reauth from TS_EXTRA_ARGS and re-authenticate once by hand when needed',
  fix: 'none',
  docs: {
    summary: 'Finds --force-reauth in TS_EXTRA_ARGS, which containerboot repeats at every start.',
    why: 'containerboot runs tailscale up with TS_EXTRA_ARGS on every start unless TS_AUTH_ONCE=true, so a forced re-authentication happens at each boot and consumes a fresh key each time (T16).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_EXTRA_ARGS=--force-reauth --ssh
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_EXTRA_ARGS=--ssh
`,
  },
  check(context) {
    for (const service of servicesOf(context.target)) {
      const extra = service.extraArgs
      const flag = lastFlag(extra?.args, 'force-reauth')
      if (!extra || !flag || boolFlagValue(flag) !== true) continue
      if (service.opaque || parseGoBool(service.effective.get('TS_AUTH_ONCE') ?? '') === true) continue
      context.report({ at: atFlag(extra.entry, flag), messageId: 'reauth' })
    }
  },
})
