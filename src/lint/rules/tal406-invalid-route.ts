import type { TextEdit } from '../../core/finding.ts'
import { isOpaqueValue } from '../../tailscale/keys.ts'
import { checkRoutes, containerbootRouteError, type EnvEntry, lastFlag } from '../../tailscale/parse.ts'
import type { ReportDescriptor } from '../rule.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atValuePart, replaceInValue, safeText, servicesOf } from './util/esc.ts'

type Id = 'invalid' | 'invalidEnv' | 'notMasked' | 'halfDefault' | 'via'

export default defineRule<Id>({
  code: 'TAL406',
  name: 'invalid-route',
  topic: 'flags',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    invalid: '{{where}}: tailscale up exits with "{{message}}"',
    invalidEnv:
      'TS_ROUTES: containerboot checks the routes before tailscale up and exits with "Failed to enable IP forwarding: {{cbMessage}}: …" ("{{message}}" in tailscale up)',
    notMasked: '{{where}}: tailscale up exits with "{{message}}"',
    halfDefault: '{{where}}: tailscale up exits with "{{message}}"',
    via: '{{where}}: tailscale up exits with "{{message}}" (a 4via6 route is at least a /96 with a site ID up to 0xffff)',
  },
  fixTitle:
    'Write each route as a canonical CIDR (network address/prefix length), comma-separated without spaces',
  fix: 'unsafe',
  docs: {
    fixSafety:
      'writing the canonical network drops the host bits, so the route advertised may be wider than the address you wrote; check it is the network you meant.',
    summary: 'Finds routes in TS_ROUTES or --advertise-routes that tailscale up rejects.',
    why: 'The CLI parses every route strictly: host bits must be zero, items are split on commas only, and 0.0.0.0/0 needs ::/0; any error makes tailscale up exit and containerboot restart forever (T7, T11).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_ROUTES=10.96.0.1/12
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_ROUTES=10.96.0.0/12,10.244.0.0/16
`,
  },
  check(context) {
    for (const service of servicesOf(context.target)) {
      const routes = service.effectiveEntry.get('TS_ROUTES')
      if (routes) judge(routes, routes.value ?? '', 0, 'TS_ROUTES', context.report)
      const extra = service.extraArgs
      // Go's flag package keeps the last value: only that one is checked.
      for (const flag of [lastFlag(extra?.args, 'advertise-routes')].filter(f => f !== undefined)) {
        if (flag.canonical !== 'advertise-routes' || flag.value === undefined) continue
        judge(extra!.entry, flag.value, flag.valueStart, `--${flag.name}`, context.report)
      }
    }
  },
})

function judge(
  entry: EnvEntry,
  list: string,
  offset: number,
  where: string,
  report: (descriptor: ReportDescriptor<Id>) => void,
): void {
  for (const problem of checkRoutes(list)) {
    if (isOpaqueValue(problem.item) || (problem.kind === 'half-default' && isOpaqueValue(list))) continue
    const at = atValuePart(entry, offset + problem.start, offset + problem.end)
    const edits: TextEdit[] =
      problem.kind === 'not-masked' && entry.offsets
        ? [replaceInValue(entry, offset + problem.start, offset + problem.end, problem.masked!)]
        : []
    const messageId: Id =
      problem.kind === 'invalid'
        ? where === 'TS_ROUTES'
          ? 'invalidEnv'
          : 'invalid'
        : problem.kind === 'not-masked'
          ? 'notMasked'
          : problem.kind === 'via'
            ? 'via'
            : 'halfDefault'
    report({
      at,
      messageId,
      data: {
        where,
        item: problem.item,
        message: safeText(problem.message, 200),
        cbMessage: safeText(containerbootRouteError(problem.item), 200),
      },
      edits,
    })
  }
}
