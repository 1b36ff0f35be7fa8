/**
 * Issue 10 item 2 and item 9 (config search): repository content may not make talscale read, echo
 * or rewrite files outside the repository, and a `.talscale.yaml` above the repository is ignored.
 * Each attack below was reproduced against the unfixed code (the outside text appeared in the
 * output, or the outside file was rewritten).
 */
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isInside, OutsideRootError, resolveInside } from '../../src/core/paths.ts'
import { findConfig } from '../../src/lint/config.ts'
import { runCli } from '../support/cli.ts'
import { FUZZ_RUNS } from '../support/intent-arbitrary.ts'

// The outside file holds a stale pragma (a TAL001 finding with a fix) and a marker line: if either
// is ever read, the finding, the code frame or the diff shows the marker.
const MARKER = 'OUTSIDE-SECRET-MARKER'
const OUTSIDE_TEXT = `machine:\n  # talscale-ignore TAL999 -- ${MARKER}\n  type: worker\n`

/** A sandbox: `repo/` (a git repository, `.git` present) and `outside/secret.yaml` beside it. */
function sandbox(files: Record<string, string>): { top: string; repo: string; outside: string } {
  const top = realpathSync(mkdtempSync(join(tmpdir(), 'talscale-contain-')))
  const repo = join(top, 'repo')
  mkdirSync(join(repo, '.git'), { recursive: true })
  mkdirSync(join(top, 'outside'))
  const outside = join(top, 'outside', 'secret.yaml')
  writeFileSync(outside, OUTSIDE_TEXT)
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true })
    writeFileSync(join(repo, path), text)
  }
  return { top, repo, outside }
}

const talconfig = (patch: string) =>
  [
    'clusterName: home',
    'endpoint: https://10.0.0.10:6443',
    'patches:',
    `  - "${patch}"`,
    'nodes:',
    '  - hostname: cp-1',
    '    ipAddress: 10.0.0.10',
    '    controlPlane: true',
    '',
  ].join('\n')

const FORMATS = ['text', 'compact', 'json', 'sarif', 'github'] as const

describe('talhelper @patch references that leave the repository', () => {
  for (const [name, setup] of [
    ['@../outside/secret.yaml', (_: ReturnType<typeof sandbox>) => '@../outside/secret.yaml'],
    [
      'an in-repo symbolic link to outside',
      (s: ReturnType<typeof sandbox>) => {
        symlinkSync(s.outside, join(s.repo, 'link.yaml'))
        return '@./link.yaml'
      },
    ],
    [
      'a symbolic link to an outside directory',
      (s: ReturnType<typeof sandbox>) => {
        symlinkSync(dirname(s.outside), join(s.repo, 'patches'))
        return '@patches/secret.yaml'
      },
    ],
  ] as const) {
    it(`refuses ${name}: TAL002 error, nothing of the target in any format`, async () => {
      const s = sandbox({})
      const patch = setup(s)
      writeFileSync(join(s.repo, 'talconfig.yaml'), talconfig(patch))
      for (const format of FORMATS) {
        const result = await runCli(['check', '--format', format, 'talconfig.yaml'], { cwd: s.repo })
        const all = result.stdout + result.stderr
        expect(all, format).not.toContain(MARKER)
        expect(all, format).toContain('TAL002')
        expect(all, format).not.toContain(s.outside)
        expect(result.code, format).toBe(1)
      }
      const dry = await runCli(['check', '--fix', '--dry-run', 'talconfig.yaml'], { cwd: s.repo })
      expect(dry.stdout + dry.stderr).not.toContain(MARKER)
      const fixed = await runCli(['check', '--fix', '.'], { cwd: s.repo })
      expect(fixed.stdout + fixed.stderr).not.toContain(MARKER)
      expect(readFileSync(s.outside, 'utf8')).toBe(OUTSIDE_TEXT)
    })
  }

  it('still reads a patch inside the repository, also through an in-repo link', async () => {
    const s = sandbox({ 'patches/p.yaml': OUTSIDE_TEXT })
    symlinkSync(join(s.repo, 'patches/p.yaml'), join(s.repo, 'inside-link.yaml'))
    writeFileSync(join(s.repo, 'talconfig.yaml'), talconfig('@./inside-link.yaml'))
    const result = await runCli(['check', '--format', 'compact', 'talconfig.yaml'], { cwd: s.repo })
    expect(result.stdout).toContain('TAL001')
    expect(result.stdout).not.toContain('TAL002')
  })

  it('outside git, the checked directory is the root', async () => {
    const top = realpathSync(mkdtempSync(join(tmpdir(), 'talscale-contain-nogit-')))
    mkdirSync(join(top, 'checked', 'sub'), { recursive: true })
    writeFileSync(join(top, 'secret.yaml'), OUTSIDE_TEXT)
    writeFileSync(join(top, 'checked', 'p.yaml'), OUTSIDE_TEXT.replace(MARKER, 'inside'))
    writeFileSync(join(top, 'checked', 'sub', 'talconfig.yaml'), talconfig('@../p.yaml'))
    writeFileSync(join(top, 'checked', 'talconfig.yaml'), talconfig('@../secret.yaml'))
    for (const [args, cwd] of [
      [['check', 'checked'], top],
      [['check', '.'], join(top, 'checked')],
      [['check'], join(top, 'checked')],
    ] as const) {
      const result = await runCli([...args, '--format', 'compact'], { cwd })
      expect(result.stdout + result.stderr).not.toContain(MARKER)
      expect(result.stdout).toContain('talconfig.yaml:4:5 TAL002 error')
      // sub/talconfig.yaml's patch is inside the checked directory: read and judged.
      expect(result.stdout).toContain('TAL001')
    }
  })
})

