/**
 * What counts as persistent tailscaled state inside the extension: only the host bind mount of
 * `/var/lib/tailscale` survives a restart; the container's root is read-only and `/tmp` is not kept.
 * @module
 */

/** The persistent state directory the extension bind-mounts from the host's /var. */
export const STATE_MOUNT = '/var/lib/tailscale'

/** True when a state directory lies inside the persistent bind mount. */
export function isPersistentStateDir(dir: string): boolean {
  const clean = dir.replace(/\/+$/, '')
  return clean === STATE_MOUNT || clean.startsWith(`${STATE_MOUNT}/`)
}

/** True when a tailscaled `--state` value keeps state across restarts. */
export function isPersistentStateFile(state: string): boolean {
  return state.startsWith(`${STATE_MOUNT}/`) && !state.endsWith('/')
}
