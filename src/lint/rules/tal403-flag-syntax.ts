import type { TextEdit } from '../../core/finding.ts'
import type { FlagKind } from '../../tailscale/flags.ts'
import { cliFlag, tailscaledFlag } from '../../tailscale/flags.ts'
import { isOpaqueValue } from '../../tailscale/keys.ts'
import {
  type ArgToken,
  type EnvEntry,
  goQuote,
  type ParsedArgs,
  type ParsedFlag,
} from '../../tailscale/parse.ts'
import { intendedBool, parseGoBool } from '../../tailscale/variables.ts'
import type { ReportDescriptor } from '../rule.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atFlagValue, atValuePart, replaceInValue, safeText, servicesOf } from './util/esc.ts'

type Id = 'boolSpace' | 'positional' | 'daemonPositional' | 'needsArgument' | 'badSyntax' | 'badValue'

const GO_DURATION = /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$/
const GO_INT = /^[-+]?(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO]?[0-7_]*|[1-9][0-9_]*|0)$/

export default defineRule<Id>({
  code: 'TAL403',
  name: 'flag-syntax',
  topic: 'flags',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    boolSpace:
      '"--{{name}} {{value}}": a boolean flag takes no separate value, so "{{value}}" ends the flags and {{program}} fails with "{{text}}"',
    positional:
      '"{{word}}" in {{key}} is not a flag: tailscale up stops reading flags there and fails with "{{text}}"',
    daemonPositional: '"{{word}}" in {{key}} is not a flag: tailscaled exits with "{{text}}"',
    needsArgument:
      '--{{name}} at the end of {{key}} has no value: {{program}} exits with "flag needs an argument: -{{name}}"',
    badSyntax: '"{{word}}" in {{key}} is not a flag: {{program}} exits with "bad flag syntax: {{word}}"',
    badValue: '--{{name}}={{value}} is not a valid {{kind}}: {{program}} exits with "{{text}}"',
  },
  fixTitle: 'Write values as --flag=value (booleans as --flag or --flag=false)',
  fix: 'safe',
  docs: {
    summary: 'Finds TS_EXTRA_ARGS and TS_TAILSCALED_EXTRA_ARGS words that Go flag parsing rejects.',
    why: 'Both strings are split on spaces and parsed by Go\'s flag package: a boolean never takes the next word, so "--accept-routes false" stops parsing and tailscale up exits, which crash-loops the service (T7, T10).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_EXTRA_ARGS=--accept-routes false --ssh
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_EXTRA_ARGS=--accept-routes=false --ssh
`,
  },
  check(context) {
    for (const service of servicesOf(context.target)) {
      if (service.extraArgs) checkArgs(service.extraArgs.entry, service.extraArgs.args, 'up', context.report)
      if (service.daemonArgs)
        checkArgs(service.daemonArgs.entry, service.daemonArgs.args, 'tailscaled', context.report)
    }
  },
})

function kindOf(flag: ParsedFlag, table: 'up' | 'tailscaled'): FlagKind | undefined {
  if (flag.spec) return flag.spec.kind
  return table === 'up' ? tailscaledFlag(flag.canonical)?.kind : cliFlag(flag.canonical)?.kind
}

function checkArgs(
  entry: EnvEntry,
  args: ParsedArgs,
  table: 'up' | 'tailscaled',
  report: (descriptor: ReportDescriptor<Id>) => void,
): void {
  const key = entry.key!
  const program = table === 'up' ? 'tailscale up' : 'tailscaled'
  const byEnd = new Map<number, ParsedFlag>()
  for (const flag of args.flags) byEnd.set(flag.token.end, flag)
  const tokenIndex = new Map<ArgToken, number>(args.tokens.map((token, i) => [token, i]))
  // Go's flag package stops at the first word that is not a flag; tailscale up then prints every
  // word from there on (`too many non-flag arguments: ["false" "--ssh"]`).
  const firstPositional = args.problems.find(problem => problem.kind === 'positional')?.token
  const rest = firstPositional
    ? args.tokens.slice(tokenIndex.get(firstPositional) ?? 0).map(token => goQuote(token.text))
    : []
  const tooMany = safeText(
    table === 'up'
      ? `too many non-flag arguments: [${rest.join(' ')}]`
      : `tailscaled does not take non-flag arguments: [${rest.join(' ')}]`,
    200,
  )
  for (const problem of args.problems) {
    const token = problem.token
    // `${EXTRA_FLAGS}` may expand to anything: not judged.
    if (isOpaqueValue(token.text)) continue
    const at = atValuePart(entry, token.start, token.end)
    if (problem.kind === 'positional') {
      const index = tokenIndex.get(token) ?? 0
      const previous = index > 0 ? args.tokens[index - 1] : undefined
      const flag = previous ? byEnd.get(previous.end) : undefined
      if (flag && !flag.inline && kindOf(flag, table) === 'bool' && parseGoBool(token.text) !== undefined) {
        const edits: TextEdit[] = entry.offsets
          ? [replaceInValue(entry, flag.token.end, token.start, '=')]
          : []
        report({
          at: atValuePart(entry, flag.token.start, token.end),
          messageId: 'boolSpace',
          data: { name: flag.name, value: token.text, program, text: tooMany },
          edits,
        })
        continue
      }
      report({
        at,
        messageId: table === 'up' ? 'positional' : 'daemonPositional',
        data: { word: safeText(token.text, 40), key, text: tooMany },
      })
    } else if (problem.kind === 'needs-argument') {
      report({ at, messageId: 'needsArgument', data: { name: token.text.replace(/^-+/, ''), key, program } })
    } else {
      report({ at, messageId: 'badSyntax', data: { word: safeText(token.text, 40), key, program } })
    }
  }
  for (const flag of args.flags) {
    const kind = kindOf(flag, table)
    if (!flag.inline || kind === undefined || kind === 'string' || isOpaqueValue(flag.value ?? '')) continue
    // Booleans with a fixed value (--host-routes) are TAL408's.
    if (flag.spec?.values) continue
    const value = flag.value ?? ''
    const ok =
      kind === 'bool'
        ? parseGoBool(value) !== undefined
        : kind === 'duration'
          ? GO_DURATION.test(value)
          : flag.canonical === 'port'
            ? /^\d+$/.test(value) && Number(value) <= 65535
            : GO_INT.test(value)
    if (ok) continue
    const meant = kind === 'bool' ? intendedBool(value) : undefined
    const edits =
      meant !== undefined && entry.offsets
        ? [replaceInValue(entry, flag.valueStart, flag.valueEnd, String(meant))]
        : []
    report({
      at: atFlagValue(entry, flag),
      messageId: 'badValue',
      data: {
        name: flag.name,
        value: safeText(value, 40),
        kind:
          kind === 'bool'
            ? 'boolean'
            : kind === 'duration'
              ? 'Go duration (like 30s)'
              : flag.canonical === 'port'
                ? 'port number'
                : 'integer',
        program,
        text: safeText(
          kind === 'bool'
            ? `invalid boolean value ${goQuote(value)} for -${flag.name}: parse error`
            : flag.canonical === 'port'
              ? `invalid value ${goQuote(value)} for flag -${flag.name}`
              : `invalid value ${goQuote(value)} for flag -${flag.name}: parse error`,
          200,
        ),
      },
      edits,
    })
  }
}
