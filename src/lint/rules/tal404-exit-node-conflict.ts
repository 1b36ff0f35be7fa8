import { parseCidr, parseIp } from '../../core/net.ts'
import { boolFlagValue, isDefaultRoute, lastFlag } from '../../tailscale/parse.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atFlag, servicesOf } from './util/esc.ts'

export default defineRule({
  code: 'TAL404',
  name: 'exit-node-conflict',
  topic: 'flags',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    conflict:
      '--exit-node={{value}} together with {{other}}: tailscale up fails with "Cannot advertise an exit node and use an exit node at the same time."',
  },
  fixTitle: 'Either use an exit node or offer one, not both',
  fix: 'none',
  docs: {
    summary: 'Finds nodes that both use an exit node and advertise themselves as one.',
    why: 'tailscaled refuses prefs that use and offer an exit node at once, so tailscale up exits and containerboot restarts the service forever (T11).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_EXTRA_ARGS=--advertise-exit-node --exit-node=100.64.0.1
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_EXTRA_ARGS=--advertise-exit-node
`,
  },
  check(context) {
    for (const service of servicesOf(context.target)) {
      const extra = service.extraArgs
      const exitNode = lastFlag(extra?.args, 'exit-node')
      // tailscaled refuses prefs with an exit node IP; a host name fails earlier (TAL410), and
      // auto:any sets no exit node until one is chosen, so up itself does not fail on it.
      if (!extra || !exitNode || !parseIp(exitNode.value ?? '')) continue
      const advertise = lastFlag(extra.args, 'advertise-exit-node')
      let other: string | undefined
      if (advertise && boolFlagValue(advertise) === true) other = '--advertise-exit-node'
      else {
        const routes =
          lastFlag(extra.args, 'advertise-routes')?.value ?? service.effective.get('TS_ROUTES') ?? ''
        const defaults = routes
          .split(',')
          .map(item => parseCidr(item))
          .filter(p => p && isDefaultRoute(p))
        if (defaults.length >= 2) other = 'advertised routes 0.0.0.0/0 and ::/0'
      }
      if (!other) continue
      context.report({
        at: atFlag(extra.entry, exitNode),
        messageId: 'conflict',
        data: { value: exitNode.value!, other },
      })
    }
  },
})
