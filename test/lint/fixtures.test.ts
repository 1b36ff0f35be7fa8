/**
 * A realistic cluster repository (test/fixtures/check/cluster-repo): talhelper config with a patch
 * file, a full machine config, a schematic, a project config, generated output that .gitignore
 * hides, and unrelated YAML. Each defect below was planted on purpose.
 */
import { cpSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../support/cli.ts'

const REPO = new URL('../fixtures/check/cluster-repo/', import.meta.url).pathname

interface JsonFinding {
  code: string
  severity: string
  file: string
  line: number
  fix: string | null
}

async function checkJson(cwd: string, args: string[] = []) {
  const result = await runCli(['check', '--format', 'json', ...args], { cwd })
  return { ...result, report: JSON.parse(result.stdout) as { findings: JsonFinding[] } }
}

const key = (finding: JsonFinding) => `${finding.file}:${finding.line} ${finding.code} ${finding.severity}`

describe('cluster repository fixture', () => {
  it('finds the planted defects across talconfig, its patch and a machine config', async () => {
    const { code, report, stderr } = await checkJson(REPO)
    expect(stderr).toBe('')
    expect(code).toBe(1)
    const found = report.findings.map(key)
    expect(found).toEqual(
      expect.arrayContaining([
        'edge/talscale.yaml:11 TAL093 warning', // an intent file that turns on tailnet DNS
        'machines/cp-2.yaml:11 TAL200 error', // obsolete /var/etc/tailscale/auth.env
        'machines/cp-2.yaml:28 TAL207 error', // TS_KUBE_SECRET on the host
        'machines/cp-2.yaml:29 TAL204 warning', // TS_USERSPACE preset override
        'talos/patches/tailscale.yaml:8 TAL202 error', // quotes kept literally
        'talos/patches/tailscale.yaml:9 TAL203 warning', // second TS_AUTHKEY is ignored
        'talos/talconfig.yaml:20 TAL208 error', // invalid boolean, raised to error by .talscale.yaml
      ]),
    )
  })

  it('judges across files: schematics, extensions and service configs of one cluster', async () => {
    const { report } = await checkJson(REPO)
    const found = report.findings.map(key)
    // worker-2 installs schematic 2d05... whose extensions only image/schematic.yaml tells: it has
    // tailscale, and worker-2 has no ExtensionServiceConfig for it.
    expect(found).toContain('machines/worker-2.yaml:9 TAL240 error')
    // cp-1 (talconfig) uses the tailscale-only schematic, cp-2 and worker-2 the gvisor one: every
    // node has tailscale, so the difference does not matter to Tailscale and TAL107 stays quiet.
    expect(found.filter(line => line.includes('TAL107'))).toEqual([])
    // Without the schematic file, nothing can be said about worker-2's extensions.
    const alone = await checkJson(REPO, ['machines/worker-2.yaml'])
    expect(alone.report.findings.filter(finding => finding.code === 'TAL240')).toEqual([])
    const withSchematic = await checkJson(REPO, ['machines/worker-2.yaml', 'image/schematic.yaml'])
    expect(withSchematic.report.findings.map(key)).toContain('machines/worker-2.yaml:9 TAL240 error')
  })

  it('judges each file as its kind, with the Talos version it names', async () => {
    const { stderr } = await runCli(['check', '--verbose', '--quiet'], { cwd: REPO })
    const notes = stderr.split('\n').filter(line => line.startsWith('note: checked'))
    expect(notes).toEqual([
      'note: checked edge/talscale.yaml as intent, Talos v1.13 (intent)',
      'note: checked image/schematic.yaml as schematic, Talos v1.14 (default)',
      'note: checked machines/cp-2.yaml as machine-config (whole node), Talos v1.12 (image)',
      'note: checked machines/worker-2.yaml as machine-config (whole node), Talos v1.12 (image)',
      'note: checked talos/patches/tailscale.yaml as patch, Talos v1.14 (default)',
      'note: checked talos/talconfig.yaml (node cp-1) as talhelper-node (whole node), Talos v1.12 (talhelper)',
      'note: checked talos/talconfig.yaml (node worker-1) as talhelper-node (whole node), Talos v1.12 (talhelper)',
    ])
  })

  it('leaves out ignored paths, silenced lines, substitutions and the config file itself', async () => {
    const { report } = await checkJson(REPO, ['--fail-on', 'info'])
    const files = new Set(report.findings.map(finding => finding.file))
    expect([...files].filter(file => file.startsWith('clusterconfig/') || file.startsWith('apps/'))).toEqual(
      [],
    )
    expect(files.has('.talscale.yaml')).toBe(false)
    // The pragma on line 25 silences TAL205 for TS_WRAPPER_MODE and is itself used (no TAL001).
    expect(
      report.findings.filter(finding => finding.file === 'machines/cp-2.yaml' && finding.line === 26),
    ).toEqual([])
    expect(report.findings.filter(finding => finding.code === 'TAL001')).toEqual([])
    // ${TS_AUTHKEY} substitutions are opaque: never reported as an empty or malformed key.
    expect(report.findings.filter(finding => ['TAL301', 'TAL302'].includes(finding.code))).toEqual([])
  })

  it('fixes what is safe in place and leaves the rest', async () => {
    const work = mkdtempSync(join(tmpdir(), 'talscale-repo-'))
    cpSync(REPO, work, { recursive: true })
    const before = await checkJson(work)
    const dry = await runCli(['check', '--fix', '--dry-run'], { cwd: work })
    expect(dry.stdout).toContain('--- a/talos/patches/tailscale.yaml')
    expect(dry.stdout).toContain('-  - TS_HOSTNAME="worker-1"')
    expect(readFileSync(join(work, 'talos/patches/tailscale.yaml'), 'utf8')).toBe(
      readFileSync(join(REPO, 'talos/patches/tailscale.yaml'), 'utf8'),
    )
    const fixed = await runCli(['check', '--fix', '--format', 'json'], { cwd: work })
    const after = JSON.parse(fixed.stdout) as { findings: JsonFinding[] }
    const rules = JSON.parse((await runCli(['rules', '--format', 'json'])).stdout) as Array<{
      code: string
      fix: string
    }>
    const safeCodes = new Set(rules.filter(rule => rule.fix === 'safe').map(rule => rule.code))
    const safe = before.report.findings
      .filter(finding => finding.fix !== null && safeCodes.has(finding.code))
      .map(key)
    expect(safe.length).toBeGreaterThan(0)
    // No finding with a safe fix is left after --fix (unsafe fixes are shown, never applied).
    for (const finding of after.findings) expect(safe, key(finding)).not.toContain(key(finding))
    const patch = readFileSync(join(work, 'talos/patches/tailscale.yaml'), 'utf8')
    expect(patch).toContain('# Tailscale for the workers, from an old blog post')
    expect(patch).toContain('TS_HOSTNAME=worker-1')
    // A patch file reached only through talconfig.yaml is fixed too.
    const work2 = mkdtempSync(join(tmpdir(), 'talscale-repo-'))
    cpSync(REPO, work2, { recursive: true })
    const viaTalconfig = await runCli(['check', '--fix', '--dry-run', 'talos/talconfig.yaml'], { cwd: work2 })
    expect(viaTalconfig.stdout).toContain('--- a/talos/patches/tailscale.yaml')
    // A second run has nothing left to fix.
    const again = await runCli(['check', '--fix', '--dry-run'], { cwd: work })
    expect(again.stdout).toBe('')
  })
})
