import { describe, expect, it } from 'vitest'
import {
  fieldAvailable,
  fieldSince,
  kindAvailable,
  kindSince,
  lookupField,
  parseInventory,
  releaseIndex,
  talosFieldInventory,
} from '../../src/talos/fields.ts'
import { parseTalosVersion } from '../../src/talos/version.ts'

const v = (text: string) => parseTalosVersion(text)
const EXCLUDE = 'machine.network.kubespan.filters.excludeAdvertisedNetworks'

describe('Talos field inventory', () => {
  it('maps releases to the newest schema folder at or below them, patch level included', () => {
    const { releases } = talosFieldInventory()
    const folder = (text: string) => releases[releaseIndex(v(text))!]
    expect(folder('v1.12.3')).toBe('v1.12.0')
    expect(folder('v1.12.5')).toBe('v1.12.4')
    expect(folder('v1.12.11')).toBe('v1.12.10')
    expect(folder('v1.13.2')).toBe('v1.13.1')
    expect(folder('v1.14.0')).toBe('v1.14.0-rc.1')
    expect(folder('v1.14.0-beta.1')).toBe('v1.14.0-rc.1')
    expect(folder('v1.10.9')).toBe('v1.10.0')
  })

  it('gates kubespan excludeAdvertisedNetworks on v1.12.4', () => {
    expect(fieldAvailable('v1alpha1', EXCLUDE, v('v1.12.3'))).toBe(false)
    expect(fieldAvailable('v1alpha1', EXCLUDE, v('v1.12.4'))).toBe(true)
    expect(fieldAvailable('v1alpha1', EXCLUDE, v('v1.12.7'))).toBe(true)
    expect(fieldSince('v1alpha1', EXCLUDE, v('v1.12.0'))).toBe('v1.12.4')
    expect(fieldSince('v1alpha1', EXCLUDE)).toBe('v1.12.4')
    expect(fieldAvailable('KubeSpanConfig', 'filters.excludeAdvertisedNetworks', v('v1.13.0'))).toBe(true)
  })

  it('keeps fields that later schemas hide but Talos still decodes', () => {
    // machine.network leaves the published schema at v1.13 and most of machine.* at v1.14 (docgen:nodoc).
    expect(fieldAvailable('v1alpha1', EXCLUDE, v('v1.13.0'))).toBe(true)
    expect(fieldAvailable('v1alpha1', 'machine.kubelet.nodeIP.validSubnets', v('v1.14.0'))).toBe(true)
    expect(fieldAvailable('v1alpha1', 'machine.install.image', v('v1.14.0'))).toBe(true)
    expect(fieldAvailable('v1alpha1', 'machine.registries.mirrors', v('v1.14.0'))).toBe(true)
  })

  it('accepts the explicit allow-list of unpublished deprecated fields', () => {
    for (const path of ['persist', 'machine.install.extensions.image', 'cluster.etcd.subnet']) {
      expect(fieldAvailable('v1alpha1', path, v('v1.10.0')), path).toBe(true)
      expect(fieldAvailable('v1alpha1', path, v('v1.14.0')), path).toBe(true)
    }
    expect(fieldAvailable('v1alpha1', 'machine.network.interfaces.cidr', v('v1.11.0'))).toBe(true)
  })

  it('answers unknown fields with their siblings for "did you mean"', () => {
    const found = lookupField('v1alpha1', ['machine', 'extensions'], v('v1.12.0'))
    expect(found.status).toBe('unknown')
    if (found.status !== 'unknown') return
    expect(found.depth).toBe(1)
    expect(found.since).toBeUndefined()
    expect(found.siblings).toContain('install')
    expect(found.siblings).toContain('kubelet')
  })

  it('does not judge free-form content', () => {
    expect(
      lookupField(
        'v1alpha1',
        ['machine', 'kubelet', 'extraArgs', 'rotate-server-certificates'],
        v('v1.12.0'),
      ),
    ).toEqual({ status: 'open' })
    expect(lookupField('v1alpha1', ['machine', 'sysctls', 'net.ipv4.ip_forward'], v('v1.12.0'))).toEqual({
      status: 'open',
    })
  })

  it('walks into list items without indexes', () => {
    expect(lookupField('ExtensionServiceConfig', ['environment'], v('v1.12.0'))).toEqual({ status: 'known' })
    expect(lookupField('ExtensionServiceConfig', ['configFiles', 'mountPath'], v('v1.12.0'))).toEqual({
      status: 'known',
    })
    expect(lookupField('ExtensionServiceConfig', ['environments'], v('v1.12.0')).status).toBe('unknown')
  })

  it('knows document kinds per release, with the names Talos registers', () => {
    expect(kindAvailable('KubeSpanConfig', v('v1.12.9'))).toBe(false)
    expect(kindAvailable('KubeSpanConfig', v('v1.13.0'))).toBe(true)
    expect(kindSince('KubeSpanConfig')).toBe('v1.13.0')
    expect(kindSince('KubeNodeConfig')).toBe('v1.14.0')
    expect(kindAvailable('UnattendedInstallConfig', v('v1.14.0'))).toBe(true)
    expect(kindAvailable('UnattendedInstall', v('v1.14.0'))).toBe(false)
    expect(kindAvailable('KubeSpanEndpointsConfig', v('v1.10.0'))).toBe(true)
    expect(lookupField('KubeSpanConfig', ['enabled'], v('v1.12.0'))).toEqual({
      status: 'unknown-kind',
      since: 'v1.13.0',
    })
  })

  it('parses the compact format, ranges included', () => {
    const inventory = parseInventory(
      ['@releases v1.10.0 v1.11.0 v1.12.0', 'Doc', ' a @v1.11.0..', '  b[] *', ' c @v1.10.0,v1.12.0'].join(
        '\n',
      ),
    )
    const doc = inventory.kinds.get('Doc')!
    expect([...doc.children.get('a')!.present]).toEqual([1, 2])
    expect(doc.children.get('a')!.children.get('b')).toMatchObject({ list: true, open: true })
    expect([...doc.children.get('c')!.present]).toEqual([0, 2])
    expect(() => parseInventory('Doc')).toThrow(/@releases/)
  })
})
