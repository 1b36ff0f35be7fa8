#!/usr/bin/env node
// Runs the bundled CLI in dist/ (shipped in the package, built by `npm run build`). The package has
// no install scripts, so in a fresh checkout `npm ci` leaves dist/ unbuilt: the first run builds it.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import module from 'node:module'

// Node 22.1+ keeps the compiled code of talscale and its dependencies on disk between runs, so a
// pre-commit hook's tenth `talscale check` skips parsing. Node 20 has no compile cache: a no-op.
module.enableCompileCache?.()

const cli = new URL('../dist/cli.js', import.meta.url)
if (!existsSync(cli)) {
  const build = new URL('../scripts/build.mjs', import.meta.url)
  if (!existsSync(build)) {
    process.stderr.write('talscale: dist/cli.js is missing from this installation; reinstall talscale.\n')
    process.exit(2)
  }
  execFileSync(process.execPath, [build.pathname], { stdio: ['ignore', 'ignore', 'inherit'] })
}
await import(cli.href)
