/**
 * Talos versions talscale targets. The configuration surface moves between minors (T18), so most
 * decisions key on the minor alone.
 * @module
 */
import { InputError } from '../core/errors.ts'

/** Minors from oldest to newest. */
export const SUPPORTED_MINORS = [10, 11, 12, 13, 14] as const

export type TalosMinor = (typeof SUPPORTED_MINORS)[number]

/** A parsed Talos version such as `v1.13.9`. */
export interface TalosVersion {
  major: 1
  minor: TalosMinor
  patch: number
  /** Pre-release suffix without the dash (`rc.1`), when present. */
  prerelease?: string
}

/** The version used when none is given: the newest supported minor. */
export const DEFAULT_TALOS_VERSION: TalosVersion = { major: 1, minor: 14, patch: 0 }

const VERSION_PATTERN = /^v?1\.(\d+)(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?$/

/**
 * Parses `v1.13.9`, `1.13`, `v1.14.0-rc.1`. Unsupported minors are an InputError that lists the
 * supported range.
 */
export function parseTalosVersion(text: string, where = 'Talos version'): TalosVersion {
  const match = VERSION_PATTERN.exec(text.trim())
  if (!match) {
    throw new InputError(`${where} "${text}" is not a Talos version.`, {
      hint: `Write it as v1.MINOR.PATCH, for example "${formatTalosVersion(DEFAULT_TALOS_VERSION)}".`,
    })
  }
  const minor = Number(match[1])
  if (!(SUPPORTED_MINORS as readonly number[]).includes(minor)) {
    throw new InputError(`${where} "${text}" is not supported: talscale knows Talos v1.10 to v1.14.`, {
      hint: 'Pick a version between v1.10 and v1.14.',
    })
  }
  const version: TalosVersion = {
    major: 1,
    minor: minor as TalosMinor,
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
