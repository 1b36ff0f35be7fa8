import { isMap, isScalar, type Node } from 'yaml'
import { type EnvEntry, isOpaqueEntry } from '../../tailscale/parse.ts'
import { sourceOfNode } from '../../talos/documents.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atEntry, atKey, replaceEntryText, safeText, servicesOf } from './util/esc.ts'

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

export default defineRule({
  code: 'TAL201',
  name: 'env-entry-syntax',
  topic: 'extension-service',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    notList:
      'environment of the tailscale ExtensionServiceConfig is a mapping; Talos expects a list of "KEY=VALUE" strings',
    notString: 'environment item is a {{type}}, not a "KEY=VALUE" string: Talos refuses the document',
    colonEnd:
      'environment item "{{entry}}" ends with ":", so YAML reads it as a mapping, not a string: Talos refuses the document',
    noEquals: 'environment item "{{entry}}" has no "=", so it sets no variable and Tailscale never sees it',
    badKey:
      'environment key "{{key}}" is not a variable name (letters, digits, "_"), so containerboot never reads it',
  },
  fixTitle: 'Write the entry as KEY=VALUE, with no spaces around "="',
  fix: 'safe',
  docs: {
    summary: 'Finds ExtensionServiceConfig environment entries that are not KEY=VALUE strings.',
    why: 'Talos passes environment entries to the container as they are and validates none of them, so a "KEY: value" item, a missing "=" or spaces around it silently leave the variable unset (T7).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_HOSTNAME = talos-cp-1
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_HOSTNAME=talos-cp-1
`,
  },
  check(context) {
    for (const service of servicesOf(context.target)) {
      const env = service.environment
      if (env && isMap(env)) {
        context.report({
          at: { source: sourceOfNode(service.doc, env), node: env },
          messageId: 'notList',
        })
        continue
      }
      for (const entry of service.entries) {
        const colon = colonEnded(entry)
        if (colon) {
          context.report({
            at: atEntry(entry),
            messageId: 'colonEnd',
            data: { entry: safeText(colon.text) },
            edits: colon.edits,
          })
          continue
        }
        if (!entry.scalar) {
          context.report({
            at: atEntry(entry),
            messageId: 'notString',
            data: { type: isMap(entry.node) ? 'mapping' : 'list' },
            ...mapItemFix(entry),
          })
          continue
        }
        if (entry.key === undefined) {
          // SOPS encrypts each list item whole: ENC[...] (or a ${VAR} standing for KEY=VALUE) is opaque.
          if (isOpaqueEntry(entry.text)) continue
          context.report({ at: atEntry(entry), messageId: 'noEquals', data: { entry: safeText(entry.text) } })
          continue
        }
        if (NAME.test(entry.key)) continue
        const spaced = /^(\s*)([A-Za-z_][A-Za-z0-9_]*)(\s*)$/.exec(entry.key)
        const edits = []
        if (spaced && entry.offsets) {
          const valueLead = /^[ \t]*/.exec(entry.value ?? '')![0].length
          edits.push(replaceEntryText(entry, 0, entry.key.length + 1 + valueLead, `${spaced[2]}=`))
        }
        context.report({ at: atKey(entry), messageId: 'badKey', data: { key: safeText(entry.key) }, edits })
      }
    }
  },
})

// `- TS_AUTHKEY: value` is a one-pair mapping; it becomes `- TS_AUTHKEY=value` when the value is a
// plain scalar that stays plain after the change.
function mapItemFix(entry: EnvEntry): {
  edits?: { file: string; start: number; end: number; text: string }[]
} {
  const node = entry.node
  if (!isMap(node) || node.items.length !== 1 || node.flow) return {}
  const pair = node.items[0]!
  const key = pair.key as Node | null
  const value = pair.value as Node | null
  if (!isScalar(key) || typeof key.value !== 'string' || !NAME.test(key.value)) return {}
  const range = node.range
  if (!range) return {}
  let valueText = ''
  if (value) {
    if (!isScalar(value) || value.type !== 'PLAIN' || !value.range) return {}
    valueText = entry.source.text.slice(value.range[0], value.range[1])
    if (/[\n#]/.test(valueText)) return {}
  }
  // A block mapping's range runs on to the next item's indentation; stop at the pair's own text.
  const end = range[0] + entry.source.text.slice(range[0], range[1]).trimEnd().length
  return { edits: [{ file: entry.source.path, start: range[0], end, text: `${key.value}=${valueText}` }] }
}

// `- TS_STATE_DIR=mem:` is a one-key mapping `{TS_STATE_DIR=mem: null}`; quoting the item keeps it a string.
function colonEnded(
  entry: EnvEntry,
): { text: string; edits: { file: string; start: number; end: number; text: string }[] } | undefined {
  const node = entry.node
  if (!isMap(node) || node.items.length !== 1 || node.flow) return undefined
  const pair = node.items[0]!
  const key = pair.key as Node | null
  const value = pair.value as Node | null
  const empty =
    value === null ||
    (isScalar(value) && value.value === null && (value.range?.[0] ?? 0) === (value.range?.[1] ?? 0))
  if (!isScalar(key) || typeof key.value !== 'string' || !key.value.includes('=') || !empty) return undefined
  if (key.type !== 'PLAIN' || !key.range) return undefined
  const text = `${key.value}:`
  const source = entry.source.text
  const colon = source.indexOf(':', key.range[1])
  if (colon === -1) return { text, edits: [] }
  return {
    text,
    edits: [{ file: entry.source.path, start: key.range[0], end: colon + 1, text: JSON.stringify(text) }],
  }
}
