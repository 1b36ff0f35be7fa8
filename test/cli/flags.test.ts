/** One meaning per flag, deprecated spellings, --color/--no-color, --quiet, doctor's default intent. */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/cli.ts'

const FAKE_TALOSCTL = new URL('../fixtures/doctor/fake-talosctl.mjs', import.meta.url).pathname
const temp = mkdtempSync(join(tmpdir(), 'talscale-flags-'))
afterAll(() => rmSync(temp, { recursive: true, force: true }))
const BAD = `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_EXTRA_ARGS=--advertize-tags=tag:k8s
`

describe('deprecated spellings still work for one release, with a warning', () => {
  it('check --config is --project-config', async () => {
    const dir = mkdtempSync(join(temp, 'check-'))
    writeFileSync(join(dir, 'esc.yaml'), BAD)
    writeFileSync(join(dir, 'settings.yaml'), 'rules:\n  TAL400: off\n')
    const old = await runCli(['check', '--config', 'settings.yaml', 'esc.yaml'], { cwd: dir })
    expect(old.stderr).toContain('"check --config" is deprecated: use --project-config')
    const now = await runCli(['check', '--project-config', 'settings.yaml', 'esc.yaml'], { cwd: dir })
    expect(now.stderr).not.toContain('deprecated')
    expect(old.stdout).toBe(now.stdout)
    expect(now.stdout).not.toContain('TAL400')
  })

  it('init -f is --force', async () => {
    const dir = mkdtempSync(join(temp, 'init-'))
    writeFileSync(join(dir, 'talscale.yaml'), 'old\n')
    const result = await runCli(['init', '-f'], { cwd: dir })
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('"init -f" is deprecated: use --force')
    expect(readFileSync(join(dir, 'talscale.yaml'), 'utf8')).not.toBe('old\n')
    expect((await runCli(['init', '--force', '--quiet'], { cwd: dir })).stderr).toBe('')
  })

  it('help shows the new spellings only', async () => {
    const help = (await runCli(['check', '--help'])).stdout
    expect(help).toContain('--project-config <file>')
    expect(help).not.toMatch(/^\s+--config <file>/m)
    expect((await runCli(['generate', '--help'])).stdout).not.toMatch(/-f, --force/)
  })
})

describe('--color and --no-color', () => {
  it('--color colours output that is not a terminal; --no-color wins over FORCE_COLOR', async () => {
    const dir = mkdtempSync(join(temp, 'color-'))
    writeFileSync(join(dir, 'esc.yaml'), BAD)
    const colored = await runCli(['check', '--color', 'esc.yaml'], { cwd: dir })
    expect(colored.stdout).toContain('\u001b[')
    const plain = await runCli(['check', 'esc.yaml', '--no-color'], { cwd: dir, env: { FORCE_COLOR: '1' } })
    expect(plain.stdout).not.toContain('\u001b[')
    expect(plain.stdout).toContain('TAL400')
  })
})

describe('--quiet', () => {
  it('init --quiet writes the file and says nothing', async () => {
    const dir = mkdtempSync(join(temp, 'quiet-init-'))
    const result = await runCli(['init', '--quiet'], { cwd: dir })
    expect(result).toMatchObject({ code: 0, stdout: '', stderr: '' })
    expect(existsSync(join(dir, 'talscale.yaml'))).toBe(true)
  })

  it('generate --quiet writes the bundle and prints no summary', async () => {
    const dir = mkdtempSync(join(temp, 'quiet-generate-'))
    const result = await runCli(['generate', '--example', 'homelab', '-o', 'out', '--quiet'], { cwd: dir })
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toBe('')
    expect(existsSync(join(dir, 'out', 'apply.sh'))).toBe(true)
    const again = await runCli(['generate', '--example', 'homelab', '-o', 'out', '--check', '-q'], {
      cwd: dir,
    })
    expect(again).toMatchObject({ code: 0, stdout: '' })
  })
})

describe('doctor reads ./talscale.yaml by default, as generate does', () => {
  it('diagnoses the nodes of the intent in the current directory', async () => {
    const dir = mkdtempSync(join(temp, 'doctor-'))
    copyFileSync(new URL('../fixtures/doctor/talscale.yaml', import.meta.url), join(dir, 'talscale.yaml'))
    const result = await runCli(['doctor', '--talosctl', FAKE_TALOSCTL, '--no-tailnet', '--format', 'json'], {
      cwd: dir,
      env: { ...process.env },
    })
    expect(result.stderr).not.toContain('no nodes to diagnose')
    const files = new Set((JSON.parse(result.stdout).findings as Array<{ file: string }>).map(f => f.file))
    expect(files).toContain('10.0.0.1')
    expect(files).toContain('10.0.0.4')
  })

  it('without one, and without --nodes, it still asks for them', async () => {
    const dir = mkdtempSync(join(temp, 'doctor-empty-'))
    const result = await runCli(['doctor', '--no-tailnet'], { cwd: dir })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('no nodes to diagnose')
  })
})
