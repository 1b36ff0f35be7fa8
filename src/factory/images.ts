/**
 * Names of everything the Image Factory serves for a schematic: the installer image for
 * `machine.install.image` and `talosctl upgrade`, and the boot media (ISO, disk image, PXE script,
 * kernel/initramfs, UKI), named correctly for the Talos version (T3). Also the reverse: reading an
 * installer reference back into its parts, and the registration step (T2). Pure: no network.
 *
 * Platform data follows talos `pkg/machinery/platforms` (names, architectures, disk image suffixes,
 * boot methods, secure boot support); version quirks follow `pkg/machinery/imager/quirks`.
 * @module
 */

import { InputError } from '../core/errors.ts'
import { escapeTerminal, urlProblem } from '../core/escape.ts'

/** The public Image Factory. Self-hosted factories exist; every function takes a base URL. */
export const PUBLIC_FACTORY_URL = 'https://factory.talos.dev'

/** The default installer of Talos up to 1.13: no system extensions at all (T3). */
export const DEFAULT_INSTALLER_REPOSITORY = 'ghcr.io/siderolabs/installer'

export type ImageArch = 'amd64' | 'arm64'
export const IMAGE_ARCHES: readonly ImageArch[] = ['amd64', 'arm64']

export type BootMethod = 'disk-image' | 'iso' | 'pxe'

/** What the factory offers for one platform (from talos `pkg/machinery/platforms`). */
export interface FactoryPlatform {
  name: string
  label: string
  arches: readonly ImageArch[]
  /** Disk image suffix with compression (`raw.zst`, `raw.xz`, `vhd.xz`, `ova`, ...); none for PXE-only. */
  diskImageSuffix?: string
  bootMethods: readonly BootMethod[]
  secureBoot: boolean
  /** Oldest Talos minor with this platform, when not all. */
  minMinor?: number
}

const BOTH: readonly ImageArch[] = ['amd64', 'arm64']
const AMD64: readonly ImageArch[] = ['amd64']

/** Every platform talscale knows, metal first, then the cloud platforms in talos's order. */
export const FACTORY_PLATFORMS: readonly FactoryPlatform[] = [
  {
    name: 'metal',
    label: 'Bare Metal',
    arches: BOTH,
    diskImageSuffix: 'raw.zst',
    bootMethods: ['iso', 'disk-image', 'pxe'],
    secureBoot: true,
  },
  {
    name: 'aws',
    label: 'Amazon Web Services (AWS)',
    arches: BOTH,
    diskImageSuffix: 'raw.xz',
    bootMethods: ['disk-image'],
    secureBoot: false,
  },
  {
    name: 'gcp',
    label: 'Google Cloud (GCP)',
    arches: BOTH,
    diskImageSuffix: 'raw.tar.gz',
    bootMethods: ['disk-image'],
    secureBoot: false,
  },
  { name: 'equinixMetal', label: 'Equinix Metal', arches: BOTH, bootMethods: ['pxe'], secureBoot: false },
  {
    name: 'azure',
    label: 'Microsoft Azure',
    arches: BOTH,
    diskImageSuffix: 'vhd.xz',
    bootMethods: ['disk-image'],
    secureBoot: true,
  },
  {
    name: 'digital-ocean',
    label: 'Digital Ocean',
    arches: AMD64,
    diskImageSuffix: 'raw.gz',
    bootMethods: ['disk-image'],
    secureBoot: false,
  },
  {
    name: 'nocloud',
    label: 'Nocloud',
    arches: BOTH,
    diskImageSuffix: 'raw.xz',
    bootMethods: ['disk-image', 'iso', 'pxe'],
    secureBoot: true,
  },
  {
    name: 'openstack',
    label: 'OpenStack',
    arches: BOTH,
    diskImageSuffix: 'raw.xz',
    bootMethods: ['disk-image', 'iso', 'pxe'],
    secureBoot: false,
  },
  {
    name: 'vmware',
    label: 'VMWare',
    arches: BOTH,
    diskImageSuffix: 'ova',
    bootMethods: ['disk-image', 'iso'],
    secureBoot: false,
  },
  {
    name: 'akamai',
    label: 'Akamai',
    arches: AMD64,
    diskImageSuffix: 'raw.gz',
    bootMethods: ['disk-image'],
    secureBoot: false,
    minMinor: 7,
  },
  {
    name: 'cloudstack',
    label: 'Apache CloudStack',
    arches: BOTH,
    diskImageSuffix: 'raw.gz',
    bootMethods: ['disk-image'],
    secureBoot: true,
    minMinor: 8,
  },
  {
    name: 'hcloud',
    label: 'Hetzner',
    arches: AMD64,
    diskImageSuffix: 'raw.xz',
    bootMethods: ['disk-image'],
    secureBoot: false,
  },
  {
    name: 'oracle',
    label: 'Oracle Cloud',
    arches: BOTH,
    diskImageSuffix: 'qcow2',
    bootMethods: ['disk-image'],
    secureBoot: false,
  },
  {
    name: 'upcloud',
    label: 'UpCloud',
    arches: AMD64,
    diskImageSuffix: 'raw.xz',
    bootMethods: ['disk-image'],
    secureBoot: false,
  },
  { name: 'vultr', label: 'Vultr', arches: AMD64, bootMethods: ['iso', 'pxe'], secureBoot: false },
  {
    name: 'exoscale',
    label: 'Exoscale',
    arches: BOTH,
    diskImageSuffix: 'qcow2',
    bootMethods: ['disk-image'],
    secureBoot: false,
    minMinor: 3,
  },
  {
    name: 'opennebula',
    label: 'OpenNebula',
    arches: BOTH,
    diskImageSuffix: 'raw.zst',
    bootMethods: ['disk-image', 'iso'],
    secureBoot: false,
    minMinor: 7,
  },
  {
    name: 'scaleway',
    label: 'Scaleway',
    arches: BOTH,
    diskImageSuffix: 'raw.zst',
    bootMethods: ['disk-image', 'iso'],
    secureBoot: false,
  },
]

