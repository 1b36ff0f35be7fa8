/**
 * Start-up stays close to bare node because the CLI entry loads only commander and the command that
 * runs: no chunk the entry imports statically may import zod, undici, yaml or contain the rules. A static
 * import added to src/cli/run.ts (or main.ts) would silently bring them back; this catches it.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'

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
    // Dependencies are external (installed beside the package, never bundled): the entry's closure
    // imports commander by name and nothing heavier.
    const packages = new Set(staticImports(loaded).filter(specifier => !specifier.startsWith('.')))
    expect(packages).toContain('commander')
    for (const heavy of ['zod', 'undici', 'yaml', 'age-encryption', 'fast-xml-parser', 'ignore']) {
      expect(packages, heavy).not.toContain(heavy)
    }
    expect(loaded, 'lint rules').not.toContain('// src/lint/rules/')
    expect(loaded, 'no dependency is bundled').not.toContain('// node_modules/')
    const bytes = [...files].reduce((sum, file) => sum + readFileSync(file).length, 0)
    expect(bytes).toBeLessThan(200 * 1024)
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
})
