/**
 * Talos versions talscale targets. The configuration surface moves between minors (T18), so most
 * decisions key on the minor alone.
 * @module
 */
import { InputError } from '../core/errors.ts'

/** Minors from oldest to newest. */
export const SUPPORTED_MINORS = [10, 11, 12, 13, 14] as const

export type TalosMinor = (typeof SUPPORTED_MINORS)[number]

/** The newest minor talscale knows the configuration surface of. */
export const NEWEST_MINOR: TalosMinor = SUPPORTED_MINORS[SUPPORTED_MINORS.length - 1]!

/**
 * A parsed Talos version such as `v1.13.9`. `minor` may be newer than {@link NEWEST_MINOR}: a
 * release talscale does not know yet is accepted (forward compatibility, see
 * {@link isNewerThanKnown}) and judged by the newest contract talscale knows.
 */
export interface TalosVersion {
  major: 1
  minor: number
  patch: number
  /** Pre-release suffix without the dash (`rc.1`), when present. */
  prerelease?: string
}

/** The version used when none is given: the newest supported minor. */
export const DEFAULT_TALOS_VERSION: TalosVersion = { major: 1, minor: 14, patch: 0 }

const VERSION_PATTERN = /^v?1\.(\d+)(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?$/

/**
 * Parses `v1.13.9`, `1.13`, `v1.14.0-rc.1`. A minor older than v1.10 is an InputError; a minor newer
 * than talscale knows is accepted (callers warn with {@link forwardVersionWarning}).
 */
export function parseTalosVersion(text: string, where = 'Talos version'): TalosVersion {
  const match = VERSION_PATTERN.exec(text.trim())
  if (!match) {
    throw new InputError(`${where} "${text}" is not a Talos version.`, {
      hint: `Write it as v1.MINOR.PATCH, for example "${formatTalosVersion(DEFAULT_TALOS_VERSION)}".`,
    })
  }
  const minor = Number(match[1])
  if (minor < SUPPORTED_MINORS[0]) {
    throw new InputError(`${where} "${text}" is not supported: talscale knows Talos v1.10 and later.`, {
      hint: `Pick a version from v1.10 on (the newest talscale knows is v1.${NEWEST_MINOR}).`,
    })
  }
  const version: TalosVersion = {
    major: 1,
    minor,
    patch: match[2] === undefined ? 0 : Number(match[2]),
  }
  if (match[3] !== undefined) version.prerelease = match[3]
  return version
}

/** `v1.13.9` form, as used in image tags. */
export function formatTalosVersion(version: TalosVersion): string {
  return `v${version.major}.${version.minor}.${version.patch}${version.prerelease ? `-${version.prerelease}` : ''}`
}

/** `v1.13` form, as used for schema folders and docs. */
export function formatTalosMinor(version: Pick<TalosVersion, 'minor'>): string {
  return `v1.${version.minor}`
}

/** True when `version` is at least 1.`minor`. */
export function atLeast(version: Pick<TalosVersion, 'minor'>, minor: TalosMinor): boolean {
  return version.minor >= minor
}

/** A release where a config field or document appeared, e.g. `{ minor: 12, patch: 4 }`. */
export interface TalosRelease {
  minor: number
  patch: number
}

/**
 * True when `version` is at or after `release`. Fields can appear in a patch release (v1.12.4 adds
 * `kubespan.filters.excludeAdvertisedNetworks`), so gates compare patches too. A pre-release of
 * `release` counts as having it only when `release` opens a minor (`v1.14.0-rc.1` carries the v1.14
 * forms); a pre-release of a patch release (`v1.12.4-beta.0`) does not.
 */
export function releaseAtLeast(version: TalosVersion, release: TalosRelease): boolean {
  if (version.minor !== release.minor) return version.minor > release.minor
  if (version.patch !== release.patch) return version.patch > release.patch
  return version.prerelease === undefined || release.patch === 0
}

/** `v1.12.4` form of a release gate. */
export function formatRelease(release: TalosRelease): string {
  return `v1.${release.minor}.${release.patch}`
}

/** True for a minor newer than talscale knows (v1.15 while talscale knows up to v1.14). */
export function isNewerThanKnown(version: Pick<TalosVersion, 'minor'>): boolean {
  return version.minor > NEWEST_MINOR
}

/**
 * The config contract talscale uses for `version`: the version itself when talscale knows its minor,
 * else the newest release talscale knows (the forms of the newest known minor are what a newer Talos
 * most likely still accepts).
 */
export function knownContract(version: TalosVersion): TalosVersion {
  if (!isNewerThanKnown(version)) return version
  return { major: 1, minor: NEWEST_MINOR, patch: 0 }
}

/** The warning for a version newer than talscale knows, or undefined. */
export function forwardVersionWarning(version: TalosVersion, where = 'Talos version'): string | undefined {
  if (!isNewerThanKnown(version)) return undefined
  return `${where} ${formatTalosVersion(version)} is newer than the newest Talos talscale knows (v1.${NEWEST_MINOR}): the images use ${formatTalosVersion(version)}, the config documents use the v1.${NEWEST_MINOR} forms. Check the Talos release notes for changed config documents, and update talscale.`
}

/**
 * The header line talscale writes into patches generated for an older config contract than the
 * release the nodes run (`generate --config-contract`), so that `check` judges them by that contract.
 */
export const CONTRACT_MARKER = 'talscale config-contract:'

const CONTRACT_LINE = /^#\s*talscale config-contract:\s*(v?1\.\d+(?:\.\d+)?)\b/m

/** The contract a file declares with {@link CONTRACT_MARKER} in a leading comment, if any. */
export function declaredContract(text: string): TalosVersion | undefined {
  const head = text.slice(0, 4096)
  const match = CONTRACT_LINE.exec(head)
  if (!match) return undefined
  try {
    return parseTalosVersion(match[1]!)
  } catch {
    return undefined
  }
}
