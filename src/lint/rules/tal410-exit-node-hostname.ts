import { parseIp } from '../../core/net.ts'
import { isOpaqueValue } from '../../tailscale/keys.ts'
import { lastFlag } from '../../tailscale/parse.ts'
import { describeTailscaleFor, extensionHas, TAILSCALE_CHANGES } from '../../tailscale/versions.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atFlagValue, safeText, servicesOf } from './util/esc.ts'

export default defineRule({
  code: 'TAL410',
  name: 'exit-node-hostname',
  topic: 'flags',
  severity: 'warning',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    hostname:
      '--exit-node={{value}} names the exit node by host name; at boot there are no peers yet, so tailscale up fails with "cannot resolve exit node by hostname while Tailscale is starting up; please use its Tailscale IP address instead"',
    autoTooOld:
      '--exit-node={{value}}: {{version}} has no automatic exit node (from Tailscale 1.86), so it reads "{{value}}" as a host name and fails at boot with "cannot resolve exit node by hostname while Tailscale is starting up; please use its Tailscale IP address instead"',
  },
  fixTitle: "Use the exit node's tailnet IP (100.x.y.z) or auto:any",
  fix: 'none',
  docs: {
    summary: 'Finds --exit-node given as a host name in TS_EXTRA_ARGS.',
    why: 'containerboot runs tailscale up before the node has a network map, so a host name cannot be resolved to a peer and up fails on every boot; an IP address or auto:any works (T16).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_EXTRA_ARGS=--exit-node=gateway
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_EXTRA_ARGS=--exit-node=100.101.102.103
`,
  },
  check(context) {
    const talos = context.target.talosVersion
    const autoExitNode = extensionHas(talos, TAILSCALE_CHANGES.autoExitNode)
    for (const service of servicesOf(context.target)) {
      const extra = service.extraArgs
      const flag = lastFlag(extra?.args, 'exit-node')
      const value = flag?.value ?? ''
      if (!extra || !flag || value === '' || parseIp(value) || isOpaqueValue(value)) continue
      // ipn.ParseAutoExitNodeString: "auto:" followed by a non-empty expression.
      const auto = value.startsWith('auto:') && value.length > 'auto:'.length
      if (auto && autoExitNode) continue
      context.report({
        at: atFlagValue(extra.entry, flag),
        messageId: auto ? 'autoTooOld' : 'hostname',
        data: { value: safeText(value, 60), version: describeTailscaleFor(talos) },
      })
    }
  },
})
