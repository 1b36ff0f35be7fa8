import { isOpaqueValue } from '../../tailscale/keys.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atFlag, servicesOf } from './util/esc.ts'
import { isPersistentStateDir, isPersistentStateFile } from './util/state.ts'

export default defineRule({
  code: 'TAL501',
  name: 'daemon-state-flag',
  topic: 'state',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    memory:
      "--{{name}}={{value}} in TS_TAILSCALED_EXTRA_ARGS overrides the extension's state directory (these flags come last and win): the node registers as ephemeral and becomes a new device after every restart",
    volatile:
      '--{{name}}={{value}} in TS_TAILSCALED_EXTRA_ARGS moves tailscaled state out of the persistent /var/lib/tailscale mount (these flags come last and win): the node loses its identity on restart',
  },
  fixTitle: 'Remove --state/--statedir from TS_TAILSCALED_EXTRA_ARGS',
  fix: 'none',
  docs: {
    summary: 'Finds --state or --statedir in TS_TAILSCALED_EXTRA_ARGS pointing outside persistent storage.',
    why: 'containerboot appends TS_TAILSCALED_EXTRA_ARGS after its own --statedir, so these flags do take effect; state in memory or outside the /var/lib/tailscale bind mount is lost on restart and the node re-registers as a new device (T5).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - "TS_TAILSCALED_EXTRA_ARGS=--port=41641 --state=mem:"
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_TAILSCALED_EXTRA_ARGS=--port=41641
`,
  },
  check(context) {
    for (const service of servicesOf(context.target)) {
      const daemon = service.daemonArgs
      for (const flag of daemon?.args.flags ?? []) {
        if (flag.value === undefined || isOpaqueValue(flag.value)) continue
        const value = flag.value
        let persistent: boolean
        if (flag.canonical === 'state')
          persistent = value !== '' && !value.startsWith('mem:') && isPersistentStateFile(value)
        else if (flag.canonical === 'statedir') persistent = value === '' || isPersistentStateDir(value)
        else continue
        // kube: and arn:aws:ssm: stores are remote, not lost on restart; TAL207 covers the kube case.
        if (persistent || /^(kube:|arn:aws:ssm:)/.test(value)) continue
        context.report({
          at: atFlag(daemon!.entry, flag),
          messageId: value.startsWith('mem:') ? 'memory' : 'volatile',
          data: { name: flag.name, value },
        })
      }
    }
  },
})
