// Bundles the CLI and the library into single ESM files: one file to load keeps start-up close to bare node.
import { readFileSync } from 'node:fs'
import { build } from 'esbuild'

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))

const shared = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  define: { __TALSCALE_VERSION__: JSON.stringify(version) },
  // commander is CommonJS; an ESM bundle needs a real `require` for its node: built-ins.
  banner: {
    js: "import { createRequire as __talscaleRequire } from 'node:module'; const require = __talscaleRequire(import.meta.url);",
  },
}

await Promise.all([
  build({ ...shared, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js' }),
  build({ ...shared, entryPoints: ['src/index.ts'], outfile: 'dist/index.js' }),
])
