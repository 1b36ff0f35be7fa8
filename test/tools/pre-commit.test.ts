/**
 * .pre-commit-hooks.yaml: the hook's entry run the way pre-commit runs it, on the staged files of a
 * temporary git repository that match its `files` and not its `exclude`, in one process
 * (require_serial).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { BAD_PATCH, build, DEPLOYMENT, GOOD_PATCH, ROOT, shimDirectory } from './support.ts'

interface Hook {
  id: string
  entry: string
  language: string
  files: string
  exclude?: string
  require_serial?: boolean
}

const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[]
const hook = hooks.find(candidate => candidate.id === 'talscale-check')!
const temp = mkdtempSync(join(tmpdir(), 'talscale-hook-'))
const shims = shimDirectory(join(temp, 'bin'))
beforeAll(build, 120_000)
afterAll(() => rmSync(temp, { recursive: true, force: true }))

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
  })

/** Stages the files in a new repository, then runs the hook on what pre-commit would pass it. */
function commit(files: Record<string, string>) {
  const dir = mkdtempSync(join(temp, 'repo-'))
  git(dir, 'init', '-q')
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  git(dir, 'add', '.')
  const staged = git(dir, 'diff', '--cached', '--name-only').split('\n').filter(Boolean)
  const include = new RegExp(hook.files)
  const exclude = hook.exclude ? new RegExp(hook.exclude) : undefined
  const passed = staged.filter(path => include.test(path) && !exclude?.test(path))
  const [command, ...args] = hook.entry.split(/\s+/)
  const child = spawnSync(command!, [...args, ...passed], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: `${shims}:${process.env.PATH}`, HOME: temp },
  })
  return { code: child.status, stdout: child.stdout, stderr: child.stderr, passed }
}

describe('.pre-commit-hooks.yaml', () => {
  it('declares a node hook running talscale check on YAML and JSON in one process', () => {
    expect(hook.language).toBe('node')
    expect(hook.entry).toMatch(/^talscale check /)
    expect(hook.require_serial).toBe(true)
  })

  it('passes when no staged file is a Talos input', () => {
    const run = commit({
      'README.md': '# cluster\n',
      'apps/web.yaml': DEPLOYMENT,
      '.github/workflows/ci.yaml': 'on: [push]\njobs: {}\n',
      'charts/web/templates/svc.yaml':
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Values.name }}\n',
      'data.json': '{"a": 1}\n',
      '.talscale.yaml': 'failOn: warning\n',
    })
    expect(run.passed).not.toContain('README.md')
    expect(run.passed).not.toContain('.talscale.yaml')
    expect(run.passed).toContain('apps/web.yaml')
    expect(run.code, run.stdout + run.stderr).toBe(0)
    expect(run.stdout).toBe('')
  })

  it('fails on a staged patch with an error, naming the rule', () => {
    const run = commit({ 'patches/tailscale.yaml': BAD_PATCH, 'apps/web.yaml': DEPLOYMENT })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('TAL400')
  })

  it('passes on a staged patch without problems beside other files', () => {
    const run = commit({ 'patches/tailscale.yaml': GOOD_PATCH, 'apps/web.yaml': DEPLOYMENT })
    expect(run.code, run.stdout + run.stderr).toBe(0)
  })

  it('fails on a Talos input that does not parse (it is ours, and broken)', () => {
    const run = commit({ 'controlplane.yaml': 'version: v1alpha1\nmachine:\n  type: [controlplane\n' })
    // A broken input of ours is a finding (or an input error): either way the commit stops.
    expect(run.code).toBeGreaterThan(0)
    expect(run.stdout + run.stderr).toContain('controlplane.yaml')
  })
})
