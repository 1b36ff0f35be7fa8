/**
 * Start-up stays close to bare node because the CLI entry loads only commander and the command that
 * runs: no chunk the entry imports statically may contain zod, undici, yaml or the rules. A static
 * import added to src/cli/run.ts (or main.ts) would silently bring them back; this catches it.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'

const ROOT = new URL('../..', import.meta.url).pathname
const ENTRY = join(ROOT, 'dist', 'cli.js')

/** Every file the entry loads before running anything: the closure of its static imports. */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen
  seen.add(file)
  const text = readFileSync(file, 'utf8')
  for (const match of text.matchAll(/^(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"/gms)) {
    staticClosure(join(dirname(file), match[1]!), seen)
  }
  return seen
}

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT })
}, 120_000)

describe('CLI start-up', () => {
  it('the entry statically loads no heavy module (each command is imported when it runs)', () => {
    const files = staticClosure(ENTRY)
    const loaded = [...files].map(file => readFileSync(file, 'utf8')).join('\n')
    expect(loaded).toContain('node_modules/commander')
    for (const heavy of ['node_modules/zod', 'node_modules/undici', 'node_modules/yaml', 'src/lint/rules/']) {
      expect(loaded, heavy).not.toContain(`// ${heavy}`)
    }
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
