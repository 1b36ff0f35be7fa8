/**
 * Every limit of src/core/source.ts (file size, document count, nesting depth, line length, alias
 * expansion) reached through every command that reads YAML: exit 2, a message that names the limit,
 * no stack trace, and in bounded time. explain-log reads logs, not YAML: its own size limit applies.
 */
import { spawnSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { LIMITS } from '../../src/core/source.ts'
import { runCli } from '../support/cli.ts'

const dir = mkdtempSync(join(tmpdir(), 'talscale-limits-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const BASE = readFileSync(new URL('../fixtures/base/v1.13/worker.yaml', import.meta.url), 'utf8')

/** Anchors a0..a8, each a list of nine references to the one before: 9^9 nodes once expanded. */
function laughs(indent: string): string {
  const lines = [`${indent}- &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]`]
  for (let i = 1; i < 9; i++)
    lines.push(
      `${indent}- &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    )
  return lines.join('\n')
}

// One hostile file per limit, in the shape each reader accepts, so the limit (not a shape check) stops it.
const HOSTILE = {
  size: (shape: string) =>
    `${shape}\n${'# padding to exceed the size limit\n'.repeat(LIMITS.fileBytes / 34 + 10)}`,
  documents: (shape: string) => `${shape}\n${'---\nmachine: {}\n'.repeat(LIMITS.documents + 1)}`,
  depth: (shape: string) =>
    `${shape}\nextra: ${'['.repeat(LIMITS.depth + 5)}${']'.repeat(LIMITS.depth + 5)}\n`,
  line: (shape: string) => `${shape}\n# ${'x'.repeat(LIMITS.lineLength + 10)}\n`,
}
const MESSAGES: Record<keyof typeof HOSTILE | 'aliases', RegExp> = {
  size: new RegExp(`is \\d+ bytes; the limit is ${LIMITS.fileBytes} bytes`),
  documents: new RegExp(`holds \\d+ YAML documents; the limit is ${LIMITS.documents}`),
  depth: new RegExp(`nesting deeper than ${LIMITS.depth} levels`),
  line: new RegExp(`characters long; the limit is ${LIMITS.lineLength}`),
  aliases: /alias/i,
}

const INTENT = `version: 1
cluster:
  name: lab
  talosVersion: v1.13.9
  endpoint: https://10.0.0.1:6443
  lanSubnets: [10.0.0.0/24]
tailscale:
  auth:
    authKey: { env: TS_AUTHKEY }
  tags: [tag:talos]
nodes:
  - { hostname: cp-1, role: controlplane, address: 10.0.0.1 }`
const SCHEMATIC = 'customization:\n  extraKernelArgs:\n    - net.ifnames=0'

// Each command: the shape of a valid input, where the alias bomb goes, the argv for a file, and what the
// bomb gives: `expand` when the command converts the data (the alias limit must stop it), else the
// reader walks the tree without expanding it (bounded anyway) and answers with findings or a type error.
const COMMANDS: Array<{
  name: string
  shape: string
  bomb: string
  argv: (file: string) => string[]
  bombAnswer: 'expand' | RegExp
}> = [
  {
    name: 'check',
    shape: BASE,
    bomb: `${BASE}\n---\napiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: tailscale\nenvironment:\n${laughs('  ')}\n  - *a8\n`,
    argv: file => ['check', file],
    bombAnswer: /TAL201 error: environment item is a list/,
  },
  {
    name: 'generate -c',
    shape: INTENT,
    bomb: `${INTENT}\nx:\n${laughs('  ')}\n  - *a8\n`,
    argv: file => ['generate', '-c', file, '-o', join(dir, 'out')],
    bombAnswer: 'expand',
  },
  {
    name: 'render --base',
    shape: BASE,
    bomb: BASE.replace(
      'machine:\n',
      `machine:\n    udev:\n        rules:\n${laughs('            ')}\n            - *a8\n`,
    ),
    argv: file => ['render', '--base', file, '--patch', 'machine: {network: {hostname: x}}'],
    bombAnswer: 'expand',
  },
  {
    name: 'render --patch',
    shape: 'machine:\n  network:\n    hostname: x',
    bomb: `machine:\n  certSANs:\n${laughs('    ')}\n    - *a8\n`,
    argv: file => ['render', '--base', join(dir, 'base.yaml'), '--patch', `@${file}`],
    bombAnswer: 'expand',
  },
  {
    name: 'schematic id',
    shape: SCHEMATIC,
    bomb: `customization:\n  extraKernelArgs:\n${laughs('    ')}\n    - *a8\n`,
    argv: file => ['schematic', 'id', file],
    bombAnswer: /extraKernelArgs\[0\] must be a string, found a list/,
  },
]
writeFileSync(join(dir, 'base.yaml'), BASE)

async function refuses(argv: string[], message: RegExp): Promise<void> {
  const started = performance.now()
  const result = await runCli(argv, { cwd: dir, env: {} })
  expect(result.code, result.stderr).toBe(2)
  expect(result.stderr).toMatch(message)
  expect(result.stderr).toMatch(/^error: /m)
  expect(result.stderr).not.toMatch(/internal error|^\s+at /m)
  expect(performance.now() - started).toBeLessThan(20_000)
}

describe.each(COMMANDS)('$name', ({ name, shape, bomb, argv, bombAnswer }) => {
  for (const limit of Object.keys(HOSTILE) as Array<keyof typeof HOSTILE>) {
    it(`refuses a file over the ${limit} limit with exit 2`, async () => {
      const file = join(dir, `${name.replace(/\W+/g, '-')}-${limit}.yaml`)
      writeFileSync(file, HOSTILE[limit](shape))
      await refuses(argv(file), MESSAGES[limit])
    }, 30_000)
  }

  it('answers a billion-laughs alias bomb in bounded time and memory (exit 2 where it would expand)', async () => {
    const file = join(dir, `${name.replace(/\W+/g, '-')}-bomb.yaml`)
    writeFileSync(file, bomb)
    const before = process.memoryUsage().heapUsed
    if (bombAnswer === 'expand') {
      await refuses(argv(file), MESSAGES.aliases)
    } else {
      const started = performance.now()
      const result = await runCli(argv(file), { cwd: dir, env: {} })
      expect([1, 2]).toContain(result.code)
      expect(result.stdout + result.stderr).toMatch(bombAnswer)
      expect(result.stderr).not.toMatch(/internal error|^\s+at /m)
      expect(performance.now() - started).toBeLessThan(20_000)
    }
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(200 * 1024 * 1024)
  }, 30_000)

  it('accepts the same shape within the limits (the limits are not what fails)', async () => {
    const file = join(dir, `${name.replace(/\W+/g, '-')}-ok.yaml`)
    writeFileSync(file, `${shape}\n`)
    const result = await runCli(argv(file), { cwd: dir, env: {} })
    expect(result.stderr).not.toMatch(/limit is|alias/i)
  })
})

describe('standard input', () => {
  it('check - applies the size limit to stdin', async () => {
    const result = await runCli(['check', '-'], { cwd: dir, env: {}, stdin: HOSTILE.size(BASE) })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(MESSAGES.size)
  })
})

describe('explain-log (logs are not YAML: its own limits)', () => {
  it('refuses a log over 32 MiB with exit 2 and says what to pass instead', async () => {
    const file = join(dir, 'huge.log')
    writeFileSync(file, 'x'.repeat(33 * 1024 * 1024))
    const result = await runCli(['explain-log', file], { cwd: dir, env: {} })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/larger than 32 MiB/)
    expect(result.stderr).toMatch(/--tail/)
  }, 30_000)

  it('reads long lines, deep brackets and NUL bytes as log text without failing', async () => {
    const file = join(dir, 'odd.log')
    writeFileSync(file, `${'['.repeat(10_000)}\n${'y'.repeat(200_000)}\nnul \u0000 byte\n`)
    const result = await runCli(['explain-log', file], { cwd: dir, env: {} })
    expect([0, 1]).toContain(result.code)
    expect(result.stderr).toBe('')
  })
})

describe('devices and pipes (no size known up front)', () => {
  for (const [name, argv] of [
    ['check', (file: string) => ['check', file]],
    ['generate -c', (file: string) => ['generate', '-c', file, '-o', join(dir, 'out-dev')]],
    ['schematic id', (file: string) => ['schematic', 'id', file]],
    ['render --base', (file: string) => ['render', '--base', file, '--patch', 'machine: {}']],
  ] as const) {
    it(`${name} /dev/zero stops at the size limit instead of reading forever`, async () => {
      const result = await runCli(argv('/dev/zero'), { cwd: dir, env: {} })
      expect(result.code).toBe(2)
      expect(result.stderr).toMatch(/is more than \d+ bytes; the limit is/)
    }, 30_000)
  }

  it('explain-log /dev/zero stops at the log limit', async () => {
    const result = await runCli(['explain-log', '/dev/zero'], { cwd: dir, env: {} })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/larger than 32 MiB/)
  }, 30_000)

  it('endless standard input (the built binary reading /dev/zero) stops at 64 MiB with exit 2', () => {
    // dist/ is built once for the whole run by test/support/global-setup.ts.
    const bin = new URL('../../bin/talscale.js', import.meta.url).pathname
    for (const argv of [
      ['check', '-'],
      ['explain-log', '-'],
      ['schematic', 'id', '-'],
    ]) {
      const zero = openSync('/dev/zero', 'r')
      try {
        const child = spawnSync(process.execPath, [bin, ...argv], {
          stdio: [zero, 'pipe', 'pipe'],
          encoding: 'utf8',
        })
        expect(child.status, child.stderr).toBe(2)
        expect(child.stderr).toMatch(/standard input is larger than 64 MiB/)
      } finally {
        closeSync(zero)
      }
    }
  }, 120_000)

  it('a secret {file:} reference to /dev/zero or a huge file is refused, not read', async () => {
    writeFileSync(join(dir, 'huge-key'), 'k'.repeat(100_000))
    for (const file of ['/dev/zero', './huge-key']) {
      const intent = join(dir, `secret-${file.replace(/\W+/g, '')}.yaml`)
      writeFileSync(intent, COMMANDS[1]!.shape.replace('{ env: TS_AUTHKEY }', `{ file: ${file} }`))
      const result = await runCli(
        [
          'generate',
          '-c',
          intent,
          '-o',
          join(dir, 'out-secret'),
          '--secrets-file',
          join(dir, 'out-secret', 'secrets', 'ts.yaml'),
        ],
        { cwd: dir, env: {} },
      )
      expect(result.code, result.stderr).toBe(2)
      expect(result.stderr).toMatch(/not a regular file|a secret file holds one key/)
    }
  }, 30_000)
})
