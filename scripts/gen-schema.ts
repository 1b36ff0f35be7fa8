/**
 * Writes talscale.schema.json and docs/intent.md from the zod schema (`npm run schema`). Tests fail
 * when the committed files differ from this output.
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { renderIntentJsonSchema, SCHEMA_FILE } from '../src/intent/json-schema.ts'
import { renderIntentDoc } from '../src/intent/reference.ts'

const target = fileURLToPath(new URL(`../${SCHEMA_FILE}`, import.meta.url))
writeFileSync(target, renderIntentJsonSchema())
writeFileSync(fileURLToPath(new URL('../docs/intent.md', import.meta.url)), renderIntentDoc())
process.stdout.write(`wrote ${SCHEMA_FILE} and docs/intent.md\n`)
