import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { sourceFromText } from '../../src/core/source.ts'
import { getExample, INTENT_TEMPLATE } from '../../src/intent/examples.ts'
import { loadIntent } from '../../src/intent/load.ts'
import { runCli } from '../support/cli.ts'

function workdir(): string {
  return mkdtempSync(join(tmpdir(), 'talscale-init-'))
}

describe('talscale init', () => {
  it('writes the commented template by default, which loads', async () => {
    const cwd = workdir()
    const result = await runCli(['init'], { cwd })
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    expect(result.stdout).toBe(
      [
        'wrote talscale.yaml (template)',
        '  next: set TS_AUTHKEY to the Tailscale auth key when you apply (never commit it)',
        '  next: edit the file, then run: talscale generate -c talscale.yaml --out out',
        '',
      ].join('\n'),
    )
    const text = readFileSync(join(cwd, 'talscale.yaml'), 'utf8')
    expect(text).toBe(INTENT_TEMPLATE)
    expect(loadIntent(sourceFromText('talscale.yaml', text)).intent.cluster.name).toBe('my-cluster')
    expect(statSync(join(cwd, 'talscale.yaml')).mode & 0o777).toBe(0o644)
  })

  it('writes an example to a nested path and names the secret file to create', async () => {
    const cwd = workdir()
    const result = await runCli(['init', '--example', 'edge', '-o', 'clusters/edge/talscale.yaml'], { cwd })
    expect(result.code).toBe(0)
    expect(readFileSync(join(cwd, 'clusters/edge/talscale.yaml'), 'utf8')).toBe(getExample('edge'))
    expect(result.stdout).toContain('put the Tailscale OAuth client secret in secrets/tailscale-oauth-secret')
    expect(result.stdout).toContain('talscale generate -c clusters/edge/talscale.yaml --out out')
  })

  it('never overwrites an existing file without --force', async () => {
    const cwd = workdir()
    writeFileSync(join(cwd, 'talscale.yaml'), 'mine\n')
    const refused = await runCli(['init', '--example', 'homelab'], { cwd })
    expect(refused.code).toBe(2)
    expect(refused.stdout).toBe('')
    expect(refused.stderr).toBe(
      'error: "talscale.yaml" already exists; init does not overwrite it.\n  Pass --force to replace it, or -o to write somewhere else.\n',
    )
    expect(readFileSync(join(cwd, 'talscale.yaml'), 'utf8')).toBe('mine\n')
    const forced = await runCli(['init', '--example', 'homelab', '--force'], { cwd })
    expect(forced.code).toBe(0)
    expect(readFileSync(join(cwd, 'talscale.yaml'), 'utf8')).toBe(getExample('homelab'))
  })

  it('refuses a directory as output even with --force', async () => {
    const cwd = workdir()
    mkdirSync(join(cwd, 'out'))
    const result = await runCli(['init', '-o', 'out', '--force'], { cwd })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^error: "out" is a directory\./)
  })

  it('prints to standard output with -o -', async () => {
    const cwd = workdir()
    const result = await runCli(['init', '--example', 'single-node', '-o', '-'], { cwd })
    expect(result).toEqual({ code: 0, stdout: getExample('single-node'), stderr: '' })
  })

  it('rejects an unknown example with the list of names and writes nothing', async () => {
    const cwd = workdir()
    const result = await runCli(['init', '--example', 'lab'], { cwd })
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      'error: there is no built-in example named "lab".\n  Pick one of: edge, homelab, single-node.\n',
    )
    expect(() => statSync(join(cwd, 'talscale.yaml'))).toThrow()
  })

  it('has --help', async () => {
    const result = await runCli(['init', '--help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('--example <name>')
    expect(result.stdout).toContain('edge, homelab')
  })
})
