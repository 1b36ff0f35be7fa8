import type { TextEdit } from '../../core/finding.ts'
import { cliFlag, tailscaledFlag } from '../../tailscale/flags.ts'
import type { ParsedFlag, TailscaleService } from '../../tailscale/parse.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { appendToValue, atFlag, insertEntryAfter, replaceInValue, servicesOf } from './util/esc.ts'

// Daemon flags that mean the same in TS_TAILSCALED_EXTRA_ARGS. The others change where state or the
// socket live, or swap the network stack, and need a human decision.
const MOVABLE = new Set([
  'port',
  'verbose',
  'no-logs-no-support',
  'debug',
  'socks5-server',
  'outbound-http-proxy-listen',
  'encrypt-state',
  'hardware-attestation',
  'syslog',
  'syspolicy-file',
])

export default defineRule({
  code: 'TAL401',
  name: 'daemon-flag-in-extra-args',
  topic: 'flags',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    daemon:
      '--{{name}} is a tailscaled flag, not a tailscale up flag: in TS_EXTRA_ARGS tailscale up exits with "flag provided but not defined: -{{name}}" and the service crash-loops',
    daemonManual:
      '--{{name}} is a tailscaled flag, not a tailscale up flag: in TS_EXTRA_ARGS tailscale up exits with "flag provided but not defined: -{{name}}"; containerboot already sets it from {{variable}}',
  },
  fixTitle: 'Move the flag to TS_TAILSCALED_EXTRA_ARGS',
  fix: 'safe',
  docs: {
    summary: 'Finds tailscaled (daemon) flags such as --port in TS_EXTRA_ARGS.',
    why: 'TS_EXTRA_ARGS goes to tailscale up, which has no --port; the daemon flag belongs in TS_TAILSCALED_EXTRA_ARGS (or PORT=), and without it tailscaled picks a random UDP port (T8).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_EXTRA_ARGS=--ssh --port=41641
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_EXTRA_ARGS=--ssh
  - TS_TAILSCALED_EXTRA_ARGS=--port=41641
`,
  },
  check(context) {
    for (const service of servicesOf(context.target)) {
      const extra = service.extraArgs
      if (!extra) continue
      const daemonFlags = extra.args.flags.filter(
        flag => !flag.spec && !cliFlag(flag.canonical) && tailscaledFlag(flag.canonical),
      )
      const movable = daemonFlags.filter(flag => MOVABLE.has(flag.canonical))
      const edits = moveEdits(service, movable)
      for (const flag of daemonFlags) {
        if (MOVABLE.has(flag.canonical)) {
          // One finding carries the whole move, so the edits never collide.
          const mine = flag === movable[0] ? edits : []
          context.report({
            at: atFlag(extra.entry, flag),
            messageId: 'daemon',
            data: { name: flag.name },
            edits: mine,
          })
        } else {
          context.report({
            at: atFlag(extra.entry, flag),
            messageId: 'daemonManual',
            data: { name: flag.name, variable: VARIABLE_OF[flag.canonical] ?? 'the extension' },
          })
        }
      }
    }
  },
})

const VARIABLE_OF: Readonly<Record<string, string>> = {
  socket: 'TS_SOCKET',
  state: 'TS_STATE_DIR',
  statedir: 'TS_STATE_DIR',
  tun: 'TS_USERSPACE',
  config: 'TS_EXPERIMENTAL_VERSIONED_CONFIG_DIR',
}

function moveEdits(service: TailscaleService, flags: ParsedFlag[]): TextEdit[] {
  const extra = service.extraArgs!
  if (flags.length === 0 || !extra.entry.offsets) return []
  const words = flags.map(flag =>
    flag.valueToken ? `${flag.token.text}=${flag.valueToken.text}` : flag.token.text,
  )
  const edits = removeWords(service, flags)
  const daemon = service.effectiveEntry.get('TS_TAILSCALED_EXTRA_ARGS')
  if (daemon) {
    if (!daemon.offsets) return []
    const current = daemon.value ?? ''
    edits.push(appendToValue(daemon, `${current.trim() === '' ? '' : ' '}${words.join(' ')}`))
  } else {
    const insert = insertEntryAfter(extra.entry, `TS_TAILSCALED_EXTRA_ARGS=${words.join(' ')}`)
    if (!insert) return []
    edits.push(insert)
  }
  return edits
}

// Removes the flags' words: each run of removed words goes with the white space before it (or after
// it, for a run at the start), so the remaining words keep their own spacing.
function removeWords(service: TailscaleService, flags: ParsedFlag[]): TextEdit[] {
  const extra = service.extraArgs!
  const removed = new Set<number>()
  for (const flag of flags) {
    removed.add(flag.token.start)
    if (flag.valueToken) removed.add(flag.valueToken.start)
  }
  const tokens = extra.args.tokens
  const value = extra.entry.value ?? ''
  const edits: TextEdit[] = []
  for (let i = 0; i < tokens.length; i++) {
    if (!removed.has(tokens[i]!.start)) continue
    let j = i
    while (j + 1 < tokens.length && removed.has(tokens[j + 1]!.start)) j++
    const start = i > 0 ? tokens[i - 1]!.end : 0
    const end = i > 0 ? tokens[j]!.end : j + 1 < tokens.length ? tokens[j + 1]!.start : value.length
    edits.push(replaceInValue(extra.entry, start, end, ''))
    i = j
  }
  return edits
}
