// Builds the browser page into dist/web: index.html, app.css and one app.js bundle of the library
// parts the page uses. Node built-ins are replaced by the small shims in src/web/shims (no file
// system, SHA-256 from @noble/hashes, posix paths from pathe), so nothing Node-only is bundled;
// the build fails if anything still asks for one. Output is deterministic.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const out = join(root, 'dist/web')

const SHIMS = {
  fs: 'src/web/shims/fs.ts',
  crypto: 'src/web/shims/crypto.ts',
  net: 'src/web/shims/net.ts',
  path: 'pathe',
  url: 'src/web/shims/misc.ts',
  os: 'src/web/shims/misc.ts',
  child_process: 'src/web/shims/misc.ts',
  module: 'src/web/shims/misc.ts',
}

const nodeBuiltins = {
  name: 'node-builtins',
  setup(b) {
    b.onResolve({ filter: /^(node:)?(fs|crypto|net|path|url|os|child_process|module)$/ }, args => {
      const name = args.path.replace(/^node:/, '')
      const target = SHIMS[name]
      if (target === 'pathe') return b.resolve('pathe', { resolveDir: root, kind: 'import-statement' })
      return { path: join(root, target) }
    })
    b.onResolve({ filter: /^node:/ }, args => ({
      errors: [
        {
          text: `${args.path} (imported by ${args.importer}) has no browser shim: the page cannot use it`,
        },
      ],
    }))
  },
}

const result = await build({
  absWorkingDir: root,
  entryPoints: ['src/web/app.ts'],
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: ['chrome110', 'firefox115', 'safari16'],
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  write: false,
  metafile: true,
  logLevel: 'warning',
  outfile: join(out, 'app.js'),
  define: { __TALSCALE_VERSION__: JSON.stringify(version), 'process.env.TALSCALE_DEBUG': 'undefined' },
  // A few library paths read process.env or process.cwd(); in the page there is no process.
  banner: {
    js: 'globalThis.process??={env:{},cwd:()=>"/page",platform:"browser",versions:{},emitWarning(){}};',
  },
  inject: ['src/web/shims/globals.ts'],
  plugins: [nodeBuiltins],
})

function writeAtomic(path, contents) {
  mkdirSync(dirname(path), { recursive: true })
  const temp = `${path}.${process.pid}.tmp`
  writeFileSync(temp, contents)
  renameSync(temp, path)
}

for (const file of result.outputFiles) writeAtomic(file.path, file.contents)
writeAtomic(join(out, 'app.css'), readFileSync(join(root, 'src/web/app.css')))
writeAtomic(
  join(out, 'index.html'),
  readFileSync(join(root, 'src/web/index.html'), 'utf8').replace('__TALSCALE_VERSION__', version),
)
// What went into app.js, for the test that no Node-only package is in the page.
writeAtomic(
  join(out, 'inputs.json'),
  `${JSON.stringify(Object.keys(result.metafile.inputs).sort(), null, 2)}\n`,
)
