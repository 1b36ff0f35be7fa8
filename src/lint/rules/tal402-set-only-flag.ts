import { cliFlag } from '../../tailscale/flags.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atFlag, servicesOf } from './util/esc.ts'

export default defineRule({
  code: 'TAL402',
  name: 'set-only-flag',
  topic: 'flags',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    setOnly:
      '--{{name}} is a flag of tailscale {{commands}}, not of tailscale up: containerboot only runs up with TS_EXTRA_ARGS, which exits with "flag provided but not defined: -{{name}}"',
  },
  fixTitle: 'Remove the flag from TS_EXTRA_ARGS and set it once with talosctl or the admin console',
  fix: 'none',
  docs: {
    summary: 'Finds tailscale set/login-only flags (such as --auto-update or --webclient) in TS_EXTRA_ARGS.',
    why: 'containerboot passes TS_EXTRA_ARGS to tailscale up only, and up does not register the flags that exist only on set or login, so up exits 2 and the service crash-loops (T8).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_EXTRA_ARGS=--ssh --webclient
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
      if (!extra) continue
      for (const flag of extra.args.flags) {
        const cli = flag.spec ? undefined : cliFlag(flag.canonical)
        if (!cli || cli.commands.includes('up')) continue
        context.report({
          at: atFlag(extra.entry, flag),
          messageId: 'setOnly',
          data: { name: flag.name, commands: cli.commands.join('/') },
        })
      }
    }
  },
})