describe('files named on the command line and --fix', () => {
  it('refuses a committed symbolic link to outside named explicitly, showing nothing of it', async () => {
    const s = sandbox({})
    symlinkSync(s.outside, join(s.repo, 'cp.yaml'))
    const result = await runCli(['check', 'cp.yaml'], { cwd: s.repo })
    expect(result.code).toBe(2)
    expect(result.stdout + result.stderr).not.toContain(MARKER)
    expect(result.stderr).toContain('outside the repository')
  })

  it('--fix never writes through a symbolic link (inside or outside)', async () => {
    const s = sandbox({ 'real/p.yaml': OUTSIDE_TEXT })
    symlinkSync(join(s.repo, 'real/p.yaml'), join(s.repo, 'link.yaml'))
    const result = await runCli(['check', '--fix', 'link.yaml'], { cwd: s.repo })
    expect(result.stderr).toContain('symbolic link')
    expect(lstatSync(join(s.repo, 'link.yaml')).isSymbolicLink()).toBe(true)
    expect(readFileSync(join(s.repo, 'real/p.yaml'), 'utf8')).toBe(OUTSIDE_TEXT)
  })
})

describe('.talscale.yaml search stops at the repository root', () => {
  it('ignores a config above the git root (a shared temporary directory)', async () => {
    const s = sandbox({ 'cp.yaml': OUTSIDE_TEXT })
    writeFileSync(join(s.top, '.talscale.yaml'), 'rules:\n  TAL001: off\n')
    expect(findConfig(s.repo)).toBeUndefined()
    const result = await runCli(['check', '--format', 'compact', '--fail-on', 'warning'], { cwd: s.repo })
    expect(result.stdout).toContain('TAL001')
    expect(result.code).toBe(1)
    // Inside the repository, a config in a parent of cwd is still found.
    writeFileSync(join(s.repo, '.talscale.yaml'), 'rules:\n  TAL001: off\n')
    mkdirSync(join(s.repo, 'sub'))
    expect(findConfig(join(s.repo, 'sub'))).toBe(join(s.repo, '.talscale.yaml'))
  })

  it('outside git, only the working directory is searched', () => {
    const top = realpathSync(mkdtempSync(join(tmpdir(), 'talscale-config-nogit-')))
    writeFileSync(join(top, '.talscale.yaml'), 'rules:\n  TAL001: off\n')
    mkdirSync(join(top, 'work'))
    expect(findConfig(join(top, 'work'))).toBeUndefined()
    expect(findConfig(top)).toBe(join(top, '.talscale.yaml'))
  })
})

describe('resolveInside (property)', () => {
  // A fixed tree with links in and out; random relative paths over it must be accepted exactly when
  // their real location is inside the root.
  const s = sandbox({ 'a/b/c.yaml': 'x: 1\n', 'd.yaml': 'x: 1\n' })
  symlinkSync(dirname(s.outside), join(s.repo, 'a', 'out'))
  symlinkSync(join(s.repo, 'a', 'b'), join(s.repo, 'in'))
  symlinkSync('/', join(s.repo, 'a', 'b', 'slash'))
  const segment = fc.constantFrom(
    '..',
    '.',
    'a',
    'b',
    'c.yaml',
    'd.yaml',
    'out',
    'in',
    'slash',
    'secret.yaml',
    'repo',
    'outside',
    'missing',
  )

  it('accepts a path exactly when its real (or nearest existing) location is inside', () => {
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 7 }), fc.boolean(), (parts, absolute) => {
        const ref = absolute ? join(s.top, ...parts) : parts.join('/')
        let accepted: boolean
        try {
          resolveInside(s.repo, ref, { base: join(s.repo, 'a') })
          accepted = true
        } catch (error) {
          expect(error).toBeInstanceOf(OutsideRootError)
          expect((error as Error).message).toContain(`"${ref}"`)
          accepted = false
        }
        const full = absolute ? ref : join(s.repo, 'a', ref)
        let real: string | undefined
        try {
          real = realpathSync(full)
        } catch {
          real = undefined
        }
        if (real !== undefined) expect(accepted).toBe(isInside(s.repo, real))
        else if (!isInside(s.repo, full)) expect(accepted).toBe(false)
      }),
      { numRuns: FUZZ_RUNS * 5 },
    )
  })
})
