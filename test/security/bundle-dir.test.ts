/**
 * Issue 10 items 3 and 7: generate never writes or deletes outside its output directory, and two
 * runs into one directory do not mix. Before: with out/talos -> /elsewhere the bundle was written
 * there; a crafted manifest plus out/t -> /elsewhere deleted an outside file; two runs both exited 0.
 */
import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../support/cli.ts'

function sandbox() {
  const cwd = mkdtempSync(join(tmpdir(), 'talscale-outdir-'))
  const elsewhere = join(cwd, 'elsewhere')
  mkdirSync(elsewhere)
  writeFileSync(join(elsewhere, 'important.conf'), 'keep me\n')
  return { cwd, elsewhere }
}

const generate = (cwd: string, ...extra: string[]) =>
  runCli(['generate', '--example', 'homelab', '--out', 'out', ...extra], { cwd, env: {} })

describe('symbolic links below the output directory', () => {
  it('refuses out/talos -> elsewhere (and with --force), writing nothing there', async () => {
    const { cwd, elsewhere } = sandbox()
    mkdirSync(join(cwd, 'out'))
    symlinkSync(elsewhere, join(cwd, 'out', 'talos'))
    for (const extra of [[], ['--force']]) {
      const result = await generate(cwd, ...extra)
      expect(result.code).toBe(2)
      expect(result.stderr).toContain('symbolic link')
    }
    expect(readdirSync(elsewhere)).toEqual(['important.conf'])
  })

  it('refuses a symlinked file and a symlinked manifest', async () => {
    const { cwd, elsewhere } = sandbox()
    mkdirSync(join(cwd, 'out'))
    symlinkSync(join(elsewhere, 'important.conf'), join(cwd, 'out', 'README.md'))
    expect((await generate(cwd, '--force')).code).toBe(2)
    expect(readFileSync(join(elsewhere, 'important.conf'), 'utf8')).toBe('keep me\n')
  })

  it('never deletes through a crafted manifest and out/t -> elsewhere', async () => {
    const { cwd, elsewhere } = sandbox()
    mkdirSync(join(cwd, 'out'))
    const hash = 'a4f5e9d5d2d3c8c4a1ff1d3ff0fc6c7ec0a43d09cd8ed9c8e0ab0d1bdc6e5d3a'
    writeFileSync(
      join(cwd, 'out', '.talscale-manifest.json'),
      JSON.stringify({
        generator: 'talscale',
        files: { 't/important.conf': { sha256: hash, mode: '0644' } },
      }),
    )
    symlinkSync(elsewhere, join(cwd, 'out', 't'))
    for (const extra of [[], ['--force']]) expect((await generate(cwd, ...extra)).code).toBe(2)
    expect(existsSync(join(elsewhere, 'important.conf'))).toBe(true)
  })

  it('ignores manifest entries that leave the directory or hold control characters', async () => {
    const { cwd, elsewhere } = sandbox()
    mkdirSync(join(cwd, 'out'))
    const hash = createHash('sha256').update('keep me\n').digest('hex')
    writeFileSync(
      join(cwd, 'out', '.talscale-manifest.json'),
      JSON.stringify({
        generator: 'talscale',
        files: {
          '../elsewhere/important.conf': { sha256: hash, mode: '0644' },
          [`${elsewhere}/important.conf`]: { sha256: hash, mode: '0644' },
          'a/../../elsewhere/important.conf': { sha256: hash, mode: '0644' },
          'x\n::error::y': { sha256: hash, mode: '0644' },
        },
      }),
    )
    const result = await generate(cwd, '--force')
    expect(result.code).toBe(0)
    expect(readFileSync(join(elsewhere, 'important.conf'), 'utf8')).toBe('keep me\n')
  })
})

describe('one run at a time per bundle directory', () => {
  it('a second run exits 2 with a clear reason while the lock is held', async () => {
    const { cwd } = sandbox()
    mkdirSync(join(cwd, 'out'))
    // This test process is alive: its pid in the lock stands for a run in progress.
    writeFileSync(join(cwd, 'out', '.talscale.lock'), `${process.pid}\n`)
    const result = await generate(cwd)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('another talscale run is writing the bundle')
    expect(existsSync(join(cwd, 'out', 'apply.sh'))).toBe(false)
  })

  it('takes over a lock left by a process that is gone, and releases its own', async () => {
    const { cwd } = sandbox()
    mkdirSync(join(cwd, 'out'))
    writeFileSync(join(cwd, 'out', '.talscale.lock'), '2147483646\n')
    const result = await generate(cwd)
    expect(result.code).toBe(0)
    expect(existsSync(join(cwd, 'out', '.talscale.lock'))).toBe(false)
    expect((await generate(cwd, '--check')).code).toBe(0)
  })
})
