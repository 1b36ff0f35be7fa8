import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const ROOT = new URL('../..', import.meta.url).pathname
const BIN = join(ROOT, 'bin', 'talscale.js')

/**
 * The shims run bin/talscale.js, as an installed talscale would. dist/ is built once for the whole
 * run by test/support/global-setup.ts, so this has nothing left to do; kept for the callers.
 */
export function build(): void {}

/**
 * A directory with `talscale` and `npx` executables: `talscale ARGS` runs this checkout;
 * `npx --yes talscale@V ARGS` records V in $NPX_LOG and runs it too.
 */
export function shimDirectory(dir: string): string {
  mkdirSync(dir, { recursive: true })
  const node = process.execPath
  writeFileSync(join(dir, 'talscale'), `#!/bin/sh\nexec "${node}" "${BIN}" "$@"\n`)
  writeFileSync(
    join(dir, 'npx'),
    `#!/bin/sh
while [ $# -gt 0 ]; do
  case "$1" in
    talscale@*) [ -n "$NPX_LOG" ] && echo "$1" >> "$NPX_LOG"; shift; break ;;
    *) shift ;;
  esac
done
exec "${node}" "${BIN}" "$@"
`,
  )
  chmodSync(join(dir, 'talscale'), 0o755)
  chmodSync(join(dir, 'npx'), 0o755)
  return dir
}

export const BAD_PATCH = `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
  - TS_EXTRA_ARGS=--advertize-tags=tag:k8s
`

export const GOOD_PATCH = `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
  - TS_EXTRA_ARGS=--advertise-tags=tag:k8s
`

export const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27
`
