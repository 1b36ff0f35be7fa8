/**
 * Shared by TAL400 and TAL411: what a finding says about a flag the node's Tailscale is too old for.
 * @module
 */
import type { ParsedFlag } from '../../../tailscale/parse.ts'
import { describeTailscaleFor, formatTailscale, type TailscaleVersion } from '../../../tailscale/versions.ts'

/** The flag as written, the Tailscale the node runs, and the first release with the flag (from `since`). */
export function flagTooNewData(
  flag: ParsedFlag,
  talos: { minor: number; patch: number },
  since: Readonly<Record<string, TailscaleVersion>>,
): { name: string; version: string; since: string } {
  return {
    name: flag.name,
    version: describeTailscaleFor(talos),
    since: formatTailscale(since[flag.canonical]!),
  }
}
