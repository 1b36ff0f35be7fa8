import { isOpaqueValue } from '../../tailscale/keys.ts'
import { checkHostname, lastFlag } from '../../tailscale/parse.ts'
import { describeTailscaleFor, extensionHas, TAILSCALE_CHANGES } from '../../tailscale/versions.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atFlagValue, atValue, safeText, servicesOf } from './util/esc.ts'

export default defineRule({
  code: 'TAL412',
  name: 'invalid-hostname',
  topic: 'flags',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    invalid:
      '{{where}}={{value}} is not a valid DNS host name: tailscale up exits with "{{problem}}" ({{version}}) and the service crash-loops',
  },
  fixTitle: 'Use letters, digits and dashes only, starting and ending with a letter or digit',
  fix: 'none',
  docs: {
    summary: 'Finds TS_HOSTNAME or --hostname values that are not valid DNS names.',
    why: 'tailscale up validates the host name as DNS labels (1-63 letters, digits or dashes, alphanumeric at both ends) and exits otherwise, so the service crash-loops (T7).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_HOSTNAME=talos_cp_1
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_HOSTNAME=talos-cp-1
`,
  },
  check(context) {
    const talos = context.target.talosVersion
    const version = describeTailscaleFor(talos)
    const max = extensionHas(talos, TAILSCALE_CHANGES.longerDnsNames) ? 254 : 253
    for (const service of servicesOf(context.target)) {
      const entry = service.effectiveEntry.get('TS_HOSTNAME')
      const value = entry?.value ?? ''
      if (entry && value !== '' && !/^(["']).*\1$/.test(value) && !isOpaqueValue(value)) {
        const problem = checkHostname(value, max)
        if (problem)
          context.report({
            at: atValue(entry),
            messageId: 'invalid',
            data: { where: 'TS_HOSTNAME', value: safeText(value), problem: safeText(problem, 300), version },
          })
      }
      const extra = service.extraArgs
      // Go's flag package keeps the last value: only that one is checked.
      for (const flag of [lastFlag(extra?.args, 'hostname')].filter(f => f !== undefined)) {
        if (
          flag.canonical !== 'hostname' ||
          !flag.value ||
          /["']/.test(flag.value) ||
          isOpaqueValue(flag.value)
        )
          continue
        const problem = checkHostname(flag.value, max)
        if (problem)
          context.report({
            at: atFlagValue(extra!.entry, flag),
            messageId: 'invalid',
            data: {
              where: `--${flag.name}`,
              value: safeText(flag.value),
              problem: safeText(problem, 300),
              version,
            },
          })
      }
    }
  },
})
