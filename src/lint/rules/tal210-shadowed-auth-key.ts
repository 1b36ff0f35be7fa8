// biome-ignore-all lint/suspicious/noTemplateCurlyInString: talhelper ${VAR} syntax in examples, not templates
import { lastFlag } from '../../tailscale/parse.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atFlag, atKey, removeEntry, servicesOf } from './util/esc.ts'

export default defineRule({
  code: 'TAL210',
  name: 'shadowed-auth-key',
  topic: 'extension-service',
  severity: 'warning',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    alias: 'TS_AUTH_KEY is ignored because TS_AUTHKEY is also set and containerboot prefers TS_AUTHKEY',
    flag: '--{{name}} in TS_EXTRA_ARGS comes after the key containerboot passes from {{key}}, so it wins and {{key}} is ignored',
  },
  fixTitle: 'Keep the auth key in one place: TS_AUTHKEY',
  fix: 'safe',
  docs: {
    summary: 'Finds auth keys given in two places, where one silently shadows the other.',
    why: 'containerboot reads TS_AUTHKEY before TS_AUTH_KEY and appends TS_EXTRA_ARGS after its own --authkey, so rotating the key in the ignored place has no effect (T5).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${OLD_KEY}
  - TS_AUTH_KEY=\${NEW_KEY}
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${NEW_KEY}
`,
  },
  check(context) {
    for (const service of servicesOf(context.target)) {
      const primary = service.effectiveEntry.get('TS_AUTHKEY')
      const alias = service.effectiveEntry.get('TS_AUTH_KEY')
      const primarySet = primary !== undefined && (primary.value ?? '') !== ''
      if (primarySet && alias && (alias.value ?? '') !== '') {
        const edit = removeEntry(alias)
        context.report({
          at: atKey(alias),
          messageId: 'alias',
          ...(edit ? { edits: [edit] } : {}),
          related: [{ at: atKey(primary), message: 'TS_AUTHKEY, the key in effect' }],
        })
      }
      const extra = service.extraArgs
      const flag = lastFlag(extra?.args, 'auth-key')
      const envKey = primarySet ? primary : alias && (alias.value ?? '') !== '' ? alias : undefined
      if (extra && flag && (flag.value ?? '') !== '' && envKey) {
        context.report({
          at: atFlag(extra.entry, flag),
          messageId: 'flag',
          data: { name: flag.name, key: envKey.key! },
          related: [{ at: atKey(envKey), message: `${envKey.key}, the key the flag overrides` }],
        })
      }
    }
  },
})
