// Bundles the CLI and the library into single ESM files: one file to load keeps start-up close to bare node.
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { basename, join } from 'node:path'
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
// loads only what it uses. Chunks of earlier builds are removed only after this one is written, so a
// talscale started during a rebuild (tests run in parallel) never finds its chunks missing.
const [cli] = await Promise.all([
  build({
    ...shared,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    metafile: true,
  }),
  build({ ...shared, entryPoints: ['src/index.ts'], outfile: 'dist/index.js' }),
])
const current = new Set(Object.keys(cli.metafile.outputs).map(path => basename(path)))
for (const name of readdirSync('dist/chunks')) {
  if (!current.has(name)) rmSync(join('dist/chunks', name), { force: true })
}
