import type { TextEdit } from '../../core/finding.ts'
import { boolFlagValue } from '../../tailscale/parse.ts'
import { parseGoBool } from '../../tailscale/variables.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atFlag, atValue, replaceInValue, servicesOf } from './util/esc.ts'

export default defineRule({
  code: 'TAL700',
  name: 'accept-dns-enabled',
  topic: 'dns',
  severity: 'warning',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    env: "TS_ACCEPT_DNS={{value}} asks tailscaled to take over the node's DNS, which it cannot do on Talos: Talos owns resolv.conf (mounted read-only into the extension), so tailscaled only reports DNS errors",
    flag: "{{word}} in TS_EXTRA_ARGS asks tailscaled to take over the node's DNS (containerboot moves it into TS_ACCEPT_DNS), which it cannot do on Talos: Talos owns resolv.conf, so tailscaled only reports DNS errors",
  },
  fixTitle: 'Turn accept-dns off and forward ts.net from CoreDNS or the Talos resolver instead',
  fix: 'unsafe',
  docs: {
    fixSafety:
      "the node stops using Tailscale's resolver, so tailnet names resolve only once you add the ts.net forward to CoreDNS or the Talos resolver.",
    summary: 'Finds TS_ACCEPT_DNS=true or --accept-dns in TS_EXTRA_ARGS.',
    why: 'Under containerboot accept-dns defaults to false, which is right on Talos: host DNS is managed by Talos and the extension only sees a read-only resolv.conf, so turning it on cannot work; a missing --accept-dns=false is not a problem (T10).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_ACCEPT_DNS=true
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_EXTRA_ARGS=--ssh
`,
  },
  check(context) {
    for (const service of servicesOf(context.target)) {
      const extra = service.extraArgs
      // containerboot lets --accept-dns in TS_EXTRA_ARGS override TS_ACCEPT_DNS; judge the last flag if any.
      const flag = extra?.args.flags.filter(f => f.canonical === 'accept-dns').at(-1)
      if (extra && flag) {
        if (boolFlagValue(flag) !== true) continue
        // `--accept-dns false` (space) is TAL403's finding.
        if (!flag.inline) {
          const index = extra.args.tokens.findIndex(token => token.start === flag.token.start)
          const next = extra.args.tokens[index + 1]
          if (next && extra.args.problems.some(p => p.token === next) && parseGoBool(next.text) !== undefined)
            continue
        }
        const edits: TextEdit[] = extra.entry.offsets
          ? [
              replaceInValue(
                extra.entry,
                flag.token.start,
                flag.token.end,
                `${flag.token.text.split('=')[0]}=false`,
              ),
            ]
          : []
        context.report({
          at: atFlag(extra.entry, flag),
          messageId: 'flag',
          data: { word: flag.token.text },
          edits,
        })
        continue
      }
      const entry = service.effectiveEntry.get('TS_ACCEPT_DNS')
      if (!entry || parseGoBool(entry.value ?? '') !== true) continue
      const value = entry.value ?? ''
      context.report({
        at: atValue(entry),
        messageId: 'env',
        data: { value },
        edits: entry.offsets ? [replaceInValue(entry, 0, value.length, 'false')] : [],
      })
    }
  },
})
