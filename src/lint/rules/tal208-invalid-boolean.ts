import { isOpaqueValue } from '../../tailscale/keys.ts'
import {
  CONTAINERBOOT_VARIABLES,
  FIXED_PRESETS,
  intendedBool,
  parseGoBool,
} from '../../tailscale/variables.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atValue, replaceInValue, safeText, servicesOf } from './util/esc.ts'

const DEFAULTS = new Map(
  CONTAINERBOOT_VARIABLES.filter(v => v.kind === 'bool').map(v => [v.name, v.default!]),
)

export default defineRule({
  code: 'TAL208',
  name: 'invalid-boolean',
  topic: 'extension-service',
  severity: 'warning',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    invalid:
      '{{key}}={{value}} is not a boolean Go accepts (true/false, 1/0, t/f), so containerboot silently uses the default, {{default}}',
  },
  fixTitle: 'Write the boolean as true or false',
  fix: 'safe',
  docs: {
    summary: 'Finds containerboot boolean variables with values like yes, on or no.',
    why: 'containerboot parses booleans with Go strconv.ParseBool and silently falls back to the default for anything else, so TS_AUTH_ONCE=yes means false (T7).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTH_ONCE=yes
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTH_ONCE=true
`,
  },
  check(context) {
    for (const service of servicesOf(context.target)) {
      for (const [key, entry] of service.effectiveEntry) {
        const fallback = DEFAULTS.get(key)
        if (fallback === undefined || FIXED_PRESETS.includes(key)) continue
        const value = entry.value ?? ''
        if (value === '' || parseGoBool(value) !== undefined || isOpaqueValue(value)) continue
        // Quoted values are TAL202's finding.
        if (/^(["']).*\1$/.test(value)) continue
        const meant = intendedBool(value)
        const edits =
          meant !== undefined && entry.offsets ? [replaceInValue(entry, 0, value.length, String(meant))] : []
        context.report({
          at: atValue(entry),
          messageId: 'invalid',
          data: { key, value: safeText(value), default: String(fallback) },
          edits,
        })
      }
    }
  },
})
