/**
 * Writes: every file is written to a temporary file and renamed; a run that fails part-way leaves no
 * half-written file and no temporary file, and the next run finishes the job without --force; files
 * talscale did not write are never overwritten without --force (generate, init, render -o), and
 * check --fix touches only the files it lints.
 */
import * as fs from 'node:fs'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { runCli } from '../support/cli.ts'

// A switchable fault in renameSync (the commit step of every atomic write), standing in for a crash,
// a full disk or an I/O error in the middle of a run.
const fault = vi.hoisted(() => ({ failAt: 0, calls: 0 }))
vi.mock('node:fs', async original => {
  const real = await original<typeof import('node:fs')>()
  const renameSync: typeof real.renameSync = (from, to) => {
    fault.calls++
    if (fault.failAt > 0 && fault.calls === fault.failAt) {
      throw Object.assign(new Error(`EIO: i/o error, rename '${String(from)}'`), { code: 'EIO' })
    }
    return real.renameSync(from, to)
  }
  return { ...real, default: { ...real, renameSync }, renameSync }
})

const root = mkdtempSync(join(tmpdir(), 'talscale-writes-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
beforeEach(() => {
  fault.failAt = 0
  fault.calls = 0
})

const INTENT = (extraNode: string) => `version: 1
cluster:
  name: lab
  talosVersion: v1.13.9
  endpoint: https://10.0.0.11:6443
  lanSubnets: [10.0.0.0/24]
tailscale:
  auth:
    authKey: { env: TS_AUTHKEY }
  tags: [tag:talos]
nodes:
  - { hostname: cp-1, role: controlplane, address: 10.0.0.11 }
  - { hostname: worker-1, role: worker, address: 10.0.0.21 }
${extraNode}`
const V1 = INTENT('')
const V2 = INTENT(
  '  - { hostname: worker-2, role: worker, address: 10.0.0.22, subnetRouter: { routes: [lan] } }\n',
)

/** Every file under dir, relative path -> bytes. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>()
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name)
      if (entry.isDirectory()) walk(full)
      else files.set(relative(dir, full), readFileSync(full, 'latin1'))
    }
  }
  walk(dir)
  return files
}

async function generate(cwd: string, intent: string, extra: string[] = []) {
  writeFileSync(join(cwd, 'talscale.yaml'), intent)
  return runCli(['generate', '-o', 'out', ...extra], { cwd, env: {} })
}

function fresh(name: string): string {
  const dir = join(root, name)
  mkdirSync(dir, { recursive: true })
  return dir
}

/** The bundle a clean run writes for `intent`, for comparison. */
async function reference(intent: string): Promise<Map<string, string>> {
  const dir = fresh(`reference-${Math.random().toString(36).slice(2)}`)
  const result = await generate(dir, intent)
  expect(result.code, result.stderr).toBe(0)
  return snapshot(join(dir, 'out'))
}

describe('generate: an interrupted run', () => {
  for (const failAt of [1, 3, 8]) {
    it(`failing at rename #${failAt} leaves every file whole (old or new), no temp files, and the next run completes`, async () => {
      const v1 = await reference(V1)
      const v2 = await reference(V2)
      const cwd = fresh(`interrupted-${failAt}`)
      expect((await generate(cwd, V1)).code).toBe(0)

      fault.calls = 0
      fault.failAt = failAt
      const failed = await generate(cwd, V2)
      fault.failAt = 0
      expect(failed.code).toBe(2)
      expect(failed.stderr).toMatch(/i\/o error|EIO/i)
      expect(failed.stderr).not.toMatch(/internal error|^\s+at /m)
      expect(failed.stderr).toMatch(/next run finishes/)

      const after = snapshot(join(cwd, 'out'))
      for (const [path, content] of after) {
        expect(path, 'no temporary file is left behind').not.toMatch(/\.talscale-tmp-/)
        if (path.startsWith('.talscale-')) continue
        // Never a torn file: each is byte for byte the old bundle's or the new bundle's.
        expect([v1.get(path), v2.get(path)], path).toContain(content)
      }
      // Every file of the previous bundle is still there and readable.
      for (const path of v1.keys()) expect(after.has(path), path).toBe(true)

      // talscale recognizes its own half-finished work: no --force needed to complete it.
      const again = await generate(cwd, V2)
      expect(again.code, again.stderr).toBe(0)
      expect(snapshot(join(cwd, 'out'))).toEqual(v2)
    })
  }

  it('a directory where a file should go: exit 2 before anything is written', async () => {
    const cwd = fresh('dir-in-the-way')
    expect((await generate(cwd, V1)).code).toBe(0)
    const before = snapshot(join(cwd, 'out'))
    mkdirSync(join(cwd, 'out', 'talos', 'nodes', 'worker-2.yaml'), { recursive: true })
    writeFileSync(join(cwd, 'out', 'talos', 'nodes', 'worker-2.yaml', 'keep'), 'mine')
    const result = await generate(cwd, V2)
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/worker-2\.yaml/)
    expect(result.stderr).not.toMatch(/internal error|^\s+at /m)
    const after = snapshot(join(cwd, 'out'))
    after.delete('talos/nodes/worker-2.yaml/keep')
    expect(after).toEqual(before)
  })
})

describe('files talscale did not write', () => {
  it('generate: an edited generated file and a stray file are kept without --force', async () => {
    const cwd = fresh('edited')
    expect((await generate(cwd, V1)).code).toBe(0)
    const edited = join(cwd, 'out', 'talos', 'worker.yaml')
    writeFileSync(edited, `${readFileSync(edited, 'utf8')}# my local change\n`)
    writeFileSync(join(cwd, 'out', 'NOTES.md'), 'mine\n')
    const before = snapshot(join(cwd, 'out'))

    const refused = await generate(cwd, V2)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/talos\/worker\.yaml/)
    expect(refused.stderr).toMatch(/--force/)
    expect(snapshot(join(cwd, 'out'))).toEqual(before)

    const forced = await generate(cwd, V2, ['--force'])
    expect(forced.code, forced.stderr).toBe(0)
    expect(readFileSync(edited, 'utf8')).not.toContain('# my local change')
    // A file that is not part of the bundle is never touched, even with --force.
    expect(readFileSync(join(cwd, 'out', 'NOTES.md'), 'utf8')).toBe('mine\n')
  })

  it("generate into a directory of someone else's files refuses to overwrite them", async () => {
    const cwd = fresh('foreign')
    mkdirSync(join(cwd, 'out', 'talos'), { recursive: true })
    writeFileSync(join(cwd, 'out', 'talos', 'worker.yaml'), 'machine: {}\n')
    writeFileSync(join(cwd, 'out', 'README.md'), '# my cluster\n')
    const result = await generate(cwd, V1)
    expect(result.code).toBe(2)
    expect(readFileSync(join(cwd, 'out', 'README.md'), 'utf8')).toBe('# my cluster\n')
    expect(readFileSync(join(cwd, 'out', 'talos', 'worker.yaml'), 'utf8')).toBe('machine: {}\n')
  })

  it('init keeps an existing intent file without --force', async () => {
    const cwd = fresh('init')
    writeFileSync(join(cwd, 'talscale.yaml'), '# mine\n')
    const refused = await runCli(['init'], { cwd, env: {} })
    expect(refused.code).toBe(2)
    expect(readFileSync(join(cwd, 'talscale.yaml'), 'utf8')).toBe('# mine\n')
    const forced = await runCli(['init', '--force'], { cwd, env: {} })
    expect(forced.code).toBe(0)
    expect(readFileSync(join(cwd, 'talscale.yaml'), 'utf8')).toContain('version: 1')
  })

  it('render -o keeps an existing file without --force, and writes it atomically with mode 0600', async () => {
    const cwd = fresh('render')
    const base = readFileSync(new URL('../fixtures/base/v1.13/worker.yaml', import.meta.url), 'utf8')
    writeFileSync(join(cwd, 'base.yaml'), base)
    writeFileSync(join(cwd, 'out.yaml'), 'mine\n')
    const argv = [
      'render',
      '--base',
      'base.yaml',
      '--patch',
      'machine: {network: {hostname: w1}}',
      '-o',
      'out.yaml',
    ]
    const refused = await runCli(argv, { cwd, env: {} })
    expect(refused.code).toBe(2)
    expect(readFileSync(join(cwd, 'out.yaml'), 'utf8')).toBe('mine\n')
    const forced = await runCli([...argv, '--force'], { cwd, env: {} })
    expect(forced.code, forced.stderr).toBe(0)
    expect(readFileSync(join(cwd, 'out.yaml'), 'utf8')).toContain('hostname: w1')
    expect(statSync(join(cwd, 'out.yaml')).mode & 0o777).toBe(0o600)
    expect(readdirSync(cwd).filter(name => name.includes('.talscale-tmp-'))).toEqual([])
  })

  it('check --fix edits only the files it lints', async () => {
    const cwd = fresh('fix')
    const defective = `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
  - TS_HOSTNAME="worker-1"
`
    mkdirSync(join(cwd, 'cluster', 'vendor'), { recursive: true })
    writeFileSync(join(cwd, 'cluster', 'tailscale.yaml'), defective)
    writeFileSync(join(cwd, 'cluster', 'vendor', 'tailscale.yaml'), defective)
    writeFileSync(join(cwd, 'cluster', '.gitignore'), 'vendor/\n')
    writeFileSync(join(cwd, 'cluster', 'notes.txt'), `TS_HOSTNAME="worker-1"\n`)
    writeFileSync(join(cwd, 'other.yaml'), defective)
    const before = snapshot(cwd)
    const result = await runCli(['check', '--fix', 'cluster'], { cwd, env: {} })
    expect([0, 1]).toContain(result.code)
    const after = snapshot(cwd)
    const changed = [...after.keys()].filter(path => after.get(path) !== before.get(path))
    expect(changed).toEqual(['cluster/tailscale.yaml'])
    expect(after.get('cluster/tailscale.yaml')).toContain('TS_HOSTNAME=worker-1')
  })
})

describe('writeFileAtomic', () => {
  it('writes beside the target and renames; a failed rename leaves the old file and no temp file', async () => {
    const { writeFileAtomic } = await import('../../src/core/fs.ts')
    const dir = fresh('atomic')
    const target = join(dir, 'file.txt')
    writeFileAtomic(target, 'old\n')
    fault.calls = 0
    fault.failAt = 1
    expect(() => writeFileAtomic(target, 'new\n', { mode: 0o600 })).toThrow(/EIO/)
    expect(readFileSync(target, 'utf8')).toBe('old\n')
    expect(readdirSync(dir)).toEqual(['file.txt'])
    expect(fs.existsSync(target)).toBe(true)
  })
})
