/**
 * The CLI in-process (runCli) on arbitrary files, for every command that reads one: the exit code is
 * 0, 1 or 2, and standard error never carries a stack trace or an internal error.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/cli.ts'
import { FUZZ_RUNS, FUZZ_TIMEOUT, hostile, mutated, SEEDS, shaped } from './arbitraries.ts'

const root = mkdtempSync(join(tmpdir(), 'talscale-cli-fuzz-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

let counter = 0

const input = hostile(
  mutated(SEEDS.machineConfig),
  mutated(SEEDS.talconfig),
  mutated(SEEDS.intent),
  mutated(SEEDS.schematic),
  shaped({ version: 1, cluster: { name: 'x', endpoint: 'https://10.0.0.1:6443' }, tailscale: {}, nodes: [] }),
)

type Command = (file: string, dir: string) => string[]
const COMMANDS: Record<string, Command> = {
  check: file => ['check', '--format', 'json', file],
  'check (sarif)': file => ['check', '--format', 'sarif', file],
  generate: (file, dir) => ['generate', '-c', file, '-o', join(dir, 'out')],
  'render --base': file => ['render', '--base', file, '--patch', 'machine: {network: {hostname: x}}'],
  'render --patch': file => ['render', '--base', SEED_BASE, '--patch', `@${file}`],
  'schematic id': file => ['schematic', 'id', file],
  'explain-log': file => ['explain-log', '--format', 'json', file],
}
const SEED_BASE = join(root, 'base.yaml')
writeFileSync(SEED_BASE, SEEDS.machineConfig)

function assertSane(result: { code: number; stdout: string; stderr: string }, context: string): void {
  expect([0, 1, 2], `${context}\n${result.stderr}`).toContain(result.code)
  expect(result.stderr, context).not.toContain('internal error')
  expect(result.stderr, context).not.toMatch(/^\s+at .+[(:]\d+/m)
  if (result.code === 2) expect(result.stderr.trim().length, context).toBeGreaterThan(0)
}

describe('every file-reading command on arbitrary files', () => {
  for (const [name, argv] of Object.entries(COMMANDS)) {
    it(
      `${name}: exit 0, 1 or 2, no stack trace`,
      async () => {
        await fc.assert(
          fc.asyncProperty(input, async text => {
            const dir = join(root, `w${counter++}`)
            const file = `${dir}-input.yaml`
            writeFileSync(file, text)
            const result = await runCli(argv(file, dir), { cwd: root, env: {} })
            assertSane(result, `${name} on ${JSON.stringify(text.slice(0, 300))}`)
          }),
          { numRuns: Math.max(10, Math.floor(FUZZ_RUNS / 4)) },
        )
      },
      FUZZ_TIMEOUT,
    )
  }

  it(
    'stdin: check - and explain-log - on arbitrary text',
    async () => {
      await fc.assert(
        fc.asyncProperty(input, async text => {
          for (const argv of [
            ['check', '-'],
            ['explain-log', '-'],
          ]) {
            const result = await runCli(argv, { stdin: text, cwd: root, env: {} })
            assertSane(result, `${argv.join(' ')} on ${JSON.stringify(text.slice(0, 300))}`)
          }
        }),
        { numRuns: Math.max(10, Math.floor(FUZZ_RUNS / 4)) },
      )
    },
    FUZZ_TIMEOUT,
  )

  it(
    'arbitrary argv: usage errors are exit 2 without a stack trace',
    async () => {
      const word = fc.oneof(
        fc.constantFrom(
          'check',
          'generate',
          'render',
          'schematic',
          'id',
          'urls',
          'doctor',
          'explain-log',
          'tailnet',
        ),
        fc.constantFrom(
          '--format',
          'bogus',
          '--fail-on',
          '-o',
          '--base',
          '--patch',
          '--talos-version',
          'v9.9',
          '-',
        ),
        fc.constantFrom(
          '--concurrency',
          '0',
          '--timeout',
          '-1',
          '--rule',
          'TAL999',
          '--config',
          '/nonexistent',
        ),
        fc.string({ maxLength: 8 }),
      )
      await fc.assert(
        fc.asyncProperty(fc.array(word, { maxLength: 6 }), async argv => {
          // doctor and tailnet without a node or credential fail fast: no network is reached.
          const result = await runCli(argv, { cwd: root, env: {}, stdin: '' })
          assertSane(result, JSON.stringify(argv))
        }),
        { numRuns: Math.max(10, Math.floor(FUZZ_RUNS / 4)) },
      )
    },
    FUZZ_TIMEOUT,
  )
})
