import { boolFlagValue, lastFlag } from '../../tailscale/parse.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atFlag, servicesOf } from './util/esc.ts'

export default defineRule({
  code: 'TAL405',
  name: 'lan-access-without-exit-node',
  topic: 'flags',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    noExitNode:
      '--exit-node-allow-lan-access without --exit-node: tailscale up fails with "--exit-node-allow-lan-access can only be used with --exit-node"',
  },
  fixTitle: 'Remove --exit-node-allow-lan-access, or add --exit-node=<tailnet IP>',
  fix: 'none',
  docs: {
    summary: 'Finds --exit-node-allow-lan-access without an exit node.',
    why: 'tailscale up rejects LAN access for an exit node that is not set, so the service never comes up (T7).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_EXTRA_ARGS=--exit-node-allow-lan-access
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_EXTRA_ARGS=--exit-node=100.64.0.1 --exit-node-allow-lan-access
`,
  },
  check(context) {
    for (const service of servicesOf(context.target)) {
      const extra = service.extraArgs
      const lan = lastFlag(extra?.args, 'exit-node-allow-lan-access')
      if (!extra || !lan || boolFlagValue(lan) !== true) continue
      if ((lastFlag(extra.args, 'exit-node')?.value ?? '') !== '') continue
      context.report({ at: atFlag(extra.entry, lan), messageId: 'noExitNode' })
    }
  },
})
