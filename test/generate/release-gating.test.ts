import { describe, expect, it } from 'vitest'
import { sourceFromText } from '../../src/core/source.ts'
import { generateBundle } from '../../src/generate/index.ts'
import { getExample, loadExample } from '../../src/intent/examples.ts'
import { loadIntent } from '../../src/intent/load.ts'
import { kubeSpanDocuments } from '../../src/talos/forms.ts'
import { parseTalosVersion, releaseAtLeast } from '../../src/talos/version.ts'

const v = (text: string) => parseTalosVersion(text)

describe('release gates compare patch releases, not minors (issue 12 item 1)', () => {
  it('releaseAtLeast', () => {
    expect(releaseAtLeast(v('v1.12.3'), { minor: 12, patch: 4 })).toBe(false)
    expect(releaseAtLeast(v('v1.12.4'), { minor: 12, patch: 4 })).toBe(true)
    expect(releaseAtLeast(v('v1.12.4-beta.0'), { minor: 12, patch: 4 })).toBe(false)
    expect(releaseAtLeast(v('v1.13.0'), { minor: 12, patch: 4 })).toBe(true)
    expect(releaseAtLeast(v('v1.14.0-rc.1'), { minor: 14, patch: 0 })).toBe(true)
    expect(releaseAtLeast(v('v1.13.9'), { minor: 14, patch: 0 })).toBe(false)
  })

  it('excludeAdvertisedNetworks only from v1.12.4', () => {
    const filters = (text: string) => JSON.stringify(kubeSpanDocuments(v(text)))
    expect(filters('v1.12.0')).not.toContain('excludeAdvertisedNetworks')
    expect(filters('v1.12.3')).not.toContain('excludeAdvertisedNetworks')
    expect(filters('v1.12.4')).toContain('excludeAdvertisedNetworks')
    expect(filters('v1.11.6')).not.toContain('excludeAdvertisedNetworks')
    // The form follows the contract, the field the release the nodes run.
    expect(JSON.stringify(kubeSpanDocuments(v('v1.12.0'), v('v1.12.9')))).toContain(
      'excludeAdvertisedNetworks',
    )
  })

  it('a KubeSpan bundle for v1.12.2 has no excludeAdvertisedNetworks and says why', () => {
    const text = getExample('homelab').replace('kubespan: false', 'kubespan: true')
    const intent = loadIntent(sourceFromText('talscale.yaml', text)).intent
    const bundle = generateBundle(intent, { talosVersion: 'v1.12.2' })
    expect(bundle.files.get('talos/all.yaml')!.content).not.toContain('excludeAdvertisedNetworks:')
    expect(bundle.files.get('README.md')!.content).toContain('excludeAdvertisedNetworks needs Talos v1.12.4')
    const later = generateBundle(intent, { talosVersion: 'v1.12.4' })
    expect(later.files.get('talos/all.yaml')!.content).toContain('excludeAdvertisedNetworks:')
  })
})

describe('forward compatibility (issue 12 item 2)', () => {
  it('v1.15.0 warns and uses the v1.14 contract', () => {
    const bundle = generateBundle(loadExample('homelab').intent, { talosVersion: 'v1.15.0' })
    expect(bundle.warnings).toHaveLength(1)
    expect(bundle.warnings[0]).toContain('v1.15.0')
    expect(bundle.talosVersion).toBe('v1.15.0')
    expect(bundle.files.get('talos/nodes/cp-1.yaml')!.content).toContain('kind: UnattendedInstallConfig')
  })
  it('a known version gives no warning; v1.9 is still refused', () => {
    expect(generateBundle(loadExample('homelab').intent, { talosVersion: '1.13' }).warnings).toEqual([])
    expect(() => generateBundle(loadExample('homelab').intent, { talosVersion: 'v1.9.5' })).toThrow(
      /v1\.9\.5/,
    )
  })
})

describe('TS_DEBUG_MTU only for an explicit mtu (issue 12 item 3)', () => {
  const bundleText = (text: string) =>
    [...generateBundle(loadIntent(sourceFromText('talscale.yaml', text)).intent).files.values()]
      .map(file => file.content)
      .join('\n')
  for (const link of ['ethernet', 'pppoe', 'mobile', 'overlay']) {
    it(`link: ${link} writes no TS_DEBUG_MTU`, () => {
      const text = getExample('homelab').replace('link: ethernet', `link: ${link}`)
      expect(bundleText(text)).not.toMatch(/TS_DEBUG_MTU=/)
    })
  }
  it('an explicit mtu is written, with the risk in the README', () => {
    const text = getExample('homelab').replace('link: ethernet', 'mtu: 1400')
    const bundle = generateBundle(loadIntent(sourceFromText('talscale.yaml', text)).intent)
    expect(bundle.files.get('talos/nodes/cp-1.yaml')!.content).toContain('TS_DEBUG_MTU=1400')
    expect(bundle.files.get('README.md')!.content).toMatch(
      /TS_DEBUG_MTU=1400 is written because tailscale\.mtu asks for it/,
    )
  })
})

describe('auth-once whenever OAuth (issue 12 item 5)', () => {
  it('the edge example (OAuth) sets TS_AUTH_ONCE and explains it', () => {
    const bundle = generateBundle(loadExample('edge').intent)
    expect(bundle.files.get('talos/nodes/pi-1.yaml')!.content).toContain('TS_AUTH_ONCE=true')
    expect(bundle.files.get('README.md')!.content).toMatch(
      /TS_AUTH_ONCE=true is set because the nodes log in with an OAuth client secret/,
    )
  })
  it('an auth key keeps the containerboot default', () => {
    const bundle = generateBundle(loadExample('homelab').intent)
    expect(bundle.files.get('talos/nodes/cp-1.yaml')!.content).not.toContain('TS_AUTH_ONCE')
  })
})
