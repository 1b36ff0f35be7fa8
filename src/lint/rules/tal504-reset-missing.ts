import { parseGoBool } from '../../tailscale/variables.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { appendToValue, atKey, servicesOf } from './util/esc.ts'

// Flags `tailscale up` does not count as settings (up.go preflessFlag): removing them later is harmless.
const PREFLESS = new Set([
  'auth-key',
  'force-reauth',
  'reset',
  'qr',
  'qr-format',
  'json',
  'timeout',
  'accept-risk',
  'host-routes',
  'client-id',
  'audience',
  'client-secret',
  'id-token',
])

export default defineRule({
  code: 'TAL504',
  name: 'reset-missing',
  topic: 'state',
  severity: 'info',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    noReset:
      'TS_EXTRA_ARGS sets {{flags}} without --reset while TS_AUTH_ONCE is false: if you later remove one of them, tailscale up fails with "changing settings via \'tailscale up\' requires mentioning all non-default flags" and the service crash-loops',
  },
  fixTitle: 'Add --reset to TS_EXTRA_ARGS so settings you remove later return to their defaults',
  fix: 'unsafe',
  docs: {
    fixSafety:
      'with --reset, every setting not on the command line returns to its default at the next start, including settings made by hand with tailscale set.',
    summary:
      'Notes TS_EXTRA_ARGS settings that would crash-loop the service if removed later, because --reset is missing.',
    why: 'containerboot runs tailscale up with TS_EXTRA_ARGS on every start, and with persisted state up refuses to drop a previously set flag unless --reset is given, so editing the list later breaks the node; on Talos there is no shell to change settings another way, so --reset costs nothing (T16).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_EXTRA_ARGS=--advertise-tags=tag:talos --ssh
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_EXTRA_ARGS=--advertise-tags=tag:talos --ssh --reset
`,
  },
  check(context) {
    for (const service of servicesOf(context.target)) {
      const extra = service.extraArgs
      if (!extra) continue
      if (service.opaque || parseGoBool(service.effective.get('TS_AUTH_ONCE') ?? '') === true) continue
      const flags = extra.args.flags
      if (flags.some(flag => flag.canonical === 'reset')) continue
      // Unknown flags are other rules' findings; judge only real settings.
      const settings = [
        ...new Set(flags.filter(f => f.spec && !PREFLESS.has(f.canonical)).map(f => `--${f.canonical}`)),
      ]
      if (settings.length === 0) continue
      const shown =
        settings.length > 3
          ? `${settings.slice(0, 3).join(', ')} and ${settings.length - 3} more`
          : settings.join(', ')
      context.report({
        at: atKey(extra.entry),
        messageId: 'noReset',
        data: { flags: shown },
        edits: extra.entry.offsets ? [appendToValue(extra.entry, ' --reset')] : [],
      })
    }
  },
})
