import { isOpaqueValue } from '../../tailscale/keys.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atValue, removeEntry, servicesOf } from './util/esc.ts'
import { isPersistentStateDir } from './util/state.ts'

export default defineRule({
  code: 'TAL500',
  name: 'state-dir-override',
  topic: 'state',
  severity: 'warning',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    memory:
      'TS_STATE_DIR={{value}} asks for in-memory state, which would register the node as ephemeral and lose its identity on every restart; it is ignored only because the extension sets TS_STATE_DIR first',
    volatile:
      'TS_STATE_DIR={{value}} is outside the persistent /var/lib/tailscale mount, so state there would not survive a restart; it is ignored only because the extension sets TS_STATE_DIR first',
  },
  fixTitle: 'Remove TS_STATE_DIR; the extension keeps state in /var/lib/tailscale',
  fix: 'safe',
  docs: {
    summary: 'Finds TS_STATE_DIR set to mem: or to a path that does not persist.',
    why: 'The extension presets TS_STATE_DIR=/var/lib/tailscale, a bind mount of the persistent /var, and the first occurrence wins; an override is dead today and dangerous if copied to a setup where it takes effect, because tailscaled state in memory or /tmp makes the node a new device on every boot (T5).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_STATE_DIR=/tmp/tailscale
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
        if (entry.key !== 'TS_STATE_DIR') continue
        const value = entry.value ?? ''
        if (value === '' || isPersistentStateDir(value) || isOpaqueValue(value)) continue
        const edit = removeEntry(entry)
        context.report({
          at: atValue(entry),
          messageId: value.startsWith('mem:') ? 'memory' : 'volatile',
          data: { value },
          ...(edit ? { edits: [edit] } : {}),
        })
      }
    }
  },
})
