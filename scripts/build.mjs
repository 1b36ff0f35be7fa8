// Bundles the CLI and the library into single ESM files: one file to load keeps start-up close to bare node.
import { readFileSync, rmSync } from 'node:fs'
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

// Commands are imported lazily (src/cli/run.ts); splitting puts each in its own chunk so a command
// loads only what it uses. Old chunks go first so dist/ holds exactly one build.
rmSync('dist/chunks', { recursive: true, force: true })
await Promise.all([
  build({
    ...shared,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
  }),
  build({ ...shared, entryPoints: ['src/index.ts'], outfile: 'dist/index.js' }),
])
