import { isOpaqueValue } from '../../tailscale/keys.ts'
import { EXTENSION_PRESETS, FIXED_PRESETS, parseGoBool } from '../../tailscale/variables.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atEntry, removeEntry, servicesOf } from './util/esc.ts'
import { isPersistentStateDir } from './util/state.ts'

export default defineRule({
  code: 'TAL204',
  name: 'ignored-preset-override',
  topic: 'extension-service',
  severity: 'warning',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    ignored:
      '{{key}}={{value}} has no effect: the extension already sets {{key}}={{preset}} and the first occurrence of a key wins',
  },
  fixTitle: 'Remove the entry; the extension fixes this variable',
  fix: 'safe',
  docs: {
    summary: 'Finds overrides of TS_STATE_DIR, TS_SOCKET or TS_USERSPACE, which the extension presets.',
    why: 'The extension sets TS_STATE_DIR, TS_SOCKET and TS_USERSPACE before the ExtensionServiceConfig entries and the first occurrence of a key wins, so an override only misleads the reader (T5).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_USERSPACE=true
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_STATE_DIR=/var/lib/tailscale
`,
  },
  check(context) {
    for (const service of servicesOf(context.target)) {
      for (const entry of service.entries) {
        const key = entry.key
        if (key === undefined || !FIXED_PRESETS.includes(key)) continue
        const value = entry.value ?? ''
        const preset = EXTENSION_PRESETS[key]!
        if (sameAsPreset(key, value, preset)) continue
        // A non-persistent state dir is TAL500's finding, with the stronger explanation.
        if (key === 'TS_STATE_DIR' && !isPersistentStateDir(value) && !isOpaqueValue(value)) continue
        const edit = removeEntry(entry)
        context.report({
          at: atEntry(entry),
          messageId: 'ignored',
          data: { key, value, preset },
          ...(edit ? { edits: [edit] } : {}),
        })
      }
    }
  },
})

function sameAsPreset(key: string, value: string, preset: string): boolean {
  if (key === 'TS_USERSPACE') return parseGoBool(value) === parseGoBool(preset)
  return value.replace(/\/+$/, '') === preset
}
