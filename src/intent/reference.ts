/**
 * The intent file reference in Markdown, generated from the JSON Schema (itself generated from the
 * zod schema), so the descriptions users read in docs and in their editor are the same text.
 * `npm run schema` writes it to docs/intent.md; a test fails when the committed file differs.
 * @module
 */
import { formatError, InputError } from '../core/errors.ts'
import { sourceFromText } from '../core/source.ts'
import { VERSION } from '../version.ts'
import { getExample } from './examples.ts'
import { intentJsonSchema } from './json-schema.ts'
import { loadIntent } from './load.ts'
import { SCHEMA_URL } from './schema-url.ts'

interface JsonSchema {
  type?: string | string[]
  description?: string
  default?: unknown
  enum?: unknown[]
  const?: unknown
  pattern?: string
  minimum?: number
  maximum?: number
  minItems?: number
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: boolean | JsonSchema
  items?: JsonSchema
  anyOf?: JsonSchema[]
}

interface Row {
  path: string
  type: string
  fallback: string
  description: string
}

/** One table row per setting, in schema order, nested settings after their parent. */
export function intentReferenceRows(): Row[] {
  const rows: Row[] = []
  const walk = (schema: JsonSchema, prefix: string) => {
    const required = new Set(schema.required ?? [])
    for (const [key, child] of Object.entries(schema.properties ?? {})) {
      const path = `${prefix}${key}`
      rows.push({
        path,
        type: typeOf(child),
        fallback:
          child.default !== undefined
            ? `\`${formatDefault(child.default)}\``
            : required.has(key)
              ? 'required'
              : '—',
        description: child.description ?? '',
      })
      if (child.properties) walk(child, `${path}.`)
      if (child.items?.properties) walk(child.items, `${path}[].`)
    }
  }
  walk(intentJsonSchema() as JsonSchema, '')
  return rows
}

function formatDefault(value: unknown): string {
  if (Array.isArray(value)) return `[${value.join(', ')}]`
  if (typeof value === 'object' && value !== null) return JSON.stringify(value)
  return String(value)
}

function typeOf(schema: JsonSchema): string {
  if (schema.const !== undefined) return `\`${String(schema.const)}\``
  if (schema.enum) return schema.enum.map(value => `\`${String(value)}\``).join(' \\| ')
  if (schema.anyOf) {
    const objects = schema.anyOf.filter(option => option.properties)
    if (objects.length > 0) {
      return [
        ...objects.map(option => `\`{${Object.keys(option.properties!)[0]}: …}\``),
        ...(schema.anyOf.some(option => option.type === 'string') ? ['string (warns)'] : []),
      ].join(' \\| ')
    }
    return schema.anyOf.map(typeOf).join(' \\| ')
  }
  if (schema.type === 'array') return `list of ${plural(typeOf(schema.items ?? {}))}`
  if (schema.type === 'integer' || (schema.type === 'number' && schema.minimum !== undefined)) {
    const range =
      schema.minimum !== undefined && schema.maximum !== undefined
        ? ` ${schema.minimum}–${schema.maximum}`
        : ''
    return `integer${range}`
  }
  if (schema.type === 'object') return 'mapping'
  if (schema.type === 'boolean') return 'boolean'
  return String(schema.type ?? 'any')
}

function plural(type: string): string {
  if (type.includes('`') || type.includes('\\|')) return type
  return type === 'mapping' ? 'mappings' : `${type}s`
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
}