/** Looks a platform up by name; undefined when unknown. */
export function platformInfo(name: string): FactoryPlatform | undefined {
  return FACTORY_PLATFORMS.find(p => p.name === name)
}

/** A Talos version as used in image tags (`v1.9.5`). Any 1.x is accepted here, for legacy names. */
export interface ImageTalosVersion {
  minor: number
  patch: number
  prerelease?: string
}

const TAG_VERSION = /^v?1\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/

/** Parses `v1.9.5`, `1.10.0`, `v1.14.0-rc.1`; InputError otherwise. */
export function parseImageTalosVersion(text: string): ImageTalosVersion {
  const match = TAG_VERSION.exec(text.trim())
  if (!match) {
    throw new InputError(`"${text}" is not a Talos version.`, {
      hint: 'Write it as v1.MINOR.PATCH, for example "v1.14.0".',
    })
  }
  const version: ImageTalosVersion = { minor: Number(match[1]), patch: Number(match[2]) }
  if (match[3] !== undefined) version.prerelease = match[3]
  return version
}

type VersionInput = string | ImageTalosVersion

function toVersion(input: VersionInput): ImageTalosVersion {
  return typeof input === 'string' ? parseImageTalosVersion(input) : input
}

function formatVersion(v: ImageTalosVersion): string {
  return `v1.${v.minor}.${v.patch}${v.prerelease ? `-${v.prerelease}` : ''}`
}

/** Where a factory lives: its HTTPS base, its registry name, and where it serves iPXE scripts. */
export interface FactoryEndpoint {
  /** `https://factory.talos.dev` (no trailing slash). */
  baseUrl: string
  /** Registry prefix of installer images: `factory.talos.dev`, `factory.example.com:8443`. */
  registry: string
  /** Base of PXE script URLs: `https://pxe.factory.talos.dev` for the public factory, else `baseUrl`. */
  pxeBaseUrl: string
  /** True for the public factory at factory.talos.dev. */
  isPublic: boolean
}

/**
 * Derives registry and PXE hosts from a factory base URL. The public factory serves iPXE scripts
 * from `pxe.factory.talos.dev`; a self-hosted factory serves them from its own base URL.
 */
export function factoryEndpoint(baseUrl: string = PUBLIC_FACTORY_URL): FactoryEndpoint {
  let url: URL
  // A host with `$()`, backticks or `;` would run in the printed curl command and in apply.sh.
  const problem = urlProblem(baseUrl, { allowHttp: true })
  if (problem && !/credentials|query/.test(problem) && /^https?:\/\//.test(baseUrl)) {
    throw new InputError(`factory URL ${JSON.stringify(escapeTerminal(baseUrl))} ${problem}.`, {
      hint: `Write it like "${PUBLIC_FACTORY_URL}" or "https://factory.example.com": a DNS name or IP address as host.`,
    })
  }
  try {
    url = new URL(baseUrl)
  } catch {
    throw new InputError(`factory URL "${baseUrl}" is not a URL.`, {
      hint: `Write it like "${PUBLIC_FACTORY_URL}" or "https://factory.example.com".`,
    })
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash || url.username) {
    throw new InputError(`factory URL "${baseUrl}" must be a plain http(s) URL.`, {
      hint: 'Drop credentials, query and fragment; give only scheme, host and optional path.',
    })
  }
  const path = url.pathname.replace(/\/+$/, '')
  const base = `${url.protocol}//${url.host}${path}`
  const isPublic = url.host === 'factory.talos.dev' && path === ''
  return {
    baseUrl: base,
    registry: `${url.host}${path}`,
    pxeBaseUrl: isPublic ? 'https://pxe.factory.talos.dev' : base,
    isPublic,
  }
}

