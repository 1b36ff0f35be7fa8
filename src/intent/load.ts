/**
 * Loading the intent file: YAML with positions, validated by the zod schema, every problem mapped
 * back to the line and column it comes from. All problems are reported at once, so one edit-run
 * cycle fixes a file instead of one per mistake.
 * @module
 */

import type { Node } from 'yaml'
import type { z } from 'zod'
import { InputError } from '../core/errors.ts'
import { escapeTerminal } from '../core/escape.ts'
import type { Finding, Span } from '../core/finding.ts'
import { parseSource, type SourceDocument, type SourceFile, spanOf, toPlain } from '../core/source.ts'
import { closestMatch } from '../core/suggest.ts'
import { provideIntentLoader } from './cache.ts'
import { locateNode } from './locate.ts'
import { type Intent, IntentSchema, intentErrorMap } from './schema.ts'
import { literalSecretFindings } from './secrets.ts'

/** A parsed, validated intent file. */
export interface LoadedIntent {
  intent: Intent
  /** Problems that do not stop loading (a secret written into the file). */
  warnings: Finding[]
  /** The YAML document, for callers that point at settings (`spanAt`). */
  document: SourceDocument
}

/** One validation problem, as listed in an IntentValidationError. */
export interface IntentIssue {
  /** Dotted path such as `cluster.lanSubnets[0]`; empty for the document itself. */
  path: string
  /** What is wrong and what is expected, starting with the path. */
  message: string
  line: number
  column: number
}

/** An intent file that fails validation: an InputError (exit 2) that also carries every issue. */
export class IntentValidationError extends InputError {
  readonly issues: readonly IntentIssue[]
  // One issue per line; each line is escaped where it is built, so its line breaks are talscale's.
  override readonly multiline = true

  constructor(message: string, options: ConstructorParameters<typeof InputError>[1], issues: IntentIssue[]) {
    super(message, options)
    this.issues = issues
  }
}

/** How many issues one error lists before summarizing the rest. */
const MAX_LISTED_ISSUES = 20

/**
 * Parses and validates an intent file. Throws InputError (an IntentValidationError for schema
 * problems) with file, line, column and path; never anything else.
 */
export function loadIntent(source: SourceFile): LoadedIntent {
  const documents = parseSource(source)
  if (documents.length === 0) throw emptyFile(source)
  if (documents.length !== 1) {
    const second = documents[1]
    const span = spanOf(source, second?.doc.contents as Node | null)
    throw new InputError(`"${source.path}" holds ${documents.length} YAML documents; expected one intent.`, {
      location: { file: source.path, line: span.line, column: span.column },
      hint: 'An intent file describes one cluster in one document; remove the `---` separators.',
    })
  }
  const document = documents[0]!
  const data = toPlain(document)
  if (data === null || data === undefined) throw emptyFile(source)
  const result = IntentSchema.safeParse(data, { error: intentErrorMap })
  if (!result.success) throw validationError(document, result.error.issues)
  const intent = result.data
  return {
    intent,
    warnings: literalSecretFindings(source, intent, path => locateNode(document.doc, path)),
    document,
  }
}

function emptyFile(source: SourceFile): InputError {
  return new InputError(`"${source.path}" is empty; expected an intent file.`, {
    location: { file: source.path, line: 1, column: 1 },
    hint: 'Run `talscale init` to write a commented one.',
  })
}

// The lint graph reaches intents through ./cache.ts, which does not import zod: `check` of a
// repository without an intent file never loads the schema. Importing this module provides it.
provideIntentLoader(loadIntent)

export { loadIntentCached } from './cache.ts'
export { locateNode } from './locate.ts'

/** The span of the setting at `path`, or of its nearest existing parent. */
export function spanAt(loaded: Pick<LoadedIntent, 'document'>, path: ReadonlyArray<string | number>): Span {
  return spanOf(loaded.document.source, locateNode(loaded.document.doc, path))
}

