/**
 * Keeps the rule set honest: every rule file is registered, codes and names are
 * unique and well-formed, each rule has a test file and complete docs, the docs examples behave as
 * they say, and the committed docs/rules/ pages match the rule objects.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { TOPICS } from '../../src/core/finding.ts'
import { exampleTargets, ruleDocFiles } from '../../src/lint/docs.ts'
import { lintTargets } from '../../src/lint/engine.ts'
import type { Rule } from '../../src/lint/rule.ts'
import { RETIRED_RULES, RULES } from '../../src/lint/rules/index.ts'

const RULES_DIR = new URL('../../src/lint/rules/', import.meta.url)
const TESTS_DIR = new URL('./rules/', import.meta.url)
const DOCS_DIR = new URL('../../docs/rules/', import.meta.url)

const ruleFiles = readdirSync(RULES_DIR, { withFileTypes: true })
  .filter(entry => entry.isFile() && entry.name.endsWith('.ts') && entry.name !== 'index.ts')
  .map(entry => entry.name)
  .sort()

// The default export of every rule file, by file name.
const modules = new Map<string, Rule>()
for (const file of ruleFiles) {
  const module = (await import(new URL(file, RULES_DIR).href)) as { default?: Rule }
  if (module.default) modules.set(file, module.default)
}

describe('rule registry', () => {
  it('registers every rule file exactly once, as its default export', () => {
    for (const file of ruleFiles) {
      const rule = modules.get(file)
      expect(rule, `${file} default-exports a defineRule(...)`).toBeDefined()
      expect(RULES.includes(rule!), `${file} is listed in src/lint/rules/index.ts`).toBe(true)
    }
    expect(RULES.length, 'the registry lists only rule files').toBe(modules.size)
  })

  it('is sorted by code, with unique, well-formed codes and names', () => {
    const codes = RULES.map(rule => rule.code)
    expect(codes).toEqual([...codes].sort())
    expect(new Set(codes).size).toBe(codes.length)
    const names = RULES.map(rule => rule.name)
    expect(new Set(names).size).toBe(names.length)
    for (const rule of RULES) {
      expect(rule.code, rule.code).toMatch(/^TAL\d{3}$/)
      expect(rule.name, rule.code).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
    }
  })

  it('never reuses the code or name of a retired rule', () => {
    const retiredCodes = RETIRED_RULES.map(rule => rule.code)
    expect(new Set(retiredCodes).size, 'retired codes are unique').toBe(retiredCodes.length)
    for (const retired of RETIRED_RULES) {
      expect(retired.code).toMatch(/^TAL\d{3}$/)
      expect(retired.reason.trim()).not.toBe('')
      expect(
        RULES.some(rule => rule.code === retired.code || rule.name === retired.name),
        retired.code,
      ).toBe(false)
    }
  })

  it('names each file after its rule, and gives each a test file', () => {
    for (const [file, rule] of modules) {
      expect(file, `file of ${rule.code}`).toBe(`${rule.code.toLowerCase()}-${rule.name}.ts`)
      const test = file.replace(/\.ts$/, '.test.ts')
      expect(existsSync(new URL(test, TESTS_DIR)), `test/lint/rules/${test} exists`).toBe(true)
    }
  })
})

describe.each(RULES.map(rule => [`${rule.code} ${rule.name}`, rule] as const))('%s', (_, rule) => {
  it('has complete metadata and docs', () => {
    expect(TOPICS).toContain(rule.topic)
    expect(['error', 'warning', 'info']).toContain(rule.severity)
    expect(['none', 'safe', 'unsafe']).toContain(rule.fix)
    expect(['target', 'project']).toContain(rule.scope)
    expect(rule.kinds.length).toBeGreaterThan(0)
    expect(Object.keys(rule.messages).length).toBeGreaterThan(0)
    for (const message of Object.values<string>(rule.messages)) expect(message.trim()).not.toBe('')
    expect(rule.docs.summary.trim(), 'summary').not.toBe('')
    expect(rule.docs.why.trim().endsWith('.'), `why ends with a period: "${rule.docs.why}"`).toBe(true)
    expect(rule.docs.invalid.trim(), 'invalid example').not.toBe('')
    expect(rule.docs.valid.trim(), 'valid example').not.toBe('')
  })

  it('has an imperative fix title', () => {
    expect(rule.fixTitle, 'starts with a capitalised verb').toMatch(/^[A-Z][a-z]+\b/)
    expect(rule.fixTitle).not.toMatch(/^(You|We|It|This|The|A|An)\b/)
    expect(rule.fixTitle).not.toMatch(/\.$/)
  })

  it('reports its invalid example and not its valid one', () => {
    const invalid = lintTargets([rule], exampleTargets(rule, rule.docs.invalid), { known: RULES }).findings
    expect(
      invalid.filter(finding => finding.code === rule.code).length,
      'docs.invalid gives at least one finding',
    ).toBeGreaterThan(0)
    const valid = lintTargets([rule], exampleTargets(rule, rule.docs.valid), { known: RULES }).findings
    expect(
      valid.map(finding => `${finding.line}:${finding.column} ${finding.message}`),
      'docs.valid gives none',
    ).toEqual([])
  })
})

describe('docs/rules', () => {
  it('matches the rule objects (run `npm run docs:rules` after changing a rule)', () => {
    const expected = ruleDocFiles(RULES)
    const committed = readdirSync(DOCS_DIR)
      .filter(name => name.endsWith('.md'))
      .sort()
    expect(committed, 'no stale or missing pages').toEqual([...expected.keys()].sort())
    for (const [name, text] of expected) {
      expect(readFileSync(new URL(name, DOCS_DIR), 'utf8'), `docs/rules/${name} is up to date`).toBe(text)
    }
  })
})
