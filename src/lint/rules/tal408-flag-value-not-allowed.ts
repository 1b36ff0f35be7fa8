import { isOpaqueValue } from '../../tailscale/keys.ts'
import { goQuote } from '../../tailscale/parse.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atFlagValue, safeText, servicesOf } from './util/esc.ts'

export default defineRule({
  code: 'TAL408',
  name: 'flag-value-not-allowed',
  topic: 'flags',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    notAllowed: '--{{name}}={{value}} is not one of {{allowed}}: tailscale up exits with "{{text}}"',
  },
  fixTitle: 'Use one of the values the flag accepts',
  fix: 'none',
  docs: {
    summary: 'Finds flags with a fixed set of values (such as --netfilter-mode) set to something else.',
    why: 'tailscale up checks --netfilter-mode (on, nodivert, off) and similar flags against their fixed values and exits on anything else, crash-looping the service (T7).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_EXTRA_ARGS=--netfilter-mode=nftables
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_EXTRA_ARGS=--netfilter-mode=nodivert
`,
  },
  check(context) {
    for (const service of servicesOf(context.target)) {
      const extra = service.extraArgs
      for (const flag of extra?.args.flags ?? []) {
        const values = flag.spec?.values
        if (!values || flag.value === undefined || values.includes(flag.value) || isOpaqueValue(flag.value))
          continue
        // A bool takes a value only inline; --qr-format is read only when a QR code is printed.
        if (flag.spec?.kind === 'bool' && !flag.inline) continue
        if (flag.canonical === 'qr-format') continue
        const value = safeText(flag.value, 40)
        context.report({
          at: atFlagValue(extra!.entry, flag),
          messageId: 'notAllowed',
          data: {
            name: flag.name,
            value,
            allowed: values.join(', '),
            // Go's flag package for a bool flag (host-routes: notFalseVar), up.go for --netfilter-mode.
            text:
              flag.spec?.kind === 'bool'
                ? `invalid boolean value ${goQuote(value)} for -${flag.name}: unsupported value; only 'true' is allowed`
                : `invalid value --${flag.name}=${goQuote(value)}`,
          },
        })
      }
    }
  },
})
