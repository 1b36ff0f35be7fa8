/**
 * Regenerates src/talos/fields.data.ts, talscale's compact Talos field inventory, from the Talos
 * config JSON schemas of each release where the schema changed (`npm run talos:fields`). Reads
 * ../shared/reference/talos/schemas-by-release (or $TALSCALE_REFERENCE_DIR); the schema files are
 * never copied, only the field names and the releases that have them.
 *
 * Format of the inventory (one line per field, one space of indent per level):
 *
 *   @releases v1.10.0 v1.11.0 ...   the schema folders, oldest first
 *   ExtensionServiceConfig          a document kind (v1alpha1 = the main document)
 *    configFiles[]                  `[]`: a list whose items have the fields below
 *     content
 *    environment
 *   v1alpha1
 *    machine
 *     kubelet
 *      extraArgs *                  `*`: free-form content (maps, embedded Kubernetes objects)
 *     ...excludeAdvertisedNetworks @v1.12.4..v1.12.10,v1.13.0..
 *
 * `@` lists the schema folders that have the field as ranges (`a..b`, `a..` = up to the newest);
 * without it a field is in the same folders as its parent.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

type Schema = Record<string, unknown>

const referenceDir = process.env.TALSCALE_REFERENCE_DIR
  ? resolve(process.env.TALSCALE_REFERENCE_DIR)
  : fileURLToPath(new URL('../../shared/reference/', import.meta.url))
const schemasDir = resolve(referenceDir, 'talos/schemas-by-release')

/**
 * Kind names the schema spells differently from what Talos registers and decodes (checked in
 * pkg/machinery/config/types: `KubespanEndpointsKind = "KubeSpanEndpointsConfig"`,
 * `UnattendedInstallConfigKind = "UnattendedInstallConfig"`). A document with the schema's spelling is
 * rejected by Talos as an unknown kind.
 */
const KIND_CORRECTIONS: Record<string, string> = {
  KubeSpanEndpoints: 'KubeSpanEndpointsConfig',
  UnattendedInstall: 'UnattendedInstallConfig',
}

interface Field {
  children: Map<string, Field>
  list: boolean
  open: boolean
  /** Indexes of the schema folders that have the field. */
  present: Set<number>
}

function newField(): Field {
  return { children: new Map(), list: false, open: false, present: new Set() }
}

function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)\.(\d+)\.(\d+)(?:-(.+))?$/.exec(v)
    if (!m) throw new Error(`not a release folder: ${v}`)
    return [Number(m[1]), Number(m[2]), Number(m[3]), m[4]] as const
  }
  const [x, y] = [parse(a), parse(b)]
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number)
  if (x[3] === y[3]) return 0
  if (x[3] === undefined) return 1
  if (y[3] === undefined) return -1
  return x[3] < y[3] ? -1 : 1
}

const releases = readdirSync(schemasDir)
  .filter(name => name.startsWith('v'))
  .sort(compareVersions)

const kinds = new Map<string, Field>()

function deref(schema: Schema, defs: Record<string, Schema>): Schema {
  let current = schema
  for (let guard = 0; typeof current.$ref === 'string' && guard < 20; guard++) {
    const name = (current.$ref as string).replace('#/$defs/', '')
    const target = defs[name]
    if (!target) throw new Error(`unresolved $ref ${current.$ref}`)
    current = { ...target, ...Object.fromEntries(Object.entries(current).filter(([k]) => k !== '$ref')) }
  }
  return current
}