const SCHEMATIC_ID = /^[0-9a-f]{64}$/

function checkId(id: string): string {
  if (!SCHEMATIC_ID.test(id)) {
    throw new InputError(`"${id}" is not a schematic ID.`, {
      hint: 'A schematic ID is 64 lowercase hex characters; compute it with "talscale schematic id".',
    })
  }
  return id
}

/** Options shared by the name builders. */
export interface ImageOptions {
  schematicId: string
  /** `v1.13.2` or a parsed version. */
  talosVersion: VersionInput
  /** Defaults to `metal`. */
  platform?: string
  secureboot?: boolean
  /** Defaults to the public factory. */
  factoryUrl?: string
}

/**
 * The installer image for `machine.install.image` and `talosctl upgrade --image`:
 * `factory.talos.dev/<platform>-installer[-secureboot]/<id>:<version>` from Talos 1.10,
 * `factory.talos.dev/installer[-secureboot]/<id>:<version>` before (T3). `form` forces one form.
 */
export function installerImage(options: ImageOptions & { form?: 'auto' | 'platform' | 'legacy' }): string {
  const id = checkId(options.schematicId)
  const version = toVersion(options.talosVersion)
  const platform = options.platform ?? 'metal'
  const endpoint = factoryEndpoint(options.factoryUrl)
  const form = options.form ?? 'auto'
  const sb = options.secureboot ? '-secureboot' : ''
  const unified = form === 'platform' || (form === 'auto' && version.minor >= 10)
  const repository = unified ? `${platform}-installer${sb}` : `installer${sb}`
  return `${endpoint.registry}/${repository}/${id}:${formatVersion(version)}`
}

/** One downloadable artifact. */
export interface BootArtifact {
  kind: 'iso' | 'disk-image' | 'pxe' | 'kernel' | 'initramfs' | 'cmdline' | 'uki'
  url: string
}

/** Everything to install and boot one platform/arch with one schematic. */
export interface BootMedia {
  schematicId: string
  talosVersion: string
  platform: string
  arch: ImageArch
  secureboot: boolean
  installer: string
  /** In a stable order: iso, disk-image, pxe, kernel, initramfs, cmdline, uki. */
  artifacts: BootArtifact[]
}

/**
 * Boot media URLs for a platform/arch, as the factory names them for the Talos version: ISO and PXE
 * where the platform boots that way, the disk image with the platform's suffix (`metal` disk images
 * are `.raw.zst` from Talos 1.8, `.raw.xz` before), kernel/initramfs/cmdline for PXE without secure
 * boot, the UKI with secure boot. Unknown platforms, unsupported architectures and secure boot where
 * the platform has none are InputErrors.
 */
export function bootMedia(options: ImageOptions & { arch: string }): BootMedia {
  const id = checkId(options.schematicId)
  const version = toVersion(options.talosVersion)
  const platformName = options.platform ?? 'metal'
  const platform = platformInfo(platformName)
  if (!platform) {
    throw new InputError(`unknown platform "${platformName}".`, {
      hint: `Known platforms: ${FACTORY_PLATFORMS.map(p => p.name).join(', ')}.`,
    })
  }
  const arch = options.arch as ImageArch
  if (!platform.arches.includes(arch)) {
    throw new InputError(`platform "${platform.name}" has no "${options.arch}" images.`, {
      hint: `Architectures of ${platform.name}: ${platform.arches.join(', ')}.`,
    })
  }
  const secureboot = options.secureboot === true
  if (secureboot && !platform.secureBoot) {
    throw new InputError(`platform "${platform.name}" has no secure boot images.`, {
      hint: `Secure boot images exist for: ${FACTORY_PLATFORMS.filter(p => p.secureBoot)
        .map(p => p.name)
        .join(', ')}.`,
    })
  }
  if (platform.minMinor !== undefined && version.minor < platform.minMinor) {
    throw new InputError(`platform "${platform.name}" needs Talos v1.${platform.minMinor} or newer.`, {
      hint: 'Pick a newer Talos version.',
    })
  }
  const endpoint = factoryEndpoint(options.factoryUrl)
  const ver = formatVersion(version)
  const sb = secureboot ? '-secureboot' : ''
  const image = (file: string) => `${endpoint.baseUrl}/image/${id}/${ver}/${file}`
  const artifacts: BootArtifact[] = []
  const stem = `${platform.name}-${arch}${sb}`
  if (platform.bootMethods.includes('iso')) artifacts.push({ kind: 'iso', url: image(`${stem}.iso`) })
  if (platform.bootMethods.includes('disk-image') && platform.diskImageSuffix) {
    artifacts.push({
      kind: 'disk-image',
      url: image(`${stem}.${diskImageSuffix(platform.diskImageSuffix, version)}`),
    })
  }
  if (platform.bootMethods.includes('pxe')) {
    artifacts.push({ kind: 'pxe', url: `${endpoint.pxeBaseUrl}/pxe/${id}/${ver}/${stem}` })
    if (!secureboot) {
      artifacts.push({ kind: 'kernel', url: image(`kernel-${arch}`) })
      artifacts.push({ kind: 'initramfs', url: image(`initramfs-${arch}.xz`) })
      artifacts.push({ kind: 'cmdline', url: image(`cmdline-${platform.name}-${arch}`) })
    }
  }
  if (secureboot) artifacts.push({ kind: 'uki', url: image(`${stem}-uki.efi`) })
  return {
    schematicId: id,
    talosVersion: ver,
    platform: platform.name,
    arch,
    secureboot,
    installer: installerImage({ ...options, platform: platform.name }),
    artifacts,
  }
}

