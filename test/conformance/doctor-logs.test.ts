/**
 * The log classifier against containerboot's and tailscaled's own messages and flags, as listed in
 * ../shared/reference/tailscale (containerboot-env.json, tailscaled-flags.json).
 */
import { describe, expect, it } from 'vitest'
import { TAILSCALED_FLAGS } from '../../src/tailscale/flags.ts'
import { CONTAINERBOOT_FATALS, classifyLine, templateToRegExp } from '../../src/tailscale/logs.ts'
import { referenceJson } from '../support/reference.ts'

interface ReferenceVar {
  name: string
  errors?: string[]
}
const containerboot = referenceJson('tailscale', 'containerboot-env.json') as {
  vars: ReferenceVar[]
  lifecycle: string[]
  fatal_validation_messages_prefix: string
}
const tailscaled = referenceJson('tailscale', 'tailscaled-flags.json') as {
  flags: Array<{ name: string }>
  env_knobs_read_by_tailscaled: Array<{ name: string; doc: string }>
}

/**
 * Turns a message as the reference lists it into a line containerboot would print: annotations such
 * as "(fatal) " and " (when ...)" go, a leading "..." is the variable's name, a trailing "..." is the
 * wrapped Go error, and format verbs get sample values.
 */
function instantiate(variable: string, message: string): string {
  let text = message.replace(/^\(fatal\)\s*/, '').replace(/\s+\(when [^)]*\)$/, '')
  if (text.startsWith('... ')) text = `${variable} ${text.slice(4)}`
  text = text.replace(/\.\.\.$/, 'invalid port ":x"')
  return text
    .replaceAll('%q', '"bogus value"')
    .replaceAll('%d', '3')
    .replaceAll('%v', '[10.0.0.1 10.0.0.2 10.0.0.3]')
    .replaceAll('%w', 'invalid syntax')
    .replaceAll('%s', '/etc/tailscale')
}

const fatalCases = containerboot.vars.flatMap(variable =>
  (variable.errors ?? []).map(message => ({
    variable: variable.name,
    message,
    line: instantiate(variable.name, message),
  })),
)

describe('log classifier against the reference data', () => {
  it('has reference fatal messages to test (the oracle is not empty)', () => {
    expect(fatalCases.length).toBeGreaterThanOrEqual(20)
  })

  it.each(fatalCases)('classifies $variable: "$message"', ({ line }) => {
    // containerboot prints them behind a doubled prefix, then log.Fatal.
    const printed = `boot: 2026/11/26 08:00:00 invalid configuration: invalid configuration: ${line}`
    for (const text of [line, printed]) {
      const match = classifyLine(text)
      expect(match?.code, text).toBe('DOC201')
      expect(match!.explanation).not.toBe('')
      expect(match!.fix).not.toContain('the message')
    }
  })

  it('maps every reference fatal message to its own entry of CONTAINERBOOT_FATALS', () => {
    const entries = CONTAINERBOOT_FATALS.map(entry => templateToRegExp(entry.template))
    for (const { line } of fatalCases) {
      expect(
        entries.filter(regexp => regexp.test(line)),
        line,
      ).toHaveLength(1)
    }
  })

  it('classifies the lifecycle messages quoted in the reference', () => {
    const quoted = containerboot.lifecycle.flatMap(step =>
      [...step.matchAll(/'([^']+)'/g)].map(match => match[1]!),
    )
    const messages = quoted.filter(text => !text.startsWith('tailscale '))
    expect(messages.length).toBeGreaterThanOrEqual(2)
    const codes = messages.map(text => classifyLine(text.replace('%q', '"NeedsLogin"'))?.code)
    expect(codes).toEqual(['DOC203', 'DOC211'])
  })

  it('knows exactly the tailscaled flags of the reference', () => {
    expect(TAILSCALED_FLAGS.map(flag => flag.name).sort()).toEqual(
      tailscaled.flags.map(flag => flag.name).sort(),
    )
  })

  it('classifies the TS_DEBUG_MTU fatal quoted in the reference', () => {
    const knob = tailscaled.env_knobs_read_by_tailscaled.find(entry => entry.name === 'TS_DEBUG_MTU')!
    const message = knob.doc.match(/'(invalid unsigned integer environment variable [^']*)'/)![1]!
    const match = classifyLine(message.replace('<v>', '"1280"'))
    expect(match?.code).toBe('DOC208')
    expect(match!.explanation).toContain('TS_DEBUG_MTU')
  })
})
