import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { runCli } from '../support/cli.ts'
import { arbitraryIntentInput, FUZZ_RUNS } from '../support/intent-arbitrary.ts'

const cwd = mkdtempSync(join(tmpdir(), 'talscale-invalid-'))
afterAll(() => rmSync(cwd, { recursive: true, force: true }))

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** Every path to a leaf (scalar) of the intent. */
function leaves(value: Json, path: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return value.flatMap((item, index) => leaves(item, [...path, index]))
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => leaves(item, [...path, key]))
  }
  return [path]
}

/** The value at `path` replaced by one of the wrong type. */
function mutate(value: Json, path: Array<string | number>): Json {
  if (path.length === 0) {
    // Not a number: `port` takes a number or the string "random".
    if (typeof value === 'string') return true
    if (typeof value === 'number') return 'not-a-number'
    if (typeof value === 'boolean') return 'maybe'
    return 42
  }
  const [head, ...rest] = path
  if (Array.isArray(value)) return value.map((item, index) => (index === head ? mutate(item, rest) : item))
  const object = value as { [key: string]: Json }
  return { ...object, [head as string]: mutate(object[head as string]!, rest) }
}

describe('random invalid intents', () => {
  // Generous: each run builds (and checks) whole bundles; FUZZ_RUNS may be large.
  it('exit 2 with file, line and column, never a stack trace, and write nothing', {
    timeout: 60_000 + FUZZ_RUNS * 1_000,
  }, async () => {
    let run = 0
    await fc.assert(
      fc.asyncProperty(arbitraryIntentInput(), fc.nat(), async (input, pick) => {
        const json = JSON.parse(JSON.stringify(input)) as Json
        const paths = leaves(json)
        const broken = mutate(json, paths[pick % paths.length]!)
        const file = `intent-${run++}.yaml`
        writeFileSync(join(cwd, file), stringify(broken))
        const result = await runCli(['generate', '-c', file, '--out', `out-${run}`], { cwd, env: {} })
        expect(result.code).toBe(2)
        expect(result.stderr).toMatch(new RegExp(`${file.replace('.', '\\.')}:\\d+:\\d+`))
        expect(result.stderr).not.toContain('internal error')
        expect(result.stderr).not.toMatch(/\n\s+at /)
        expect(result.stderr + result.stdout).not.toContain('canary')
        expect(existsSync(join(cwd, `out-${run}`))).toBe(false)
      }),
      { numRuns: Math.max(20, Math.floor(FUZZ_RUNS / 2)) },
    )
  })
})
