import { closestMatch } from '../../core/suggest.ts'
import { CONTAINERBOOT_VARIABLES, KNOWN_ENV_NAMES } from '../../tailscale/variables.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atKey, replaceEntryText, safeText, servicesOf } from './util/esc.ts'

// Sorted: of equally close names the alphabetically first is suggested.
const CONTAINERBOOT_NAMES = CONTAINERBOOT_VARIABLES.map(v => v.name)
  .concat(['TS_AUTH_KEY'])
  .sort()
const ALL_NAMES = [...KNOWN_ENV_NAMES].sort()

export default defineRule({
  code: 'TAL205',
  name: 'unknown-ts-variable',
  topic: 'extension-service',
  severity: 'warning',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    unknown: '{{key}} is not read by containerboot, tailscaled or the tailscale CLI, so it does nothing',
    unknownSuggest:
      '{{key}} is not read by containerboot, tailscaled or the tailscale CLI, so it does nothing; did you mean {{suggestion}}?',
  },
  fixTitle: 'Rename the variable to the one Tailscale reads',
  fix: 'unsafe',
  docs: {
    fixSafety:
      'the new name is a guess by spelling, and the renamed variable takes effect at the next start of the extension, changing what Tailscale does.',
    summary: 'Finds TS_* variables that no Tailscale program reads, and suggests the nearest real name.',
    why: 'Talos does not validate environment names, so a misspelt TS_AUTHKEY or TS_EXTRA_ARGS is silently ignored and the node boots without the setting (T7).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_EXTRA_ARG=--ssh
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_EXTRA_ARGS=--ssh
  - TS_DISABLE_PORTMAPPER=true
`,
  },
  check(context) {
    for (const service of servicesOf(context.target)) {
      for (const entry of service.entries) {
        const key = entry.key
        if (key === undefined || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) continue
        const upper = key.toUpperCase()
        const tailscaleish = upper.startsWith('TS_') || upper.startsWith('TAILSCALE_')
        if (!tailscaleish || KNOWN_ENV_NAMES.has(key)) continue
        const guess = upper.startsWith('TAILSCALE_') ? `TS_${upper.slice('TAILSCALE_'.length)}` : upper
        const suggestion =
          (KNOWN_ENV_NAMES.has(guess) ? guess : undefined) ??
          closestMatch(guess, CONTAINERBOOT_NAMES, { transpositions: true }) ??
          closestMatch(guess, ALL_NAMES, { transpositions: true })
        if (suggestion && entry.offsets) {
          context.report({
            at: atKey(entry),
            messageId: 'unknownSuggest',
            data: { key: safeText(key), suggestion },
            edits: [replaceEntryText(entry, 0, key.length, suggestion)],
          })
        } else {
          context.report({ at: atKey(entry), messageId: 'unknown', data: { key: safeText(key) } })
        }
      }
    }
  },
})
