/**
 * The editor JSON Schema (`talscale.schema.json`), generated from the zod schema so the two cannot
 * drift. Refinements that JSON Schema cannot express (addresses inside lanSubnets, unique hostnames,
 * exactly one auth source) are checked by the loader only.
 * @module
 */
import { z } from 'zod'
import { IntentSchema } from './schema.ts'
import { SCHEMA_URL } from './schema-url.ts'

/** Where editors find the schema; the `$id` and the modeline of generated intent files use it. */
export const SCHEMA_FILE = 'talscale.schema.json'

/** The JSON Schema (draft-07, the input side: defaults optional, secrets as strings or references). */
export function intentJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(IntentSchema, { target: 'draft-07', io: 'input', unrepresentable: 'any' })
  addCrossFieldRules(schema as JsonObject)
  // `$id` first after `$schema`: the URL this exact schema is published at (the modeline's target).
  const { $schema, ...rest } = schema as JsonObject
  return { $schema, $id: SCHEMA_URL, ...rest, title: 'talscale intent file (talscale.yaml)' }
}

type JsonObject = Record<string, unknown>

/**
 * The refinements JSON Schema can say, added so editors flag them too: exactly one auth source,
 * tags with OAuth (T15), link and mtu exclusive (T14).
 */
function addCrossFieldRules(schema: JsonObject): void {
  const tailscale = child(schema, 'tailscale')
  const auth = child(tailscale, 'auth')
  auth.oneOf = [{ required: ['authKey'] }, { required: ['oauthClientSecret'] }]
  tailscale.not = { required: ['link', 'mtu'] }
  tailscale.if = { required: ['auth'], properties: { auth: { required: ['oauthClientSecret'] } } }
  // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword, not a thenable.
  tailscale.then = { required: ['tags'], properties: { tags: { minItems: 1 } } }
}

function child(schema: JsonObject, key: string): JsonObject {
  const properties = schema.properties as Record<string, JsonObject> | undefined
  const found = properties?.[key]
  if (!found) throw new Error(`intent JSON Schema has no property "${key}"`)
  return found
}

/** The exact text of `talscale.schema.json`: stable key order, two-space indent, final newline. */
export function renderIntentJsonSchema(): string {
  return `${JSON.stringify(intentJsonSchema(), null, 2)}\n`
}
