/** The shared escaping helpers (src/core/escape.ts), fuzzed: each holds for any string. */
import { spawnSync } from 'node:child_process'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  CONTROL_CHARACTERS,
  escapeTerminal,
  hasControlCharacters,
  markdownCode,
  markdownText,
  shellComment,
  shellQuote,
  urlProblem,
} from '../../src/core/escape.ts'
import { FUZZ_RUNS } from '../support/intent-arbitrary.ts'

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom(
      '\n',
      '\r',
      '\u001b',
      '\u0007',
      '\u009b',
      '\u202e',
      '\u2028',
      '`',
      "'",
      '"',
      '$',
      'a',
      ' ',
      '\\',
    ),
    maxLength: 20,
  }),
)

describe('escapeTerminal', () => {
  it('leaves no control character, keeps plain text as is', () => {
    fc.assert(
      fc.property(anyText, text => {
        const escaped = escapeTerminal(text)
        expect(hasControlCharacters(escaped)).toBe(false)
        if (!hasControlCharacters(text)) expect(escaped).toBe(text)
      }),
      { numRuns: FUZZ_RUNS * 10 },
    )
  })

  it('shows ESC, BEL, CR and newlines visibly', () => {
    expect(escapeTerminal('x\n::error title=FAKE::y')).toBe('x\\n::error title=FAKE::y')
    expect(escapeTerminal('\u001b]0;pwned\u0007')).toBe('\\x1b]0;pwned\\x07')
    expect(escapeTerminal('a\r\u202eb')).toBe('a\\r\\u202eb')
    expect(escapeTerminal('a\nb\rc', { keepNewlines: true })).toBe('a\nb\\rc')
  })

  it('shellComment is one line', () => {
    fc.assert(
      fc.property(anyText, text => {
        expect(shellComment(text)).not.toMatch(CONTROL_CHARACTERS)
      }),
      { numRuns: FUZZ_RUNS * 10 },
    )
  })
})

describe('shellQuote', () => {
  it('bash reads back exactly the quoted value, and runs nothing', () => {
    const values = fc.sample(
      anyText.filter(text => !text.includes('\u0000')),
      Math.max(20, FUZZ_RUNS),
    )
    // One bash process for all samples: each line prints a quoted value, base64 so bytes survive.
    const script = values.map(value => `printf '%s' ${shellQuote(value)} | base64 -w0; echo`).join('\n')
    const result = spawnSync('bash', ['-c', script], { encoding: 'utf8' })
    expect(result.status).toBe(0)
    const lines = result.stdout.split('\n').slice(0, values.length)
    expect(lines.map(line => Buffer.from(line, 'base64').toString('utf8'))).toEqual(
      values.map(value => Buffer.from(value, 'utf8').toString('utf8')),
    )
  })
})

describe('Markdown', () => {
  it('markdownCode keeps the text inside one code span', () => {
    fc.assert(
      fc.property(anyText, text => {
        const code = markdownCode(text)
        const fence = /^`+/.exec(code)![0]
        expect(code.endsWith(fence)).toBe(true)
        const inner = code.slice(fence.length, code.length - fence.length)
        // No run of backticks of the fence's length inside: the span cannot close early.
        expect(inner.split(/[^`]+/).some(run => run.length === fence.length)).toBe(false)
        expect(code).not.toMatch(CONTROL_CHARACTERS)
      }),
      { numRuns: FUZZ_RUNS * 10 },
    )
  })

  it('markdownText escapes markup starters', () => {
    expect(markdownText('[x](javascript:y) <img> | `c`')).toBe('\\[x\\](javascript:y) \\<img\\> \\| \\`c\\`')
  })
})

describe('urlProblem', () => {
  it('accepts plain URLs only', () => {
    expect(urlProblem('https://factory.talos.dev')).toBeUndefined()
    expect(urlProblem('https://10.0.0.1:6443')).toBeUndefined()
    expect(urlProblem('http://hs.example.com', { allowHttp: true })).toBeUndefined()
    expect(urlProblem('http://hs.example.com')).toBe('is not an https URL')
    expect(urlProblem('https://a$(id).example.com')).toBeDefined()
    expect(urlProblem('http://a"b', { allowHttp: true })).toBeDefined()
    expect(urlProblem('https://u:p@example.com')).toBe('carries credentials (user@host)')
  })

  it('an accepted URL has no shell or Markdown metacharacter', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.webUrl(),
          anyText.map(text => `https://${text}`),
        ),
        url => {
          if (urlProblem(url, { allowHttp: true }) === undefined)
            expect(url).toMatch(/^[A-Za-z0-9.:/[\]%~+=,@_-]+$/)
        },
      ),
      { numRuns: FUZZ_RUNS * 10 },
    )
  })
})
