/**
 * The doctor check registry holds itself to the lint rules' standard (test/lint/meta.test.ts):
 * complete metadata and message templates, codes in their ranges and never reused, every check and
 * every message emitted by some code path, and docs/doctor/ generated from the check objects.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { type Finding, TOPICS } from '../../src/core/finding.ts'
import { DOCTOR_CHECKS, doctorFinding, RETIRED_DOCTOR_CODES } from '../../src/doctor/checks.ts'
import { doctorDocFiles } from '../../src/doctor/docs.ts'
import { LOG_CLASSES } from '../../src/tailscale/logs.ts'

const DOCS_DIR = new URL('../../docs/doctor/', import.meta.url)
const DOCTOR_DIR = new URL('../../src/doctor/', import.meta.url)
// The command reports a tailnet that cannot be read (DOC300) itself.
const COMMAND = new URL('../../src/cli/commands/doctor.ts', import.meta.url)
// One case per message of the node and tailnet checks, and the log messages by their shape.
const MESSAGE_CASES = new URL('./messages.test.ts', import.meta.url)

/** The text of the doctor's modules and its command, the code that reports findings. */
function emittingSources(): string[] {
  const files = readdirSync(DOCTOR_DIR)
    .filter(file => file.endsWith('.ts') && file !== 'checks.ts' && file !== 'docs.ts')
    .map(file => new URL(file, DOCTOR_DIR))
  return [...files, COMMAND].map(file => readFileSync(file, 'utf8'))
}

/** Every DOCnnn literal the doctor's modules and its command write (node and tailnet checks). */
function emittedCodes(): Set<string> {
  const codes = new Set<string>()
  for (const text of emittingSources()) {
    for (const match of text.matchAll(/'(DOC\d{3})'/g)) codes.add(match[1]!)
  }
  return codes
}

/**
 * Every message a `doctorFinding(file, code, messageId, …)` call names, as `CODE id`; a code that is
 * not a literal (a log class from the classifier) is `DOC2xx id`.
 */
