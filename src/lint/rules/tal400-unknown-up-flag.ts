import { closestMatch } from '../../core/suggest.ts'
import { availableOn, cliFlag, tailscaledFlag, upFlagNames } from '../../tailscale/flags.ts'
import { CLI_ALIASES } from '../../tailscale/parse.ts'
import { extensionTailscale, UP_FLAG_SINCE, upFlagExistsIn } from '../../tailscale/versions.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atFlag, replaceInValue, servicesOf } from './util/esc.ts'
import { flagTooNewData } from './util/flags.ts'

// Sorted: of equally close names the alphabetically first is suggested.
const CANDIDATES = [...upFlagNames(), ...Object.keys(CLI_ALIASES)].sort()

export default defineRule({
  code: 'TAL400',
  name: 'unknown-up-flag',
  topic: 'flags',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    unknown:
      '--{{name}} is not a flag of tailscale up: it exits with "flag provided but not defined: -{{name}}" and containerboot restarts in a loop',
    unknownSuggest:
      '--{{name}} is not a flag of tailscale up (did you mean --{{suggestion}}?): it exits with "flag provided but not defined: -{{name}}" and containerboot restarts in a loop',
    notInVersion:
      '--{{name}} is not a flag of tailscale up in {{version}}: it exits with "flag provided but not defined: -{{name}}"; the flag arrived in Tailscale {{since}}',
    otherOs:
      '--{{name}} exists only on {{os}}; on Talos (Linux) tailscale up exits with "flag provided but not defined: -{{name}}"',
  },
  fixTitle: 'Correct the flag name, or remove the flag',
  fix: 'unsafe',
  docs: {
    fixSafety:
      'the corrected name is a guess by spelling; once it is right, tailscale up starts applying the flag, which it never did before.',
    summary:
      'Finds flags in TS_EXTRA_ARGS that tailscale up does not know, in the Tailscale version the node runs, and suggests the nearest.',
    why: 'containerboot appends TS_EXTRA_ARGS to tailscale up, whose flag parser exits with status 2 on an unknown flag, so the service crash-loops; Talos never checks the string (T7, T8).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_EXTRA_ARGS=--advertize-routes=10.96.0.0/12
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_EXTRA_ARGS=--advertise-routes=10.96.0.0/12 --ssh
`,
  },
  check(context) {
    const talos = context.target.talosVersion
    const tailscale = extensionTailscale(talos)
    for (const service of servicesOf(context.target)) {
      const extra = service.extraArgs
      if (!extra) continue
      for (const flag of extra.args.flags) {
        // --posture-checking was the flag itself before 1.84 and is an alias since.
        if (flag.spec && flag.name !== 'posture-checking' && !upFlagExistsIn(flag.canonical, tailscale)) {
          context.report({
            at: atFlag(extra.entry, flag),
            messageId: 'notInVersion',
            data: flagTooNewData(flag, talos, UP_FLAG_SINCE),
          })
          continue
        }
        if (flag.spec) continue
        const cli = cliFlag(flag.canonical)
        if (cli) {
          if (cli.commands.includes('up') && !availableOn(cli)) {
            context.report({
              at: atFlag(extra.entry, flag),
              messageId: 'otherOs',
              data: { name: flag.name, os: (cli.os ?? []).join(', ') },
            })
          }
          continue // set-only and login-only flags are TAL402's
        }
        if (tailscaledFlag(flag.canonical)) continue // TAL401
        const suggestion = closestMatch(flag.name, CANDIDATES, { transpositions: true })
        if (suggestion) {
          const dashes = flag.token.text.startsWith('--') ? 2 : 1
          const start = flag.token.start + dashes
          context.report({
            at: atFlag(extra.entry, flag),
            messageId: 'unknownSuggest',
            data: { name: flag.name, suggestion },
            edits: extra.entry.offsets
              ? [replaceInValue(extra.entry, start, start + flag.name.length, suggestion)]
              : [],
          })
        } else {
          context.report({ at: atFlag(extra.entry, flag), messageId: 'unknown', data: { name: flag.name } })
        }
      }
    }
  },
})
