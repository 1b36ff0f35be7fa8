// Bundles the CLI and the library into ESM files in one esbuild run, so they share chunks instead
// of each carrying a copy. The CLI is split per command (src/cli/run.ts imports each command
// lazily), so start-up parses only what the command uses. Runtime dependencies (package.json
// "dependencies": those the published types name, and those only some commands load) stay external:
// npm installs them once, beside the package, and the bundle imports them. Packages bundled into
// dist/ (commander, ignore: small, loaded by every `check`) are devDependencies, so npm does not
// install them for users: nothing is shipped twice, and start-up does not resolve and compile
// their files one by one. Type declarations are emitted separately
// (`npm run build:types`, part of `npm run build`).
//
// Builds may run while talscale runs (tests spawn bin/talscale.js in parallel), so every file is
// written to a temporary name and renamed, and the chunks of one build live in their own directory
// named by the hash of their content: an entry file never points at chunks of another build.
import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { build } from 'esbuild'

const { version, dependencies } = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
)
const dist = new URL('../dist/', import.meta.url).pathname
// `--clean` (npm run build, before packing): start from an empty dist/, so no chunk of an earlier
// build is packed. Without it (the test setup), running processes keep their chunks.
if (process.argv.includes('--clean')) rmSync(dist, { recursive: true, force: true })

const result = await build({
  entryPoints: { cli: 'src/cli/main.ts', index: 'src/index.ts' },
  outdir: dist,
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  // The runtime dependencies are left to Node to resolve; everything else is bundled.
  external: Object.keys(dependencies).flatMap(name => [name, `${name}/*`]),
  // Bundled CommonJS code (commander) requires Node built-ins.
  banner: {
    js: "import { createRequire as __talscaleCreateRequire } from 'node:module'; const require = __talscaleCreateRequire(import.meta.url);",
  },
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  write: false,
  define: { __TALSCALE_VERSION__: JSON.stringify(version) },
})

function writeAtomic(path, contents) {
  mkdirSync(dirname(path), { recursive: true })
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`
  writeFileSync(temp, contents)
  renameSync(temp, path)
}

const hash = createHash('sha256')
for (const file of result.outputFiles) hash.update(relative(dist, file.path)).update(file.contents)
const build_ = hash.digest('hex').slice(0, 12)
const chunkDir = join(dist, 'chunks', build_)

// Chunks first, then the entries that import them.
for (const file of result.outputFiles) {
  const path = relative(dist, file.path)
  if (path.startsWith('chunks/')) writeAtomic(join(chunkDir, path.slice('chunks/'.length)), file.contents)
}
for (const file of result.outputFiles) {
  const path = relative(dist, file.path)
  if (!path.startsWith('chunks/'))
    writeAtomic(file.path, file.text.replaceAll('"./chunks/', `"./chunks/${build_}/`))
}

// Chunks of earlier builds go once no process started in the last minutes can still need them.
for (const name of readdirSync(join(dist, 'chunks'))) {
  const path = join(dist, 'chunks', name)
  if (name !== build_ && Date.now() - statSync(path).mtimeMs > 5 * 60_000)
    rmSync(path, { recursive: true, force: true })
}

// The browser page (talscale serve) is built from the same sources with Node built-ins shimmed.
await import('./build-web.mjs')
