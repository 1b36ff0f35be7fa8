import { closestMatch } from '../../core/suggest.ts'
import { cliFlag, tailscaledFlagNames } from '../../tailscale/flags.ts'
import {
  extensionTailscale,
  TAILSCALED_FLAG_SINCE,
  tailscaledFlagExistsIn,
} from '../../tailscale/versions.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atFlag, servicesOf } from './util/esc.ts'
import { flagTooNewData } from './util/flags.ts'

export default defineRule({
  code: 'TAL411',
  name: 'tailscaled-flag',
  topic: 'flags',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    unknown:
      '--{{name}} is not a tailscaled flag: tailscaled exits with "flag provided but not defined: -{{name}}" and the service crash-loops',
    unknownSuggest:
      '--{{name}} is not a tailscaled flag (did you mean --{{suggestion}}?): tailscaled exits with "flag provided but not defined: -{{name}}"',
    upFlag:
      '--{{name}} is a tailscale up flag, not a tailscaled flag: in TS_TAILSCALED_EXTRA_ARGS tailscaled exits with "flag provided but not defined: -{{name}}"; it belongs in TS_EXTRA_ARGS',
    notInVersion:
      '--{{name}} is not a tailscaled flag in {{version}}: tailscaled exits with "flag provided but not defined: -{{name}}"; the flag arrived in Tailscale {{since}}',
    socket:
      '--socket in TS_TAILSCALED_EXTRA_ARGS moves the socket away from TS_SOCKET, so containerboot waits for a socket that never appears ("timed out waiting for tailscaled socket")',
  },
  fixTitle: 'Correct or remove the flag (tailscale up flags go in TS_EXTRA_ARGS)',
  fix: 'none',
  docs: {
    summary:
      'Finds flags in TS_TAILSCALED_EXTRA_ARGS that tailscaled does not accept, and --socket overrides.',
    why: 'TS_TAILSCALED_EXTRA_ARGS is appended to the tailscaled command line, which exits on an unknown flag; a different --socket makes containerboot wait for the socket forever (T8).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_TAILSCALED_EXTRA_ARGS=--accept-routes
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_TAILSCALED_EXTRA_ARGS=--port=41641 --no-logs-no-support
`,
  },
  check(context) {
    // Sorted: of equally close names the alphabetically first is suggested.
    const candidates = tailscaledFlagNames().sort()
    const talos = context.target.talosVersion
    const tailscale = extensionTailscale(talos)
    for (const service of servicesOf(context.target)) {
      const daemon = service.daemonArgs
      for (const flag of daemon?.args.flags ?? []) {
        const at = atFlag(daemon!.entry, flag)
        if (flag.spec && !tailscaledFlagExistsIn(flag.canonical, tailscale)) {
          context.report({
            at,
            messageId: 'notInVersion',
            data: flagTooNewData(flag, talos, TAILSCALED_FLAG_SINCE),
          })
          continue
        }
        if (flag.spec) {
          if (flag.canonical === 'socket') context.report({ at, messageId: 'socket' })
          continue
        }
        if (cliFlag(flag.canonical)) {
          context.report({ at, messageId: 'upFlag', data: { name: flag.name } })
          continue
        }
        const suggestion = closestMatch(flag.name, candidates, { transpositions: true })
        if (suggestion)
          context.report({ at, messageId: 'unknownSuggest', data: { name: flag.name, suggestion } })
        else context.report({ at, messageId: 'unknown', data: { name: flag.name } })
      }
    }
  },
})
