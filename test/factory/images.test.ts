import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/core/errors.ts'
import {
  bootMedia,
  EMPTY_SCHEMATIC_ID,
  FACTORY_PLATFORMS,
  factoryEndpoint,
  installerImage,
  installerImageParse,
  registerSchematicCommand,
} from '../../src/factory/index.ts'
import { FUZZ_RUNS as RUNS } from '../support/fuzz.ts'

const ID = '4a0d65c669d46663f377e7161e50cfd570c401f26fd9e7bda34a0216b6f1922b'
const url = (version: string, file: string) => `https://factory.talos.dev/image/${ID}/${version}/${file}`
const urls = (media: ReturnType<typeof bootMedia>) =>
  Object.fromEntries(media.artifacts.map(a => [a.kind, a.url]))

describe('installer image names (T3)', () => {
  it('uses installer/<id> before Talos 1.10 and <platform>-installer/<id> from 1.10', () => {
    expect(installerImage({ schematicId: ID, talosVersion: 'v1.9.5' })).toBe(
      `factory.talos.dev/installer/${ID}:v1.9.5`,
    )
    expect(installerImage({ schematicId: ID, talosVersion: 'v1.9.5', secureboot: true })).toBe(
      `factory.talos.dev/installer-secureboot/${ID}:v1.9.5`,
    )
    expect(installerImage({ schematicId: ID, talosVersion: 'v1.10.0' })).toBe(
      `factory.talos.dev/metal-installer/${ID}:v1.10.0`,
    )
    expect(installerImage({ schematicId: ID, talosVersion: '1.13.2', platform: 'aws' })).toBe(
      `factory.talos.dev/aws-installer/${ID}:v1.13.2`,
    )
    expect(installerImage({ schematicId: ID, talosVersion: 'v1.14.0-rc.1', secureboot: true })).toBe(
      `factory.talos.dev/metal-installer-secureboot/${ID}:v1.14.0-rc.1`,
    )
    expect(installerImage({ schematicId: ID, talosVersion: 'v1.13.2', form: 'legacy' })).toBe(
      `factory.talos.dev/installer/${ID}:v1.13.2`,
    )
  })

  it('names the v1.14 default install image (metal installer of the empty schematic)', () => {
    expect(installerImage({ schematicId: EMPTY_SCHEMATIC_ID, talosVersion: 'v1.14.0' })).toBe(
      'factory.talos.dev/metal-installer/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.14.0',
    )
  })

  it('derives the registry and PXE hosts from the factory URL', () => {
    expect(factoryEndpoint()).toEqual({
      baseUrl: 'https://factory.talos.dev',
      registry: 'factory.talos.dev',
      pxeBaseUrl: 'https://pxe.factory.talos.dev',
      isPublic: true,
    })
    expect(factoryEndpoint('https://factory.example.com/')).toEqual({
      baseUrl: 'https://factory.example.com',
      registry: 'factory.example.com',
      pxeBaseUrl: 'https://factory.example.com',
      isPublic: false,
    })
    expect(
      installerImage({
        schematicId: ID,
        talosVersion: 'v1.12.1',
        factoryUrl: 'https://factory.example.com:8443',
      }),
    ).toBe(`factory.example.com:8443/metal-installer/${ID}:v1.12.1`)
    expect(() => factoryEndpoint('factory.example.com')).toThrow(InputError)
    expect(() => factoryEndpoint('ftp://factory.example.com')).toThrow(/http/)
    expect(() => factoryEndpoint('https://user:pw@factory.example.com')).toThrow(InputError)
  })

  it('rejects what is not a schematic ID or a version', () => {
    expect(() => installerImage({ schematicId: 'abc', talosVersion: 'v1.13.0' })).toThrow(/schematic ID/)
    expect(() => installerImage({ schematicId: ID.toUpperCase(), talosVersion: 'v1.13.0' })).toThrow(
      InputError,
    )
    expect(() => installerImage({ schematicId: ID, talosVersion: 'latest' })).toThrow(/Talos version/)
  })
})

