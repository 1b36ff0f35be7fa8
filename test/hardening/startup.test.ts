/**
 * Start-up stays close to bare node because the CLI entry loads only commander and the command that
 * runs: no chunk the entry imports statically may import zod, undici, yaml or contain the rules. A static
 * import added to src/cli/run.ts (or main.ts) would silently bring them back; this catches it.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

const ROOT = new URL('../..', import.meta.url).pathname
const ENTRY = join(ROOT, 'dist', 'cli.js')

/** Every file the entry loads before running anything: the closure of its static imports. */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen
  seen.add(file)
  for (const specifier of staticImports(readFileSync(file, 'utf8'))) {
    if (specifier.startsWith('.')) staticClosure(join(dirname(file), specifier), seen)
  }
  return seen
}

/** The specifiers of a module's static imports and re-exports (`import "x"` included). */
function staticImports(text: string): string[] {
  return [...text.matchAll(/^(?:import|export)\s(?:[^;]*?from\s+)?"([^"]+)"/gms)].map(match => match[1]!)
}

// dist/ is built once for the whole run by test/support/global-setup.ts.

describe('CLI start-up', () => {
  it('the entry statically loads no heavy module (each command is imported when it runs)', () => {
    const files = staticClosure(ENTRY)
    const loaded = [...files].map(file => readFileSync(file, 'utf8')).join('\n')
    // Runtime dependencies are external (installed beside the package, never bundled); commander is
    // a devDependency bundled into the entry's chunks. Nothing heavier is loaded before a command runs.
    const packages = new Set(staticImports(loaded).filter(specifier => !specifier.startsWith('.')))
    for (const heavy of ['zod', 'undici', 'yaml', 'age-encryption', 'fast-xml-parser', 'ignore']) {
      expect(packages, heavy).not.toContain(heavy)
    }
    expect(loaded, 'lint rules').not.toContain('// src/lint/rules/')
    const bundled = new Set(
      [...loaded.matchAll(/^\/\/ node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)].map(m => m[1]),
    )
    expect([...bundled]).toEqual(['commander'])
    const bytes = [...files].reduce((sum, file) => sum + readFileSync(file).length, 0)
    expect(bytes).toBeLessThan(200 * 1024)
  })

  it('bundles only packages npm does not install for users (nothing is shipped twice)', () => {
    const { dependencies } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>
    }
    const dist = join(ROOT, 'dist')
    const files = [...staticClosure(ENTRY), ...staticClosure(join(dist, 'index.js'))]
    for (const file of files) {
      const text = readFileSync(file, 'utf8')
      for (const [, name] of text.matchAll(/^\/\/ node_modules\/((?:@[^/]+\/)?[^/]+)\//gm))
        expect(Object.keys(dependencies), `${name} is bundled into ${file}`).not.toContain(name)
      for (const specifier of staticImports(text).filter(s => !s.startsWith('.') && !s.startsWith('node:')))
        expect(Object.keys(dependencies), `${specifier} is imported by ${file}`).toContain(
          specifier.replace(/^((?:@[^/]+\/)?[^/]+).*$/, '$1'),
        )
    }
  })

  it('every command still runs from the split bundle', () => {
    for (const argv of [
      ['--version'],
      ['--help'],
      ['init', '-o', '-'],
      ['rules', 'TAL202'],
      ['schematic', 'id', '--help'],
      ['explain-log', '--help'],
      ['doctor', '--help'],
      ['tailnet', 'check', '--help'],
      ['generate', '--help'],
      ['render', '--help'],
      ['check', '--help'],
    ]) {
      const child = spawnSync(process.execPath, [join(ROOT, 'bin', 'talscale.js'), ...argv], {
        encoding: 'utf8',
      })
      expect(child.status, `${argv.join(' ')}: ${child.stderr}`).toBe(0)
      expect(child.stdout.length, argv.join(' ')).toBeGreaterThan(0)
    }
  }, 60_000)

  it('check loads the intent schema (zod) only when an intent file is among the inputs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'talscale-startup-'))
    const intent = readFileSync(join(ROOT, 'test', 'fixtures', 'doctor', 'talscale.yaml'), 'utf8')
    // Flow style (JSON) has no `tailscale:` at the start of a line: found by the lint pass itself.
    writeFileSync(join(dir, 'flow.yaml'), JSON.stringify(parse(intent)))
    writeFileSync(join(dir, 'talscale.yaml'), `${intent}\nbogus: 1\n`)
    // A module hook that reports on stderr every dependency file Node loads.
    writeFileSync(
      join(dir, 'hooks.mjs'),
      'export async function load(url, context, next) {\n' +
        '  const at = url.indexOf("/node_modules/")\n' +
        '  if (at >= 0) process.stderr.write(`LOADED ${url.slice(at)}\\n`)\n' +
        '  return next(url, context)\n}\n',
    )
    writeFileSync(
      join(dir, 'trace.mjs'),
      `import { register } from 'node:module'\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)})\n`,
    )
    const machine = join(ROOT, 'test', 'fixtures', 'check', 'cluster-repo', 'machines')
    const run = (...argv: string[]) => {
      const child = spawnSync(
        process.execPath,
        ['--import', pathToFileURL(join(dir, 'trace.mjs')).href, join(ROOT, 'bin', 'talscale.js'), ...argv],
        {
          encoding: 'utf8',
        },
      )
      return { ...child, zod: child.stderr.includes('LOADED /node_modules/zod/') }
    }
    const talos = run('check', '--format', 'json', machine)
    expect(talos.stdout, talos.stderr).toContain('"findings"')
    expect(talos.zod, 'zod loaded for Talos configs').toBe(false)
    const flow = run('check', '--format', 'json', join(dir, 'flow.yaml'))
    expect(flow.status, flow.stderr).toBe(0)
    expect(flow.zod).toBe(true)
    // Validated by the schema: an unknown setting is an input error (exit 2) with its position.
    const invalid = run('check', join(dir, 'talscale.yaml'))
    expect(invalid.status).toBe(2)
    expect(invalid.stderr).toMatch(/talscale\.yaml:\d+:1: bogus: unknown setting "bogus"/)
  }, 60_000)
})