/** Formats a zod path as `cluster.lanSubnets[0]`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let text = ''
  for (const step of path) {
    if (typeof step === 'number') text += `[${step}]`
    else if (/^[A-Za-z_$][\w$-]*$/.test(String(step))) text += text === '' ? String(step) : `.${String(step)}`
    else text += `[${JSON.stringify(String(step))}]`
  }
  return text
}

function validationError(document: SourceDocument, zodIssues: readonly z.core.$ZodIssue[]): InputError {
  const source = document.source
  const issues: IntentIssue[] = []
  for (const issue of zodIssues) {
    const path = issue.path as PropertyKey[]
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const keyPath = [...path, key]
        const span = spanOf(source, locateNode(document.doc, keyPath, { key: true }))
        // A key pasted where a setting name goes is still a key: never repeat it.
        const secret = /tskey-/i.test(key)
        const shown = secret ? formatPath([...path, '(not shown)']) : formatPath(keyPath)
        const what = secret ? 'that looks like a Tailscale key' : JSON.stringify(key)
        issues.push({
          path: shown,
          message: `${shown}: unknown setting ${what}; ${secret ? 'expected a setting name' : unknownKeyAdvice(path, key)}`,
          line: span.line,
          column: span.column,
        })
      }
      continue
    }
    const span = spanOf(source, locateNode(document.doc, path))
    const where = formatPath(path)
    // Messages without their own subject ("is missing", "has no ...") read as a sentence after the path.
    const text = /^(is|has|lists) /.test(issue.message)
      ? `${where || 'the intent'} ${issue.message}`
      : `${where || 'the intent'}: ${issue.message}`
    issues.push({ path: where, message: text, line: span.line, column: span.column })
  }
  // Stable sort: issues at one position keep the schema order.
  issues.sort((a, b) => a.line - b.line || a.column - b.column)
  const first = issues[0]!
  const rest = issues.slice(1, MAX_LISTED_ISSUES)
  const more = issues.length - 1 - rest.length
  const lines = [
    escapeTerminal(first.message),
    ...rest.map(
      issue =>
        `  ${escapeTerminal(source.path)}:${issue.line}:${issue.column}: ${escapeTerminal(issue.message)}`,
    ),
    ...(more > 0 ? [`  ... and ${more} more`] : []),
  ]
  return new IntentValidationError(
    lines.join('\n'),
    {
      location: { file: source.path, line: first.line, column: first.column, path: first.path },
      hint:
        issues.length === 1
          ? 'Fix this setting; `talscale.schema.json` lets editors flag such problems as you type.'
          : `Fix these ${issues.length} settings; \`talscale.schema.json\` lets editors flag such problems as you type.`,
    },
    issues,
  )
}

/** What to say about an unknown key: a close spelling here, the section it belongs to, or the list. */
function unknownKeyAdvice(parent: ReadonlyArray<PropertyKey>, key: string): string {
  const known = knownKeys(parent)
  const suggestion = closestMatch(key, known)
  if (suggestion) return `did you mean ${JSON.stringify(suggestion)}?`
  const here = formatPath(parent)
  const elsewhere = settingSections()
    .filter(([section, name]) => section !== here && name.toLowerCase() === key.toLowerCase())
    .map(([section, name]) => `${section ? `${section}.` : ''}${name}`)
  if (elsewhere.length > 0) return `it belongs at ${elsewhere.join(' or ')}`
  return `expected one of ${known.join(', ')}`
}

let sectionCache: Array<[string, string]> | undefined

/** Every (section path, setting name) pair of the schema; list items are written `nodes[]`. */
function settingSections(): Array<[string, string]> {
  if (sectionCache) return sectionCache
  const pairs: Array<[string, string]> = []
  const walk = (schema: unknown, prefix: string, depth: number) => {
    const def = (unwrap(schema) as { _zod?: { def?: Record<string, unknown> } })?._zod?.def
    if (!def || depth > 6) return
    if (def.type === 'array') walk(def.element, `${prefix}[]`, depth + 1)
    if (def.type !== 'object') return
    for (const [name, child] of Object.entries(def.shape as Record<string, unknown>)) {
      pairs.push([prefix, name])
      walk(child, prefix ? `${prefix}.${name}` : name, depth + 1)
    }
  }
  walk(IntentSchema, '', 0)
  sectionCache = pairs
  return pairs
}

/** Keys the schema allows at a path (for "did you mean"). */
function knownKeys(path: ReadonlyArray<PropertyKey>): string[] {
  let schema: unknown = IntentSchema
  for (const step of [...path, undefined]) {
    schema = unwrap(schema)
    const def = (schema as { _zod?: { def?: Record<string, unknown> } })?._zod?.def
    if (!def) return []
    if (step === undefined) return def.type === 'object' ? Object.keys(def.shape as object).sort() : []
    if (def.type === 'object') schema = (def.shape as Record<string, unknown>)[String(step)]
    else if (def.type === 'array') schema = def.element
    else return []
  }
  return []
}

function unwrap(schema: unknown): unknown {
  let current = schema
  for (let i = 0; i < 20; i++) {
    const def = (current as { _zod?: { def?: Record<string, unknown> } })?._zod?.def
    if (!def) return current
    if (
      ['optional', 'default', 'prefault', 'nullable', 'readonly', 'nonoptional'].includes(def.type as string)
    )
      current = def.innerType
    else if (def.type === 'pipe') current = def.in
    else return current
  }
  return current
}