describe('boot media (talos pkg/machinery/platforms)', () => {
  it('lists ISO, raw.zst disk image, PXE and kernel/initramfs for metal', () => {
    const media = bootMedia({ schematicId: ID, talosVersion: 'v1.13.2', platform: 'metal', arch: 'amd64' })
    expect(media.installer).toBe(`factory.talos.dev/metal-installer/${ID}:v1.13.2`)
    expect(urls(media)).toEqual({
      iso: url('v1.13.2', 'metal-amd64.iso'),
      'disk-image': url('v1.13.2', 'metal-amd64.raw.zst'),
      pxe: `https://pxe.factory.talos.dev/pxe/${ID}/v1.13.2/metal-amd64`,
      kernel: url('v1.13.2', 'kernel-amd64'),
      initramfs: url('v1.13.2', 'initramfs-amd64.xz'),
      cmdline: url('v1.13.2', 'cmdline-metal-amd64'),
    })
  })

  it('switches metal disk images from .raw.xz to .raw.zst at Talos 1.8', () => {
    const disk = (v: string) =>
      urls(bootMedia({ schematicId: ID, talosVersion: v, arch: 'arm64' }))['disk-image']
    expect(disk('v1.7.6')).toBe(url('v1.7.6', 'metal-arm64.raw.xz'))
    expect(disk('v1.8.0')).toBe(url('v1.8.0', 'metal-arm64.raw.zst'))
    expect(disk('v1.9.5')).toBe(url('v1.9.5', 'metal-arm64.raw.zst'))
  })

  it.each([
    ['aws', 'amd64', { 'disk-image': 'aws-amd64.raw.xz' }],
    ['gcp', 'arm64', { 'disk-image': 'gcp-arm64.raw.tar.gz' }],
    ['azure', 'amd64', { 'disk-image': 'azure-amd64.vhd.xz' }],
    ['digital-ocean', 'amd64', { 'disk-image': 'digital-ocean-amd64.raw.gz' }],
    ['hcloud', 'amd64', { 'disk-image': 'hcloud-amd64.raw.xz' }],
    ['oracle', 'arm64', { 'disk-image': 'oracle-arm64.qcow2' }],
    ['exoscale', 'amd64', { 'disk-image': 'exoscale-amd64.qcow2' }],
    ['upcloud', 'amd64', { 'disk-image': 'upcloud-amd64.raw.xz' }],
    ['akamai', 'amd64', { 'disk-image': 'akamai-amd64.raw.gz' }],
    ['scaleway', 'arm64', { iso: 'scaleway-arm64.iso', 'disk-image': 'scaleway-arm64.raw.zst' }],
    ['vmware', 'amd64', { iso: 'vmware-amd64.iso', 'disk-image': 'vmware-amd64.ova' }],
  ] as const)('names %s %s images with the platform suffix', (platform, arch, files) => {
    const media = bootMedia({ schematicId: ID, talosVersion: 'v1.12.0', platform, arch })
    expect(urls(media)).toEqual(
      Object.fromEntries(Object.entries(files).map(([k, f]) => [k, url('v1.12.0', f)])),
    )
    expect(media.installer).toBe(`factory.talos.dev/${platform}-installer/${ID}:v1.12.0`)
  })

  it('serves PXE, ISO and disk for nocloud and openstack; ISO and PXE only for vultr', () => {
    expect(
      Object.keys(
        urls(bootMedia({ schematicId: ID, talosVersion: 'v1.11.0', platform: 'nocloud', arch: 'amd64' })),
      ),
    ).toEqual(['iso', 'disk-image', 'pxe', 'kernel', 'initramfs', 'cmdline'])
    expect(
      urls(bootMedia({ schematicId: ID, talosVersion: 'v1.11.0', platform: 'openstack', arch: 'arm64' }))[
        'disk-image'
      ],
    ).toBe(url('v1.11.0', 'openstack-arm64.raw.xz'))
    expect(
      Object.keys(
        urls(bootMedia({ schematicId: ID, talosVersion: 'v1.11.0', platform: 'vultr', arch: 'amd64' })),
      ),
    ).toEqual(['iso', 'pxe', 'kernel', 'initramfs', 'cmdline'])
  })

  it('names secure boot media and the UKI', () => {
    const media = bootMedia({ schematicId: ID, talosVersion: 'v1.13.2', arch: 'amd64', secureboot: true })
    expect(media.installer).toBe(`factory.talos.dev/metal-installer-secureboot/${ID}:v1.13.2`)
    expect(urls(media)).toEqual({
      iso: url('v1.13.2', 'metal-amd64-secureboot.iso'),
      'disk-image': url('v1.13.2', 'metal-amd64-secureboot.raw.zst'),
      pxe: `https://pxe.factory.talos.dev/pxe/${ID}/v1.13.2/metal-amd64-secureboot`,
      uki: url('v1.13.2', 'metal-amd64-secureboot-uki.efi'),
    })
    expect(
      urls(
        bootMedia({
          schematicId: ID,
          talosVersion: 'v1.13.2',
          platform: 'azure',
          arch: 'arm64',
          secureboot: true,
        }),
      ),
    ).toEqual({
      'disk-image': url('v1.13.2', 'azure-arm64-secureboot.vhd.xz'),
      uki: url('v1.13.2', 'azure-arm64-secureboot-uki.efi'),
    })
  })

  it('uses the self-hosted factory for every URL', () => {
    const media = bootMedia({
      schematicId: ID,
      talosVersion: 'v1.13.2',
      arch: 'amd64',
      factoryUrl: 'https://images.example.com/factory',
    })
    expect(media.installer).toBe(`images.example.com/factory/metal-installer/${ID}:v1.13.2`)
    for (const artifact of media.artifacts)
      expect(artifact.url.startsWith('https://images.example.com/factory/')).toBe(true)
    expect(urls(media).pxe).toBe(`https://images.example.com/factory/pxe/${ID}/v1.13.2/metal-amd64`)
  })

  it('refuses unknown platforms, missing architectures and secure boot where there is none', () => {
    expect(() =>
      bootMedia({ schematicId: ID, talosVersion: 'v1.13.0', platform: 'proxmox', arch: 'amd64' }),
    ).toThrow(/unknown platform "proxmox"/)
    expect(() =>
      bootMedia({ schematicId: ID, talosVersion: 'v1.13.0', platform: 'hcloud', arch: 'arm64' }),
    ).toThrow(/no "arm64" images/)
    expect(() =>
      bootMedia({
        schematicId: ID,
        talosVersion: 'v1.13.0',
        platform: 'aws',
        arch: 'amd64',
        secureboot: true,
      }),
    ).toThrow(/no secure boot/)
    expect(() =>
      bootMedia({ schematicId: ID, talosVersion: 'v1.6.0', platform: 'akamai', arch: 'amd64' }),
    ).toThrow(/v1\.7 or newer/)
  })

  it('has the platforms the brief lists, each with at least one boot method', () => {
    const names = FACTORY_PLATFORMS.map(p => p.name)
    for (const name of [
      'aws',
      'gcp',
      'azure',
      'nocloud',
      'openstack',
      'hcloud',
      'digital-ocean',
      'vmware',
      'metal',
      'oracle',
      'exoscale',
      'scaleway',
      'upcloud',
      'vultr',
      'akamai',
    ]) {
      expect(names).toContain(name)
    }
    for (const platform of FACTORY_PLATFORMS) expect(platform.bootMethods.length).toBeGreaterThan(0)
  })
})

