/**
 * Builds dist/ once before the integration tests that spawn bin/talscale.js (start-up, determinism,
 * limits, leaks), instead of each of them rebuilding it.
 */
import { execFileSync } from 'node:child_process'

export default function setup(): void {
  const root = new URL('../..', import.meta.url).pathname
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' })
}
