// Regenerates docs/rules/ from the rule objects (`npm run docs:rules`); stale pages are removed.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { ruleDocFiles } from '../src/lint/docs.ts'
import { RULES } from '../src/lint/rules/index.ts'

const dir = new URL('../docs/rules/', import.meta.url).pathname
mkdirSync(dir, { recursive: true })
const files = ruleDocFiles(RULES)
for (const name of readdirSync(dir)) if (name.endsWith('.md') && !files.has(name)) rmSync(dir + name)
for (const [name, text] of files) writeFileSync(dir + name, text)
console.log(`docs/rules: ${files.size} files`)
