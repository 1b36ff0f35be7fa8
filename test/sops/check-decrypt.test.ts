import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/cli.ts'
import { encryptYaml } from '../support/sops.ts'

const dir = new URL('../fixtures/sops/', import.meta.url).pathname
const keys = join(dir, 'TEST-ONLY-age-keys.txt')
// No HOME: the real default keys file is never read by a test.
const env = { SOPS_AGE_KEY_FILE: keys }
const CLEAR = ['notarealkey', 'maybe', 'advertize-tags=tag:k8s', 'kTESTONLY']
const temp = mkdtempSync(join(tmpdir(), 'talscale-sops-'))
afterAll(() => rmSync(temp, { recursive: true, force: true }))

describe('check --decrypt', () => {
  it.each(['text', 'json', 'sarif', 'github'])(
    'judges flags inside an encrypted ESC without printing them (%s)',
    async format => {
      const result = await runCli(['check', '--decrypt', '--format', format, 'tailscale.sops.yaml'], {
        cwd: dir,
        env,
      })
      expect(result.code).toBe(1)
      const reported =
        format === 'sarif'
          ? (JSON.parse(result.stdout).runs[0].results as Array<{ ruleId: string }>)
              .map(r => r.ruleId)
              .join(' ')
          : result.stdout
      expect(reported).toContain('TAL400')
      expect(reported).toContain('TAL208')
      // The auth key was encrypted: not "literal in the file".
      expect(reported).not.toContain('TAL300')
      for (const value of CLEAR) {
        expect(result.stdout).not.toContain(value)
        expect(result.stderr).not.toContain(value)
      }
    },
  )

  it('points at the encrypted line and names the key', async () => {
    const result = await runCli(['check', '--decrypt', '--format', 'json', 'tailscale.sops.yaml'], {
      cwd: dir,
      env,
    })
    const findings = JSON.parse(result.stdout).findings as Array<{
      code: string
      line: number
      message: string
      fix: unknown
    }>
    const unknown = findings.find(finding => finding.code === 'TAL400')!
    expect(unknown.line).toBe(7)
    expect(unknown.message).toMatch(
      /^in the encrypted value of environment\[1\]: --advertize-tags is not a flag/,
    )
    expect(findings.every(finding => finding.fix === null)).toBe(true)
    const text = readFileSync(join(dir, 'tailscale.sops.yaml'), 'utf8').split('\n')
    expect(text[unknown.line - 1]).toMatch(/^ {2}- ENC\[AES256_GCM/)
  })

  it('JSON SOPS files are decrypted too', async () => {
    const result = await runCli(['check', '--decrypt', 'tailscale.sops.json'], { cwd: dir, env })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('TAL400')
  })

  it('without a matching key it is an input error saying where it looked', async () => {
    const result = await runCli(['check', '--decrypt', 'tailscale.sops.yaml'], {
      cwd: dir,
      env: { HOME: temp },
    })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('none of the age identities found opens it')
    expect(result.stderr).toContain(join(temp, '.config/sops/age/keys.txt'))
  })

  it('finds the key in the default keys file under HOME', async () => {
    mkdirSync(join(temp, 'home/.config/sops/age'), { recursive: true })
    writeFileSync(join(temp, 'home/.config/sops/age/keys.txt'), readFileSync(keys, 'utf8'))
    const result = await runCli(['check', '--decrypt', 'tailscale.sops.yaml'], {
      cwd: dir,
      env: { HOME: join(temp, 'home') },
    })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('TAL400')
  })

  it('--fix and --decrypt together are refused (the fix would be written in clear)', async () => {
    const result = await runCli(['check', '--decrypt', '--fix', 'tailscale.sops.yaml'], { cwd: dir, env })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--fix cannot be combined with --decrypt')
  })

  it('reads standard input as a SOPS file named by --stdin-filename', async () => {
    const stdin = readFileSync(join(dir, 'tailscale.sops.yaml'), 'utf8')
    const result = await runCli(['check', '--decrypt', '--stdin-filename', 'esc.sops.yaml', '-'], {
      cwd: dir,
      env,
      stdin,
    })
    expect(result.stdout).toContain('esc.sops.yaml:7:5')
  })

  it('decrypts a patch a talconfig.yaml names, and judges it as part of the node', async () => {
    const repo = join(temp, 'repo')
    mkdirSync(join(repo, 'patches'), { recursive: true })
    writeFileSync(
      join(repo, 'talconfig.yaml'),
      `clusterName: home
talosVersion: v1.11.0
endpoint: https://192.168.10.10:6443
patches:
  - "@./patches/tailscale.sops.yaml"
nodes:
  - hostname: cp-1
    ipAddress: 192.168.10.11
    controlPlane: true
    schematic:
      customization:
        systemExtensions:
          officialExtensions:
            - siderolabs/tailscale
`,
    )
    writeFileSync(join(repo, 'patches/tailscale.sops.yaml'), readFileSync(join(dir, 'tailscale.sops.yaml')))
    const result = await runCli(['check', '--decrypt', '--format', 'json', 'talconfig.yaml'], {
      cwd: repo,
      env,
    })
    const findings = JSON.parse(result.stdout).findings as Array<{
      code: string
      file: string
      message: string
    }>
    const flag = findings.find(finding => finding.code === 'TAL400')
    expect(flag?.file).toBe('patches/tailscale.sops.yaml')
    for (const value of CLEAR) expect(result.stdout + result.stderr).not.toContain(value)
  })

  it('a PGP-only file gets a note with the sops -d pipe', async () => {
    const text = (await encryptYaml('machine:\n  type: worker\n')).replace(
      / {2}age:\n(?: {4}.*\n| {8}.*\n)+/,
      '  pgp:\n    - fp: ABCDEF\n      enc: x\n',
    )
    writeFileSync(join(temp, 'pgp.sops.yaml'), text)
    const result = await runCli(['check', '--decrypt', 'pgp.sops.yaml'], { cwd: temp, env })
    expect(result.stderr).toContain('note: pgp.sops.yaml is encrypted for PGP, not age')
    expect(result.stderr).toContain('sops -d pgp.sops.yaml | talscale check --stdin-filename pgp.sops.yaml -')
  })
})
