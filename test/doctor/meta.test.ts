/**
 * The doctor check registry holds itself to the lint rules' standard (test/lint/meta.test.ts):
 * complete metadata, codes in their ranges and never reused, every check emitted by some code path,
 * and docs/doctor/ generated from the check objects.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { TOPICS } from '../../src/core/finding.ts'
import { DOCTOR_CHECKS, RETIRED_DOCTOR_CODES } from '../../src/doctor/checks.ts'
import { doctorDocFiles } from '../../src/doctor/docs.ts'
import { LOG_CLASSES } from '../../src/tailscale/logs.ts'

const DOCS_DIR = new URL('../../docs/doctor/', import.meta.url)
const DOCTOR_DIR = new URL('../../src/doctor/', import.meta.url)
// The command reports a tailnet that cannot be read (DOC300) itself.
const COMMAND = new URL('../../src/cli/commands/doctor.ts', import.meta.url)

/** Every DOCnnn literal the doctor's modules and its command write (node and tailnet checks). */
function emittedCodes(): Set<string> {
  const files = readdirSync(DOCTOR_DIR)
    .filter(file => file.endsWith('.ts') && file !== 'checks.ts' && file !== 'docs.ts')
    .map(file => new URL(file, DOCTOR_DIR))
  const codes = new Set<string>()
  for (const file of [...files, COMMAND]) {
    for (const match of readFileSync(file, 'utf8').matchAll(/'(DOC\d{3})'/g)) codes.add(match[1]!)
  }
  return codes
}

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
})

describe('docs/doctor', () => {
  it('matches the check objects (run `npm run docs:doctor` after changing a check)', () => {
    const files = doctorDocFiles(DOCTOR_CHECKS)
    const onDisk = readdirSync(DOCS_DIR).filter(name => name.endsWith('.md'))
    expect(onDisk.sort()).toEqual([...files.keys()].sort())
    for (const [name, text] of files) expect(readFileSync(new URL(name, DOCS_DIR), 'utf8'), name).toBe(text)
  })
})
