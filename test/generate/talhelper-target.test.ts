/** generate --target talhelper: a talconfig.yaml that check accepts, and --into merges that keep the user's file. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { runCli } from '../support/cli.ts'

const temp = mkdtempSync(join(tmpdir(), 'talscale-talhelper-'))
afterAll(() => rmSync(temp, { recursive: true, force: true }))

const USER_TALCONFIG = `# My cluster. Keep this comment.
clusterName: homelab
talosVersion: v1.13.0
kubernetesVersion: v1.33.4
endpoint: https://192.168.1.11:6443
x-disk: &disk /dev/nvme0n1
patches:
  - "@./patches/my-own.yaml"
nodes:
  # the first control plane
  - hostname: cp-1
    ipAddress: 192.168.1.11
    installDisk: *disk
    controlPlane: true
    nodeLabels:
      rack: a
`

describe('generate --target talhelper', () => {
  it('writes a talconfig.yaml that talscale check passes, with the policy and Kubernetes files', async () => {
    const dir = mkdtempSync(join(temp, 'new-'))
    const result = await runCli(
      [
        'generate',
        '--example',
        'homelab',
        '--target',
        'talhelper',
        '-o',
        'cluster',
        '--kubernetes-version',
        'v1.34.1',
      ],
      { cwd: dir },
    )
    expect(result.code, result.stderr).toBe(0)
    const text = readFileSync(join(dir, 'cluster/talconfig.yaml'), 'utf8')
    const config = parse(text.split('---\n').slice(1).join('---\n'))
    expect(config.nodes[0]).toMatchObject({
      hostname: 'cp-1',
      ipAddress: '192.168.1.11',
      controlPlane: true,
      extensionServices: [
        { name: 'tailscale', environment: expect.arrayContaining(['TS_AUTHKEY=${TS_AUTHKEY}']) },
      ],
    })
    expect(config.controlPlane.schematic.customization.systemExtensions.officialExtensions).toContain(
      'siderolabs/tailscale',
    )
    expect(readFileSync(join(dir, 'cluster/tailnet/policy.hujson'), 'utf8')).toContain('tagOwners')
    const check = await runCli(['check', 'cluster/talconfig.yaml'], { cwd: dir })
    expect(check.stdout + check.stderr).toBe('No problems found.\n')
    expect(check.code).toBe(0)
  })

  it('names the auth variable the user asks for', async () => {
    const dir = mkdtempSync(join(temp, 'var-'))
    await runCli(
      [
        'generate',
        '--example',
        'homelab',
        '--target',
        'talhelper',
        '-o',
        '.',
        '--kubernetes-version',
        'v1.34.1',
        '--auth-variable',
        'TAILSCALE_KEY',
      ],
      { cwd: dir },
    )
    expect(readFileSync(join(dir, 'talconfig.yaml'), 'utf8')).toContain('TS_AUTHKEY=${TAILSCALE_KEY}')
  })

  it('without a Kubernetes version for a new file, it says what to pass', async () => {
    const dir = mkdtempSync(join(temp, 'nok8s-'))
    const result = await runCli(['generate', '--example', 'homelab', '--target', 'talhelper', '-o', '.'], {
      cwd: dir,
    })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--kubernetes-version')
  })
})

describe('generate --target talhelper --into', () => {
  it('--dry-run shows the merge as a diff and writes nothing', async () => {
    const dir = mkdtempSync(join(temp, 'dry-'))
    writeFileSync(join(dir, 'talconfig.yaml'), USER_TALCONFIG)
    const result = await runCli(
      [
        'generate',
        '--example',
        'homelab',
        '--target',
        'talhelper',
        '-o',
        'talscale',
        '--into',
        'talconfig.yaml',
        '--dry-run',
      ],
      { cwd: dir },
    )
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('--- a/talconfig.yaml')
    expect(result.stdout).toContain('+    extensionServices:')
    expect(readFileSync(join(dir, 'talconfig.yaml'), 'utf8')).toBe(USER_TALCONFIG)
  })

  it("merges into the user's file keeping comments, order, anchors and their own entries; again is a no-op", async () => {
    const dir = mkdtempSync(join(temp, 'merge-'))
    writeFileSync(join(dir, 'talconfig.yaml'), USER_TALCONFIG)
    const argv = [
      'generate',
      '--example',
      'homelab',
      '--target',
      'talhelper',
      '-o',
      'talscale',
      '--into',
      'talconfig.yaml',
    ]
    expect((await runCli(argv, { cwd: dir })).code).toBe(0)
    const merged = readFileSync(join(dir, 'talconfig.yaml'), 'utf8')
    expect(merged.startsWith('# My cluster. Keep this comment.\nclusterName: homelab\n')).toBe(true)
    expect(merged).toContain('x-disk: &disk /dev/nvme0n1')
    expect(merged).toContain('installDisk: *disk')
    expect(merged).toContain('  # the first control plane\n  - hostname: cp-1')
    expect(merged).toContain('"@./patches/my-own.yaml"')
    expect(merged).toContain('kubernetesVersion: v1.33.4')
    const config = parse(merged, { merge: true })
    const cp1 = config.nodes.find((node: { hostname: string }) => node.hostname === 'cp-1')
    expect(cp1.nodeLabels).toEqual({ rack: 'a' })
    expect(cp1.extensionServices[0].name).toBe('tailscale')
    expect(config.nodes.map((node: { hostname: string }) => node.hostname)).toEqual([
      'cp-1',
      'cp-2',
      'cp-3',
      'worker-1',
      'worker-2',
    ])
    expect(config.patches[0]).toBe('@./patches/my-own.yaml')
    expect(config.patches.filter((patch: string) => patch.startsWith('# talscale:'))).toHaveLength(1)
    // Merging again changes nothing: talscale's own entries are replaced, not added twice.
    expect((await runCli(argv, { cwd: dir })).code).toBe(0)
    expect(readFileSync(join(dir, 'talconfig.yaml'), 'utf8')).toBe(merged)
  })

  it('--into with the default target is a usage error', async () => {
    const result = await runCli(['generate', '--example', 'homelab', '-o', 'x', '--into', 'talconfig.yaml'], {
      cwd: temp,
    })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--into and --dry-run apply to --target talhelper')
  })
})