function emittedMessages(): Set<string> {
  const messages = new Set<string>()
  for (const text of emittingSources()) {
    for (const match of text.matchAll(/doctorFinding\(\s*[^,()]+,\s*([^,()]+),\s*'(\w+)'/g)) {
      const code = /^'(DOC\d{3})'$/.exec(match[1]!.trim())?.[1] ?? 'DOC2xx'
      messages.add(`${code} ${match[2]}`)
    }
  }
  return messages
}

/** The `{{key}}` placeholders of a template. */
const placeholdersOf = (template: string): string[] =>
  [...template.matchAll(/\{\{(\w+)\}\}/g)].map(match => match[1]!)

describe.each(DOCTOR_CHECKS.map(check => [`${check.code} ${check.name}`, check] as const))(
  '%s',
  (_, check) => {
    it('has complete metadata and docs', () => {
      expect(check.code).toMatch(/^DOC[123]\d\d$/)
      expect(check.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      expect(TOPICS).toContain(check.topic)
      expect(['error', 'warning', 'info']).toContain(check.severity)
      expect(check.summary.trim(), 'summary').not.toBe('')
      expect(check.why.trim().endsWith('.'), `why ends with a period: "${check.why}"`).toBe(true)
      expect(check.why.length).toBeGreaterThan(10)
      expect(check.fix.length).toBeGreaterThan(10)
    })

    it('has message templates with well-formed placeholders', () => {
      const templates = Object.entries(check.messages)
      expect(templates.length).toBeGreaterThan(0)
      for (const [id, template] of templates) {
        expect(id, `${check.code} message id`).toMatch(/^[a-z][A-Za-z]*$/)
        expect(template.trim(), `${check.code} ${id}`).not.toBe('')
        // Braces that are not a whole `{{key}}` would show up verbatim in a finding.
        expect(template.replace(/\{\{\w+\}\}/g, ''), `${check.code} ${id}`).not.toMatch(/[{}]/)
      }
    })

    it('fills every placeholder of its templates from the data', () => {
      for (const [id, template] of Object.entries(check.messages)) {
        const keys = placeholdersOf(template)
        const data = Object.fromEntries(keys.map(key => [key, `<${key}>`]))
        // The types allow only known ids and keys; here every template is rendered once with all of them.
        const finding = (doctorFinding as (file: string, code: string, id: string, data: object) => Finding)(
          'node',
          check.code,
          id,
          data,
        )
        expect(finding.message, `${check.code} ${id}`).toBe(
          template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => `<${key}>`),
        )
        expect(finding.message, `${check.code} ${id}`).not.toContain('{{')
      }
    })

    it('does not take a retired code', () => {
      expect(RETIRED_DOCTOR_CODES).not.toContain(check.code)
    })
  },
)

describe('the doctor check registry', () => {
  it('has unique codes and names, sorted by code', () => {
    const codes = DOCTOR_CHECKS.map(check => check.code)
    expect(codes).toEqual([...codes].sort())
    expect(new Set(codes).size).toBe(codes.length)
    expect(new Set(DOCTOR_CHECKS.map(check => check.name)).size).toBe(codes.length)
  })

  it('holds exactly the log classes in DOC2xx', () => {
    const logCodes = DOCTOR_CHECKS.filter(check => check.code.startsWith('DOC2')).map(check => check.code)
    expect(logCodes).toEqual(LOG_CLASSES.map(logClass => logClass.code).sort())
  })

  it('emits every node and tailnet check somewhere, and nothing unregistered', () => {
    const emitted = emittedCodes()
    const registered = DOCTOR_CHECKS.filter(check => !check.code.startsWith('DOC2')).map(check => check.code)
    for (const code of registered) expect(emitted, code).toContain(code)
    const known = new Set(DOCTOR_CHECKS.map(check => check.code))
    for (const code of emitted) expect(known, code).toContain(code)
  })

  it('reports every message of every check somewhere (message ids are literals at the call)', () => {
    const emitted = emittedMessages()
    for (const check of DOCTOR_CHECKS) {
      const code = check.code.startsWith('DOC2') ? 'DOC2xx' : check.code
      for (const id of Object.keys(check.messages))
        expect(emitted, `${check.code} ${id}`).toContain(`${code} ${id}`)
    }
  })

  it('shows every message of the node, log and tailnet checks in test/doctor/messages.test.ts', () => {
    const cases = readFileSync(MESSAGE_CASES, 'utf8')
    for (const check of DOCTOR_CHECKS) {
      const code = check.code.startsWith('DOC2') ? 'DOC2xx' : check.code
      for (const id of Object.keys(check.messages)) {
        expect(cases, `a case named '${code} ${id}'`).toMatch(new RegExp(`'${code} ${id}[':]`))
      }
    }
  })

  it('rejects an unknown code, message id or placeholder when the code is compiled', () => {
    // Never called: `tsc --noEmit` checks that each line below is an error.
    const _compileOnly = () => [
      // @ts-expect-error an unknown code
      doctorFinding('tailnet', 'DOC399', 'missing', { node: 'n' }),
      // @ts-expect-error a message id another check defines
      doctorFinding('tailnet', 'DOC304', 'missing', { node: 'n' }),
      // @ts-expect-error a placeholder left without a value
      doctorFinding('tailnet', 'DOC304', 'expired', { device: 'd' }),
      // @ts-expect-error data the template does not use
      doctorFinding('tailnet', 'DOC308', 'missing', { node: 'n', device: 'd' }),
      doctorFinding('tailnet', 'DOC308', 'missing', { node: 'n' }),
    ]
    expect(typeof _compileOnly).toBe('function')
  })
})

describe('docs/doctor', () => {
  it('matches the check objects (run `npm run docs:doctor` after changing a check)', () => {
    const files = doctorDocFiles(DOCTOR_CHECKS)
    const onDisk = readdirSync(DOCS_DIR).filter(name => name.endsWith('.md'))
    expect(onDisk.sort()).toEqual([...files.keys()].sort())
    for (const [name, text] of files) expect(readFileSync(new URL(name, DOCS_DIR), 'utf8'), name).toBe(text)
  })
})