describe('installerImageParse', () => {
  it('reads factory installers in both forms, with tag and digest', () => {
    expect(installerImageParse(`factory.talos.dev/metal-installer/${ID}:v1.13.2`)).toEqual({
      kind: 'factory',
      registry: 'factory.talos.dev',
      form: 'platform',
      platform: 'metal',
      secureboot: false,
      schematicId: ID,
      tag: 'v1.13.2',
      talosVersion: { minor: 13, patch: 2 },
    })
    expect(installerImageParse(`factory.talos.dev/installer-secureboot/${ID}:v1.9.5@sha256:abcd`)).toEqual({
      kind: 'factory',
      registry: 'factory.talos.dev',
      form: 'legacy',
      secureboot: true,
      schematicId: ID,
      tag: 'v1.9.5',
      talosVersion: { minor: 9, patch: 5 },
      digest: 'sha256:abcd',
    })
    expect(installerImageParse(`factory.talos.dev/digital-ocean-installer-secureboot/${ID}`)).toMatchObject({
      platform: 'digital-ocean',
      secureboot: true,
    })
    expect(installerImageParse(`factory.talos.dev/metal-installer/${ID}:latest`)).toMatchObject({
      tag: 'latest',
    })
    expect(installerImageParse(`factory.talos.dev/metal-installer/${ID}:latest`)).not.toHaveProperty(
      'talosVersion',
    )
  })

  it('recognises the default installer without extensions, and anything else as other', () => {
    expect(installerImageParse('ghcr.io/siderolabs/installer:v1.13.2')).toEqual({
      kind: 'default',
      tag: 'v1.13.2',
      talosVersion: { minor: 13, patch: 2 },
    })
    expect(installerImageParse('ghcr.io/siderolabs/installer:v1.12.0 ')).toMatchObject({ kind: 'default' })
    expect(installerImageParse('registry.local:5000/talos/installer:v1.13.0')).toEqual({
      kind: 'other',
      reference: 'registry.local:5000/talos/installer:v1.13.0',
    })
    expect(installerImageParse(`factory.talos.dev/metal-installer/${ID.slice(1)}:v1.13.0`).kind).toBe('other')
  })

  it('round-trips every name installerImage builds', () => {
    const platforms = FACTORY_PLATFORMS.map(p => p.name)
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9a-f]{64}$/),
        fc.integer({ min: 2, max: 20 }),
        fc.integer({ min: 0, max: 30 }),
        fc.constantFrom(...platforms),
        fc.boolean(),
        fc.constantFrom(
          'https://factory.talos.dev',
          'https://factory.example.com:8443/sub',
          'http://10.0.0.5',
        ),
        (schematicId, minor, patch, platform, secureboot, factoryUrl) => {
          const ref = installerImage({
            schematicId,
            talosVersion: `v1.${minor}.${patch}`,
            platform,
            secureboot,
            factoryUrl,
          })
          const parsed = installerImageParse(ref)
          expect(parsed).toMatchObject({
            kind: 'factory',
            registry: factoryEndpoint(factoryUrl).registry,
            form: minor >= 10 ? 'platform' : 'legacy',
            secureboot,
            schematicId,
            talosVersion: { minor, patch },
          })
          if (minor >= 10) expect(parsed).toMatchObject({ platform })
        },
      ),
      { numRuns: RUNS },
    )
  })
})

describe('registering a schematic (T2)', () => {
  it('gives the curl step for the public and a self-hosted factory', () => {
    expect(registerSchematicCommand()).toBe(
      'curl -X POST --data-binary @schematic.yaml https://factory.talos.dev/schematics',
    )
    expect(
      registerSchematicCommand({
        schematicFile: 'factory/schematic.yaml',
        factoryUrl: 'https://f.example.com/',
      }),
    ).toBe('curl -X POST --data-binary @factory/schematic.yaml https://f.example.com/schematics')
    expect(registerSchematicCommand({ schematicFile: "my dir/it's.yaml" })).toBe(
      `curl -X POST --data-binary '@my dir/it'\\''s.yaml' https://factory.talos.dev/schematics`,
    )
  })
})