function addSchema(
  field: Field,
  raw: Schema,
  defs: Record<string, Schema>,
  index: number,
  depth: number,
): void {
  field.present.add(index)
  if (depth > 30) throw new Error('schema nests too deep (recursive $ref?)')
  let schema = deref(raw, defs)
  const alternatives = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined
  if (alternatives) {
    for (const alternative of alternatives) addSchema(field, alternative, defs, index, depth + 1)
    return
  }
  if (schema.type === 'array' && schema.items && typeof schema.items === 'object') {
    const items = deref(schema.items as Schema, defs)
    if (items.properties || items.type === 'object') field.list = true
    schema = items
  }
  const properties = schema.properties as Record<string, Schema> | undefined
  if (properties) {
    for (const [name, child] of Object.entries(properties)) {
      let node = field.children.get(name)
      if (!node) {
        node = newField()
        field.children.set(name, node)
      }
      addSchema(node, child, defs, index, depth + 1)
    }
  }
  const open =
    schema.patternProperties !== undefined ||
    (schema.additionalProperties !== undefined && schema.additionalProperties !== false) ||
    (schema.type === 'object' && !properties)
  if (open) field.open = true
}

releases.forEach((release, index) => {
  const schema = JSON.parse(
    readFileSync(resolve(schemasDir, release, 'config.schema.json'), 'utf8'),
  ) as Schema
  const defs = schema.$defs as Record<string, Schema>
  for (const ref of schema.oneOf as Schema[]) {
    const doc = deref(ref, defs)
    const properties = (doc.properties ?? {}) as Record<string, Schema>
    const kindEnum = (properties.kind as Schema | undefined)?.enum as string[] | undefined
    const isMain = properties.version !== undefined && kindEnum === undefined
    const schemaKind = isMain ? 'v1alpha1' : kindEnum?.[0]
    if (!schemaKind) throw new Error(`${release}: document without kind: ${JSON.stringify(ref)}`)
    const kind = KIND_CORRECTIONS[schemaKind] ?? schemaKind
    let root = kinds.get(kind)
    if (!root) {
      root = newField()
      kinds.set(kind, root)
    }
    addSchema(root, doc, defs, index, 0)
  }
})

function ranges(present: Set<number>): string {
  const parts: string[] = []
  for (let i = 0; i < releases.length; i++) {
    if (!present.has(i)) continue
    let j = i
    while (j + 1 < releases.length && present.has(j + 1)) j++
    parts.push(
      j === releases.length - 1
        ? `${releases[i]}..`
        : i === j
          ? releases[i]!
          : `${releases[i]}..${releases[j]}`,
    )
    i = j
  }
  return parts.join(',')
}

function sameSet(a: Set<number>, b: Set<number>): boolean {
  return a.size === b.size && [...a].every(x => b.has(x))
}

const all = new Set(releases.map((_, i) => i))
const lines: string[] = [`@releases ${releases.join(' ')}`]

function emit(name: string, field: Field, parentPresent: Set<number>, depth: number): void {
  let line = ' '.repeat(depth) + name + (field.list ? '[]' : '')
  if (field.open) line += ' *'
  if (!sameSet(field.present, parentPresent)) line += ` @${ranges(field.present)}`
  lines.push(line)
  for (const childName of [...field.children.keys()].sort()) {
    emit(childName, field.children.get(childName)!, field.present, depth + 1)
  }
}

for (const kind of [...kinds.keys()].sort()) emit(kind, kinds.get(kind)!, all, 0)

const header = `/**
 * GENERATED by scripts/gen-talos-fields.ts from the Talos config JSON schemas of each release where the
 * schema changed. Do not edit: run \`npm run talos:fields\`. Format: see the script; API: ./fields.ts.
 * @module
 */
`
const body = `export const TALOS_FIELD_INVENTORY = \`\n${lines.join('\n')}\n\`\n`
const out = fileURLToPath(new URL('../src/talos/fields.data.ts', import.meta.url))
if (process.argv.includes('--check')) {
  // The conformance suite runs this: the committed inventory must be what the schemas give.
  if (readFileSync(out, 'utf8') !== header + body) {
    process.stderr.write('src/talos/fields.data.ts is stale: run npm run talos:fields\n')
    process.exit(1)
  }
  process.stdout.write('src/talos/fields.data.ts is up to date\n')
} else {
  writeFileSync(out, header + body)
  process.stdout.write(`wrote src/talos/fields.data.ts: ${kinds.size} kinds, ${lines.length - 1} lines\n`)
}
