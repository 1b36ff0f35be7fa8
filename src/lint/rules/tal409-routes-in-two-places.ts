import { lastFlag } from '../../tailscale/parse.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atFlag, atKey, servicesOf } from './util/esc.ts'

export default defineRule({
  code: 'TAL409',
  name: 'routes-in-two-places',
  topic: 'flags',
  severity: 'warning',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    both: 'routes are set both in TS_ROUTES and with --{{name}} in TS_EXTRA_ARGS: tailscale up uses the flag, while containerboot enables IP forwarding and runs tailscale set from TS_ROUTES only',
  },
  fixTitle: 'Keep the routes in TS_ROUTES only and remove --advertise-routes from TS_EXTRA_ARGS',
  fix: 'none',
  docs: {
    summary: 'Finds routes given both in TS_ROUTES and as --advertise-routes in TS_EXTRA_ARGS.',
    why: 'containerboot passes TS_ROUTES before TS_EXTRA_ARGS, so the flag wins for tailscale up, but the forwarding check and tailscale set read only TS_ROUTES, so the two drift apart (T11, T16).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_ROUTES=10.96.0.0/12
  - TS_EXTRA_ARGS=--advertise-routes=10.244.0.0/16
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_ROUTES=10.96.0.0/12,10.244.0.0/16
`,
  },
  check(context) {
    for (const service of servicesOf(context.target)) {
      const extra = service.extraArgs
      const flag = lastFlag(extra?.args, 'advertise-routes')
      const routes = service.effectiveEntry.get('TS_ROUTES')
      if (!extra || !flag || !routes) continue
      context.report({
        at: atFlag(extra.entry, flag),
        messageId: 'both',
        data: { name: flag.name },
        related: [
          { at: atKey(routes), message: 'TS_ROUTES, the routes containerboot enables forwarding for' },
        ],
      })
    }
  },
})
