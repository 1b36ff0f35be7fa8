/**
 * Which Tailscale the siderolabs/tailscale extension runs on each Talos release, and what changed
 * between those Tailscale versions in what `tailscale up` and containerboot accept. The extension is
 * built per Talos release from upstream tag `v{TAILSCALE_VERSION}` (siderolabs/extensions
 * `network/vars.yaml`), so the Talos version decides the Tailscale version a node runs.
 *
 * Facts read from siderolabs/extensions release tags v1.10.0 to v1.13.9 and v1.14.0-rc.1
 * (HEAD 26822f5, 2026-08-20) and from tailscale/tailscale tags v1.82.0 to v1.102.2. Pure data.
 * @module
 */

/** A Tailscale version as `[major, minor, patch]`. */
export type TailscaleVersion = readonly [number, number, number]

/** The extension's Tailscale by Talos minor: `[first Talos patch, Tailscale version]`, ascending. */
const EXTENSION_TAILSCALE: Readonly<Record<number, ReadonlyArray<readonly [number, TailscaleVersion]>>> = {
  10: [
    [0, [1, 82, 0]],
    [2, [1, 82, 5]],
    [4, [1, 84, 0]],
  ],
  11: [
    [0, [1, 84, 2]],
    [2, [1, 88, 1]],
  ],
  12: [
    [0, [1, 92, 3]],
    [3, [1, 94, 1]],
    [6, [1, 94, 2]],
  ],
  13: [
    [0, [1, 96, 4]],
    [3, [1, 98, 2]],
    [4, [1, 98, 3]],
    [6, [1, 98, 5]],
    [7, [1, 98, 8]],
    [8, [1, 98, 9]],
    [9, [1, 102, 2]],
  ],
  // Only v1.14.0-rc.1 was tagged when this table was made; it ships 1.102.2.
  14: [[0, [1, 102, 2]]],
}

/** The Tailscale version the extension ships for a Talos release. Later patches keep the last known. */
export function extensionTailscale(talos: { minor: number; patch: number }): TailscaleVersion {
  const rows = EXTENSION_TAILSCALE[talos.minor] ?? EXTENSION_TAILSCALE[14]!
  let found = rows[0]![1]
  for (const [patch, version] of rows) if (talos.patch >= patch) found = version
  return found
}

/** `1.102.2`. */
export function formatTailscale(version: TailscaleVersion): string {
  return version.join('.')
}

/** True when `version` is at least `major.minor.patch`. */
export function tailscaleAtLeast(version: TailscaleVersion, min: TailscaleVersion): boolean {
  for (let i = 0; i < 3; i++) if (version[i] !== min[i]) return version[i]! > min[i]!
  return true
}

/** True when the Tailscale the extension ships for this Talos release is at least `min` (a TAILSCALE_CHANGES entry). */
export function extensionHas(talos: { minor: number; patch: number }, min: TailscaleVersion): boolean {
  return tailscaleAtLeast(extensionTailscale(talos), min)
}

/**
 * "Tailscale 1.96.4 as shipped for Talos v1.13.2": how findings name the version they assume.
 * A Talos version without a patch reads as `.0`, the oldest release of that minor.
 */
export function describeTailscaleFor(talos: { minor: number; patch: number }): string {
  return `Tailscale ${formatTailscale(extensionTailscale(talos))} as shipped for Talos v1.${talos.minor}.${talos.patch}`
}

/**
 * What changed in the Tailscale versions the extension has shipped, each with the first version
 * that has it. Keys are used by the rules and the parity table.
 */
export const TAILSCALE_CHANGES = {
  /** `--advertise-tags=name` without `tag:` gets the prefix added (cmd/tailscale/cli/up.go). */
  bareTags: [1, 98, 0],
  /** `--exit-node=auto:any` selects an exit node automatically (ipn.ParseAutoExitNodeString). */
  autoExitNode: [1, 86, 0],
  /** `--report-posture` replaces `--posture-checking` (kept as an alias by CleanUpArgs). */
  reportPosture: [1, 84, 0],
  /** `--client-id`, `--client-secret`, `--id-token`, `--qr-format` on tailscale up. */
  oauthFlags: [1, 90, 0],
  /** `--audience` on tailscale up. */
  audienceFlag: [1, 94, 0],
  /** containerboot reads TS_CLIENT_ID, TS_CLIENT_SECRET, TS_ID_TOKEN, TS_AUDIENCE. */
  containerbootOAuth: [1, 94, 0],
  /** util/dnsname allows 254 bytes for a name with its trailing dot (253 before). */
  longerDnsNames: [1, 92, 0],
} as const satisfies Record<string, TailscaleVersion>

/**
 * Flags of `tailscale up` that older extension builds do not have: the first version with each.
 * `posture-checking` is the other way round: before 1.84 it was the flag itself, since then an alias.
 */
export const UP_FLAG_SINCE: Readonly<Record<string, TailscaleVersion>> = {
  'report-posture': TAILSCALE_CHANGES.reportPosture,
  'client-id': TAILSCALE_CHANGES.oauthFlags,
  'client-secret': TAILSCALE_CHANGES.oauthFlags,
  'id-token': TAILSCALE_CHANGES.oauthFlags,
  'qr-format': TAILSCALE_CHANGES.oauthFlags,
  audience: TAILSCALE_CHANGES.audienceFlag,
}

/** True when `tailscale up` of this version has the flag (`name` canonical, after alias rewriting). */
export function upFlagExistsIn(name: string, version: TailscaleVersion): boolean {
  const since = UP_FLAG_SINCE[name]
  return since === undefined || tailscaleAtLeast(version, since)
}

/** Flags of `tailscaled` that older extension builds do not have: the first version with each. */
export const TAILSCALED_FLAG_SINCE: Readonly<Record<string, TailscaleVersion>> = {
  'encrypt-state': [1, 86, 0],
  'hardware-attestation': [1, 90, 0],
  'syspolicy-file': [1, 102, 0],
  syslog: [1, 102, 0],
}

/** True when `tailscaled` of this version has the flag. */
export function tailscaledFlagExistsIn(name: string, version: TailscaleVersion): boolean {
  const since = TAILSCALED_FLAG_SINCE[name]
  return since === undefined || tailscaleAtLeast(version, since)
}
