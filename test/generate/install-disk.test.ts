/** The install disk is an intent setting (issue 12 item 6). */
import { describe, expect, it } from 'vitest'
import { parse, parseAllDocuments } from 'yaml'
import { sourceFromText } from '../../src/core/source.ts'
import { generateBundle } from '../../src/generate/index.ts'
import { getExample, loadExample } from '../../src/intent/examples.ts'
import { loadIntent } from '../../src/intent/load.ts'
import { installDiskExpression } from '../../src/talos/forms.ts'

const intentWith = (cluster: string, node = '') =>
  loadIntent(
    sourceFromText(
      'talscale.yaml',
      getExample('single-node')
        .replace('  lanSubnets: [192.168.0.0/24]\n', `  lanSubnets: [192.168.0.0/24]\n${cluster}`)
        .replace('    address: 192.168.0.50\n', `    address: 192.168.0.50\n${node}`),
    ),
  ).intent

describe('installDisk', () => {
  it('v1.14: provisioning.diskSelector.match in the one UnattendedInstallConfig', () => {
    const bundle = generateBundle(intentWith('  installDisk: /dev/nvme0n1\n'))
    const docs = parseAllDocuments(bundle.files.get('talos/nodes/solo.yaml')!.content).map(d => d.toJS())
    const install = docs.filter(doc => doc.kind === 'UnattendedInstallConfig')
    expect(install).toHaveLength(1)
    expect(install[0].provisioning).toEqual({ diskSelector: { match: 'disk.dev_path == "/dev/nvme0n1"' } })
    expect(install[0].installer.image).toMatch(/^factory\.talos\.dev\//)
  })
  it('up to v1.13: machine.install.disk, or diskSelector.type; a node overrides the cluster', () => {
    const bundle = generateBundle(
      intentWith('  installDisk: /dev/nvme0n1\n', '    installDisk: { type: sd }\n'),
      {
        talosVersion: 'v1.13.9',
      },
    )
    const main = parse(bundle.files.get('talos/nodes/solo.yaml')!.content.split('\n---\n')[0]!)
    expect(main.machine.install.diskSelector).toEqual({ type: 'sd' })
    expect(main.machine.install.disk).toBeUndefined()
    const plain = generateBundle(intentWith('  installDisk: /dev/mmcblk0\n'), { talosVersion: 'v1.12.11' })
    expect(
      parse(plain.files.get('talos/nodes/solo.yaml')!.content.split('\n---\n')[0]!).machine.install.disk,
    ).toBe('/dev/mmcblk0')
  })
  it('the selector types map to the expressions Talos derives from them', () => {
    expect(installDiskExpression({ type: 'nvme' })).toBe('disk.transport == "nvme"')
    expect(installDiskExpression({ type: 'sd' })).toBe('disk.transport == "mmc"')
    expect(installDiskExpression({ type: 'ssd' })).toBe('disk.transport != "" && !disk.rotational')
    expect(installDiskExpression('/dev/disk/by-id/nvme-X')).toBe('"/dev/disk/by-id/nvme-X" in disk.symlinks')
  })
  it('a bad value is refused with the expected forms', () => {
    expect(() => intentWith('  installDisk: nvme0n1\n')).toThrow(
      /is not an install disk; expected a device path like \/dev\/nvme0n1/,
    )
  })
})

describe('boot media for a board overlay', () => {
  it('lists only the disk image: the factory builds no ISO or PXE boot for an SBC overlay', () => {
    const bundle = generateBundle(loadExample('edge').intent)
    const images = JSON.parse(bundle.files.get('factory/images.json')!.content)
    expect(images.images.map((row: { bootMedia: object }) => Object.keys(row.bootMedia))).toEqual([
      ['disk-image'],
    ])
    const homelab = JSON.parse(
      generateBundle(loadExample('homelab').intent).files.get('factory/images.json')!.content,
    )
    expect(Object.keys(homelab.images[0].bootMedia)).toContain('iso')
  })
})
