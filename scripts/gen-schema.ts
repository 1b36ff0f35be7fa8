/**
 * Writes talscale.schema.json from the zod schema (`npm run schema`). A test fails when the
 * committed file differs from this output.
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { renderIntentJsonSchema, SCHEMA_FILE } from '../src/intent/json-schema.ts'

const target = fileURLToPath(new URL(`../${SCHEMA_FILE}`, import.meta.url))
writeFileSync(target, renderIntentJsonSchema())
process.stdout.write(`wrote ${SCHEMA_FILE}\n`)