// Disk images switched from xz to zstd in Talos 1.8 (quirks.UseZSTDCompression).
function diskImageSuffix(suffix: string, version: ImageTalosVersion): string {
  if (version.minor < 8 && suffix.endsWith('.zst')) return `${suffix.slice(0, -'.zst'.length)}.xz`
  return suffix
}

/** What an installer image reference says about itself. */
export type ParsedInstallerImage =
  | {
      kind: 'factory'
      /** Registry prefix (`factory.talos.dev`, or a self-hosted factory). */
      registry: string
      /** `platform` (`metal-installer/...`, Talos >= 1.10) or `legacy` (`installer/...`). */
      form: 'platform' | 'legacy'
      /** The platform of the platform form; undefined for the legacy form. */
      platform?: string
      secureboot: boolean
      schematicId: string
      /** The tag (`v1.13.2`), when present. */
      tag?: string
      /** Parsed tag, when the tag is a Talos version. */
      talosVersion?: ImageTalosVersion
      digest?: string
    }
  | {
      /** `ghcr.io/siderolabs/installer:<ver>`: the default image, without any system extension. */
      kind: 'default'
      tag?: string
      talosVersion?: ImageTalosVersion
      digest?: string
    }
  | { kind: 'other'; reference: string }

const INSTALLER_NAME = /^(?:(.+)-)?installer(-secureboot)?$/

/**
 * Reads an installer image reference (`factory.talos.dev/metal-installer/<id>:v1.13.2`,
 * `factory.talos.dev/installer/<id>:v1.9.5`, `ghcr.io/siderolabs/installer:v1.13.2`, with optional
 * `@sha256:` digest). Works for self-hosted factories too: any registry path ending in
 * `[<platform>-]installer[-secureboot]/<64-hex id>` is a factory installer.
 */
export function installerImageParse(reference: string): ParsedInstallerImage {
  const ref = reference.trim()
  let rest = ref
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at !== -1) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
  }
  let tag: string | undefined
  const lastSlash = rest.lastIndexOf('/')
  const colon = rest.lastIndexOf(':')
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
  }
  const extra = (t: string | undefined) => {
    const out: { tag?: string; talosVersion?: ImageTalosVersion; digest?: string } = {}
    if (t !== undefined) {
      out.tag = t
      if (TAG_VERSION.test(t)) out.talosVersion = parseImageTalosVersion(t)
    }
    if (digest !== undefined) out.digest = digest
    return out
  }
  if (rest === DEFAULT_INSTALLER_REPOSITORY) return { kind: 'default', ...extra(tag) }
  const parts = rest.split('/')
  if (parts.length >= 3) {
    const id = parts[parts.length - 1]!
    const name = parts[parts.length - 2]!
    const match = INSTALLER_NAME.exec(name)
    if (SCHEMATIC_ID.test(id) && match) {
      const registry = parts.slice(0, -2).join('/')
      const platform = match[1]
      return {
        kind: 'factory',
        registry,
        form: platform === undefined ? 'legacy' : 'platform',
        ...(platform === undefined ? {} : { platform }),
        secureboot: match[2] !== undefined,
        schematicId: id,
        ...extra(tag),
      }
    }
  }
  return { kind: 'other', reference: ref }
}

/**
 * The shell step that registers a schematic with the factory (T2: the factory serves images only
 * for schematics it has been sent once): `curl -X POST --data-binary @schematic.yaml <factory>/schematics`.
 */
export function registerSchematicCommand(
  options: { schematicFile?: string; factoryUrl?: string } = {},
): string {
  const file = options.schematicFile ?? 'schematic.yaml'
  const endpoint = factoryEndpoint(options.factoryUrl)
  return `curl -X POST --data-binary ${shellWord(`@${file}`)} ${shellWord(`${endpoint.baseUrl}/schematics`)}`
}

function shellWord(word: string): string {
  return /^[A-Za-z0-9@%+=:,./_-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`
}
