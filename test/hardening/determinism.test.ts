/**
 * Determinism: the built binary, run twice on the same input from different directories with a
 * different locale and time zone, writes identical bytes and file modes (generate)
 * and prints identical reports (check --format json/sarif/text, render, schematic id).
 */
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ROOT = new URL('../..', import.meta.url).pathname
const BIN = join(ROOT, 'bin', 'talscale.js')
const FIXTURES = join(ROOT, 'test', 'fixtures')
const work = mkdtempSync(join(tmpdir(), 'talscale-determinism-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

// Two environments as different as a laptop and a CI runner can be.
const ENVIRONMENTS = [
  { LC_ALL: 'C', LANG: 'C', TZ: 'UTC' },
  { LC_ALL: 'tr_TR.UTF-8', LANG: 'de_DE.UTF-8', TZ: 'Pacific/Chatham' },
]

/** A cluster repository copied into `name` (paths of different lengths on purpose). */
function repository(name: string): string {
  const dir = join(work, name)
  mkdirSync(dir, { recursive: true })
  cpSync(join(FIXTURES, 'talhelper', 'home'), join(dir, 'talhelper'), { recursive: true })
  cpSync(join(FIXTURES, 'base', 'v1.13'), join(dir, 'base'), { recursive: true })
  cpSync(join(FIXTURES, 'doctor', 'talscale.yaml'), join(dir, 'talscale.yaml'))
  return dir
}

function run(cwd: string, env: Record<string, string>, argv: string[]) {
  const child = spawnSync(process.execPath, [BIN, ...argv], {
    cwd,
    env: { PATH: process.env.PATH, NO_COLOR: '1', ...env },
    encoding: 'utf8',
  })
  expect(child.stderr, argv.join(' ')).not.toMatch(/internal error|^\s+at /m)
  return { code: child.status, stdout: child.stdout, stderr: child.stderr }
}

function tree(dir: string): Map<string, string> {
  const files = new Map<string, string>()
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const full = join(current, entry.name)
      if (entry.isDirectory()) walk(full)
      else
        files.set(
          relative(dir, full),
          `${(statSync(full).mode & 0o777).toString(8)} ${readFileSync(full, 'latin1')}`,
        )
    }
  }
  walk(dir)
  return files
}

let a = ''
let b = ''
// dist/ is built once for the whole run by test/support/global-setup.ts.
beforeAll(() => {
  a = repository('a')
  b = repository(join('a-much-longer-directory-name', 'with', 'levels', 'b'))
}, 120_000)

describe('same input, different directory, locale and time zone', () => {
  it('generate writes the same bytes and modes, and names no machine path', () => {
    const first = run(a, ENVIRONMENTS[0]!, ['generate', '-o', 'out'])
    const second = run(b, ENVIRONMENTS[1]!, ['generate', '-o', 'out'])
    expect(first.code, first.stderr).toBe(0)
    expect(second.code, second.stderr).toBe(0)
    expect(second.stdout).toBe(first.stdout)
    const one = tree(join(a, 'out'))
    const two = tree(join(b, 'out'))
    expect([...two.keys()]).toEqual([...one.keys()])
    expect(two).toEqual(one)
    for (const [path, content] of one) {
      expect(content, path).not.toContain(work)
      expect(content, path).not.toContain(tmpdir())
    }
    // A second run over its own output changes nothing.
    const again = run(a, ENVIRONMENTS[1]!, ['generate', '-o', 'out'])
    expect(again.code).toBe(0)
    expect(tree(join(a, 'out'))).toEqual(one)
    expect(run(b, ENVIRONMENTS[0]!, ['generate', '-o', 'out', '--check']).code).toBe(0)
  }, 60_000)

  for (const format of ['json', 'sarif', 'text', 'compact', 'github']) {
    it(`check --format ${format} prints the same bytes`, () => {
      const argv = ['check', '--format', format, '--fail-on', 'info', 'talhelper', 'base', 'talscale.yaml']
      const first = run(a, ENVIRONMENTS[0]!, argv)
      const second = run(b, ENVIRONMENTS[1]!, argv)
      expect(first.code).toBe(1)
      expect(second.code).toBe(1)
      expect(second.stdout).toBe(first.stdout)
      expect(first.stdout).not.toContain(work)
      if (format === 'sarif') expect(JSON.parse(first.stdout).runs[0].results.length).toBeGreaterThan(0)
    }, 60_000)
  }

  it('render and schematic id print the same bytes', () => {
    for (const argv of [
      ['render', '--base', 'base/worker.yaml', '--patch', '@talhelper/patches/etcd.yaml'],
      ['schematic', 'id', '--canonical', 'out/factory/schematic.yaml'],
    ]) {
      const first = run(a, ENVIRONMENTS[0]!, argv)
      const second = run(b, ENVIRONMENTS[1]!, argv)
      expect(first.code, first.stderr).toBe(0)
      expect(second.stdout).toBe(first.stdout)
    }
  }, 60_000)
})