/** The reference tables (`## Settings`), as embedded in docs/intent.md and the README. */
export function renderIntentReference(): string {
  const rows = intentReferenceRows()
  const sections = new Map<string, Row[]>()
  for (const row of rows) {
    const top = row.path.split(/[.[]/)[0]!
    const list = sections.get(top) ?? []
    list.push(row)
    sections.set(top, list)
  }
  const lines: string[] = []
  for (const [section, list] of sections) {
    lines.push(`### \`${section}\``, '', '| Setting | Type | Default | Description |', '|---|---|---|---|')
    for (const row of list) {
      // `type` is built from code and already escaped; descriptions come from the schema.
      lines.push(`| \`${row.path}\` | ${row.type} | ${row.fallback} | ${cell(row.description)} |`)
    }
    lines.push('')
  }
  return lines.join('\n')
}

// A broken intent whose real loader output the page shows, so the sample cannot go stale.
const BROKEN_INTENT = `version: 1
cluster:
  name: Home
  endpoint: https://192.168.1.10:6443
  lanSubnets: [192.168.1.0/24]
tailscale:
  auth:
    authKey: { env: TS_AUTHKEY }
  acceptDNS: false
nodes:
  - hostname: cp-1
    role: controlplane
    address: 10.0.0.5
`

function sampleError(): string {
  try {
    loadIntent(sourceFromText('talscale.yaml', BROKEN_INTENT))
  } catch (error) {
    if (error instanceof InputError) return formatError(error)
    throw error
  }
  throw new Error('the sample intent was expected to fail')
}

/** The whole docs/intent.md page. */
export function renderIntentDoc(): string {
  return `# The intent file (\`talscale.yaml\`)

<!-- Generated by \`npm run schema\` from src/intent (schema descriptions and examples); do not edit. -->

One short YAML file describes the cluster once: its LAN, its nodes, how they join the tailnet.
\`talscale generate\` turns it into the whole bundle (schematic, Talos patches, tailnet policy,
Kubernetes manifests, apply steps). Every setting has a default that follows one of the facts
T1–T19 (see the README, "Why these settings").

## Start

\`\`\`sh
talscale init                        # commented template with every setting
talscale init --example homelab      # or start from an example: edge, homelab, single-node
talscale init --example edge -o -    # print instead of writing
\`\`\`

\`init\` writes \`talscale.yaml\` (or \`-o PATH\`) atomically, never over an existing file unless
\`--force\` is given (exit 2 otherwise), and never writes a secret: auth keys and OAuth client
secrets are references, \`{env: NAME}\` or \`{file: PATH}\` (relative to the intent file), resolved
only when you apply. A literal value is accepted but warned about (TAL091), since the intent file is
meant to be committed. Without \`--example\`, \`init\` writes a template: required settings filled in
with placeholders, optional ones commented out at their defaults.

## Editor support

Every intent file talscale writes starts with

\`\`\`yaml
# yaml-language-server: $schema=${SCHEMA_URL}
\`\`\`

so editors with the YAML language server (VS Code's YAML extension, Neovim, Helix, ...) complete
settings, show the descriptions below on hover and flag mistakes as you type. The URL is pinned to
the talscale version that wrote the file, and is the schema's \`$id\`: a file keeps validating
against the schema of the version it was written for until you regenerate it. The schema
(\`talscale.schema.json\`, JSON Schema draft-07) also ships in the npm package; to follow the
installed version instead, point the modeline at \`./node_modules/talscale/talscale.schema.json\`.

For editors that use the public [JSON Schema Store](https://www.schemastore.org) catalog (VS Code,
JetBrains IDEs), this is talscale's catalog entry, ready to submit to
\`src/api/json/catalog.json\` there; it applies the schema to every \`talscale.yaml\` without a
modeline:

\`\`\`json
{
  "name": "talscale",
  "description": "talscale intent file: a Talos Linux cluster with Tailscale, described once",
  "fileMatch": ["talscale.yaml", "talscale.yml"],
  "url": "https://unpkg.com/talscale/talscale.schema.json",
  "versions": {
    "${VERSION}": "${SCHEMA_URL}"
  }
}
\`\`\`

A few
checks cannot be written in JSON Schema and are made only by talscale: node addresses inside
\`cluster.lanSubnets\`, canonical CIDRs, unique hostnames, at least one control plane, exit nodes and
subnet routers only on nodes that run Tailscale, and a \`{node}\` placeholder when several nodes
share the hostname pattern.

## Errors

Every problem is reported at once, each with its file, line, column and path, what was found and
what is expected (exit code 2):

\`\`\`text
${sampleError()}
\`\`\`

A secret is never repeated in a message, not even when it was pasted into the wrong setting.

## Settings

${renderIntentReference()}
## Example: \`homelab\`

\`\`\`yaml
${getExample('homelab').trimEnd()}
\`\`\`

The other built-in examples are \`single-node\` and \`edge\` (an arm64 board with an SBC overlay on a
mobile link, enrolled with an OAuth client, serving as exit node); print them with
\`talscale init --example NAME -o -\`.

## Lint rules for intent files

\`talscale check talscale.yaml\` validates the file as above and runs the rules TAL090–TAL098 on it
(literal secrets, secrets in schematic settings, accept-dns, ephemeral OAuth nodes, an unpinned port
behind a blocking firewall, auth-once, overlapping subnets, routes without tags); see
[rules/README.md](rules/README.md).
`
}
