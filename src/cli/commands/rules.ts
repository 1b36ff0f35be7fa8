/**
 * `talscale rules [CODE|name]`: list every lint rule, or explain one. The text comes from the rule
 * objects (src/lint/docs.ts), the same source as docs/rules/.
 * @module
 */

import { Option } from 'commander'
import { UsageError } from '../../core/errors.ts'
import { closestMatch } from '../../core/suggest.ts'
import { ruleMarkdown, rulesIndexMarkdown, rulesTable, ruleText } from '../../lint/docs.ts'
import { ruleResolver } from '../../lint/pragma.ts'
import type { Rule } from '../../lint/rule.ts'
import { RULES } from '../../lint/rules/index.ts'
import type { RegisterCommand } from '../context.ts'

type RulesFormat = 'text' | 'markdown' | 'json'

export const registerRules: RegisterCommand = (program, context) => {
  program
    .command('rules')
    .description('list the lint rules of talscale check, or explain one')
    .argument('[rule]', 'a rule code (TAL301) or name to explain')
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['text', 'markdown', 'json'])
        .default('text'),
    )
    .addHelpText(
      'after',
      `
Examples:
  talscale rules
  talscale rules TAL001
  talscale rules unused-ignore --format markdown`,
    )
    .action((token: string | undefined, options: { format: RulesFormat }) => {
      if (token === undefined) {
        context.io.stdout(
          options.format === 'json'
            ? `${JSON.stringify(RULES.map(ruleJson), null, 2)}\n`
            : options.format === 'markdown'
              ? rulesIndexMarkdown(RULES)
              : rulesTable(RULES),
        )
        return
      }
      const code = ruleResolver(RULES)(token)
      const rule = RULES.find(candidate => candidate.code === code)
      if (!rule) {
        throw new UsageError(`"${token}" is not a talscale rule code or name.`, {
          hint: suggestion(token) ?? 'Run `talscale rules` for the list.',
        })
      }
      context.io.stdout(
        options.format === 'json'
          ? `${JSON.stringify(ruleJson(rule), null, 2)}\n`
          : options.format === 'markdown'
            ? ruleMarkdown(rule)
            : ruleText(rule),
      )
    })
}

function ruleJson(rule: Rule) {
  return {
    code: rule.code,
    name: rule.name,
    topic: rule.topic,
    severity: rule.severity,
    fix: rule.fix,
    kinds: [...rule.kinds],
    summary: rule.docs.summary,
    why: rule.docs.why,
    fixTitle: rule.fixTitle,
    messages: rule.messages,
    invalid: rule.docs.invalid,
    valid: rule.docs.valid,
    references: rule.docs.references ?? [],
  }
}

// The closest code or name by edit distance, when it is close enough to be a typo.
function suggestion(token: string): string | undefined {
  const best = closestMatch(
    token,
    RULES.flatMap(rule => [rule.code, rule.name]),
    { maxDistance: Math.max(2, Math.floor(token.length / 4)) },
  )
  return best ? `Did you mean "${best}"? Run \`talscale rules\` for the list.` : undefined
}
