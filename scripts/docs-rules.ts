// Regenerates docs/rules/ from the rule objects (`npm run docs:rules`); stale pages are removed.
import { ruleDocFiles } from '../src/lint/docs.ts'
import { RULES } from '../src/lint/rules/index.ts'
import { writeGeneratedDocs } from './write-docs.ts'

const files = ruleDocFiles(RULES)
writeGeneratedDocs(new URL('../docs/rules/', import.meta.url), files)
console.log(`docs/rules: ${files.size} files`)
