// biome-ignore-all lint/suspicious/noTemplateCurlyInString: talhelper ${VAR} placeholders are test data
/**
 * `check` on repository fixtures laid out like public Talos repositories: a talhelper directory with
 * talenv.yaml, SOPS files in real SOPS structure (talenv.sops.yaml, talsecret.sops.yaml, an encrypted
 * patch), patch folders, and Flux manifests beside them. Never an exit 2, never a finding on
 * ciphertext, and the real defects found.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../support/cli.ts'

const HOME_OPS = new URL('../fixtures/repos/home-ops/', import.meta.url).pathname
const OMNI_LAB = new URL('../fixtures/repos/omni-lab/', import.meta.url).pathname

interface Json {
  findings: Array<{ code: string; file: string; line: number; severity: string }>
}

async function checkJson(args: string[], cwd: string) {
  const result = await runCli(['check', '--format', 'json', ...args], { cwd, env: {} })
  return { ...result, json: JSON.parse(result.stdout) as Json }
}

describe('home-ops (talhelper + SOPS + Flux)', () => {
  it('checks the whole tree: finds the real defect, judges no ciphertext, exits 1 not 2', async () => {
    const { code, json, stderr } = await checkJson(['.'], HOME_OPS)
    expect(stderr).toBe('')
    expect(code).toBe(1)
    const codes = json.findings.map(f => `${f.file}:${f.line} ${f.code}`)
    // --port in TS_EXTRA_ARGS of the worker group's extensionServices (T8).
    expect(codes).toContain('talos/talconfig.yaml:100 TAL401')
    // The committed talosconfig dials a MagicDNS name no control plane has in its certSANs (T13).
    expect(codes).toContain('talos/talosconfig.yaml:6 TAL852')
    expect(json.findings.filter(f => f.code === 'TAL852')).toHaveLength(1)
    // Nothing on SOPS values, aliases, merge keys or the multi-document inline patch.
    expect(json.findings.filter(f => ['TAL011', 'TAL010', 'TAL201'].includes(f.code))).toEqual([])
    expect(json.findings.filter(f => f.file.includes('.sops.'))).toEqual([])
    // `schematic: *schematic` (an alias) gives the workers their tailscale schematic: no TAL102.
    expect(json.findings.filter(f => f.code === 'TAL102')).toEqual([])
  })

  it('reads a standalone patch whose settings come through a << merge key', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'talscale-merge-'))
    writeFileSync(
      join(cwd, 'tailscale.yaml'),
      [
        'apiVersion: v1alpha1',
        'kind: ExtensionServiceConfig',
        'name: tailscale',
        '<<: &common',
        '  environment:',
        '    - TS_AUTHKEY=${TS_AUTHKEY}',
        '    - TS_EXTRA_ARGS=--port=41641',
        '',
      ].join('\n'),
    )
    const { json } = await checkJson(['tailscale.yaml'], cwd)
    expect(json.findings.map(f => f.code)).toContain('TAL401')
  })

  it('says "encrypted, not checked" for SOPS files named on the command line, exit code unaffected', async () => {
    const cwd = join(HOME_OPS, 'talos')
    const result = await runCli(['check', 'talenv.sops.yaml', 'talsecret.sops.yaml'], { cwd, env: {} })
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('note: skipped talenv.sops.yaml: SOPS-encrypted, not checked')
    expect(result.stderr).toContain('note: skipped talsecret.sops.yaml: SOPS-encrypted, not checked')
  })

  it('checks the clear parts of an encrypted patch and keeps each ENC[...] list item opaque', async () => {
    const cwd = join(HOME_OPS, 'talos')
    const { code, json } = await checkJson(['patches/controller/tailscale.sops.yaml'], cwd)
    expect(json.findings).toEqual([])
    expect(code).toBe(0)
  })

  it('substitutes ${talosVersion} from talenv.yaml, as talhelper does', async () => {
    const result = await runCli(['check', '--verbose', 'talos/talconfig.yaml'], { cwd: HOME_OPS, env: {} })
    expect(result.stderr).toContain(
      'note: checked talos/talconfig.yaml (node k8s-0) as talhelper-node (whole node), Talos v1.10 (talhelper)',
    )
  })

  it('pre-commit: staged Flux manifests and SOPS secrets are notes, silenced by --no-warn-skipped', async () => {
    const files = [
      'kubernetes/apps/kube-system/cilium/app/helmrelease.yaml',
      'kubernetes/components/common/sops/cluster-secrets.sops.yaml',
      '.sops.yaml',
    ]
    const noted = await runCli(['check', ...files], { cwd: HOME_OPS, env: {} })
    expect(noted.code).toBe(0)
    expect(noted.stderr.match(/^note: skipped /gm)).toHaveLength(3)
    const silent = await runCli(['check', '--no-warn-skipped', ...files], { cwd: HOME_OPS, env: {} })
    expect(silent).toMatchObject({ code: 0, stdout: '', stderr: '' })
  })
})

describe('omni-lab (Omni cluster template with inline and file patches)', () => {
  it('reads Cluster/ControlPlane/Workers/Machine like talhelper nodes and finds the one questionable setting only', async () => {
    const { code, json } = await checkJson(['.'], OMNI_LAB)
    expect(code).toBe(0)
    // Workers get the tailscale patch from the Cluster but their own systemExtensions lack tailscale,
    // while the control planes have it: the hybrid layout or a forgotten extension, a warning.
    expect(json.findings.map(f => `${f.file}:${f.line} ${f.code} ${f.severity}`)).toEqual([
      'cluster-template.yaml:43 TAL109 warning',
    ])
  })

  it('judges the control planes with every patch Omni applies (cluster, machine set, machine)', async () => {
    const result = await runCli(['check', '--verbose', 'cluster-template.yaml'], { cwd: OMNI_LAB, env: {} })
    expect(result.stderr).toContain(
      'note: checked cluster-template.yaml (Omni ControlPlane control-planes) as talhelper-node (whole node), Talos v1.11 (talhelper)',
    )
    expect(result.stderr).toContain('(Omni machine 4c4c4544-0039-3510-8052-b4c04f4d4e32)')
    expect(result.stderr).toContain('(Omni Workers workers)')
  })

  it('a missing patch file is TAL010 at its file: entry, and the rest is still judged', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'talscale-omni-'))
    cpSync(OMNI_LAB, cwd, { recursive: true })
    rmSync(join(cwd, 'patches/node-ip.yaml'))
    const { code, json } = await checkJson(['cluster-template.yaml'], cwd)
    expect(code).toBe(1)
    const codes = json.findings.map(f => `${f.line} ${f.code}`)
    expect(codes).toContain('15 TAL010')
    expect(codes).toContain('43 TAL109')
  })
})
