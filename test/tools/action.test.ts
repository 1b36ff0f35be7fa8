/**
 * action.yml: parsed as GitHub reads it, and its shell steps run locally with their inputs filled
 * in (npx is a shim that runs this checkout), so the action's commands are the ones tested.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { BAD_PATCH, build, DEPLOYMENT, GOOD_PATCH, ROOT, shimDirectory } from './support.ts'

interface Step {
  id?: string
  name?: string
  if?: string
  uses?: string
  run?: string
  shell?: string
  env?: Record<string, string>
  with?: Record<string, string>
}
interface Action {
  inputs: Record<string, { default?: string; required?: boolean; description: string }>
  outputs: Record<string, { value: string }>
  runs: { using: string; steps: Step[] }
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action
const temp = mkdtempSync(join(tmpdir(), 'talscale-action-'))
const shims = shimDirectory(join(temp, 'bin'))
beforeAll(build, 120_000)
afterAll(() => rmSync(temp, { recursive: true, force: true }))

/** `${{ inputs.x }}` and `${{ steps.check.outputs.exit-code }}` filled in, as the runner does. */
function expand(text: string, inputs: Record<string, string>, outputs: Record<string, string>): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_all, expression: string) => {
    const input = /^inputs\.([\w-]+)$/.exec(expression)
    if (input) return inputs[input[1]!] ?? action.inputs[input[1]!]?.default ?? ''
    const output = /^steps\.check\.outputs\.([\w-]+)$/.exec(expression)
    if (output) return outputs[output[1]!] ?? ''
    throw new Error(`unexpected expression ${expression}`)
  })
}

function runStep(step: Step, cwd: string, inputs: Record<string, string>, outputs: Record<string, string>) {
  const outputFile = join(temp, `output-${Math.random().toString(36).slice(2)}`)
  writeFileSync(outputFile, '')
  const env: Record<string, string> = {
    PATH: `${shims}:${process.env.PATH}`,
    HOME: temp,
    GITHUB_OUTPUT: outputFile,
    NPX_LOG: join(temp, 'npx.log'),
  }
  for (const [name, value] of Object.entries(step.env ?? {})) env[name] = expand(value, inputs, outputs)
  const child = spawnSync('bash', ['-e', '-c', step.run!], { cwd, env, encoding: 'utf8' })
  const written = Object.fromEntries(
    readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(line => line.split('=') as [string, string]),
  )
  return { code: child.status, stdout: child.stdout, stderr: child.stderr, outputs: written }
}

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(temp, 'repo-'))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  return dir
}

const check = action.runs.steps.find(step => step.id === 'check')!
const result = action.runs.steps.find(step => step.name === 'talscale result')!
const upload = action.runs.steps.find(step => step.uses?.startsWith('github/codeql-action/upload-sarif'))!

describe('action.yml', () => {
  it('is a composite action with a version input and SARIF or annotations mode', () => {
    expect(action.runs.using).toBe('composite')
    expect(action.inputs.version?.default).toBe('latest')
    expect(action.inputs.mode?.description).toMatch(/sarif.*annotations/)
    expect(action.outputs['exit-code']?.value).toBe('${{ steps.check.outputs.exit-code }}')
    expect(check.shell).toBe('bash')
    expect(upload.if).toContain("inputs.mode == 'sarif'")
    expect(upload.if).toContain('always()')
    expect(upload.with?.sarif_file).toBe('${{ inputs.sarif-file }}')
  })

  it('sarif mode runs the requested version, writes SARIF with the findings and records exit code 1', () => {
    const cwd = repo({ 'patches/tailscale.yaml': BAD_PATCH, 'apps/web.yaml': DEPLOYMENT })
    const run = runStep(check, cwd, { version: '0.1.0' }, {})
    expect(run.code, run.stderr).toBe(0)
    expect(run.outputs['exit-code']).toBe('1')
    const sarif = JSON.parse(readFileSync(join(cwd, 'talscale.sarif'), 'utf8'))
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toContain('TAL400')
    expect(readFileSync(join(temp, 'npx.log'), 'utf8')).toContain('talscale@0.1.0')
    // The last step turns the recorded 1 into a failed job, after the upload ran.
    expect(runStep(result, cwd, {}, run.outputs).code).toBe(1)
  })

  it('annotations mode prints workflow commands for the findings', () => {
    const cwd = repo({ 'patches/tailscale.yaml': BAD_PATCH })
    const run = runStep(check, cwd, { mode: 'annotations', paths: 'patches' }, {})
    expect(run.outputs['exit-code']).toBe('1')
    expect(run.stdout).toMatch(/^::error file=patches\/tailscale\.yaml,line=6,/m)
  })

  it('a clean repository passes every step', () => {
    const cwd = repo({ 'patches/tailscale.yaml': GOOD_PATCH, 'apps/web.yaml': DEPLOYMENT })
    const run = runStep(check, cwd, { 'fail-on': 'error' }, {})
    expect(run.outputs['exit-code']).toBe('0')
    expect(runStep(result, cwd, {}, run.outputs).code).toBe(0)
  })

  it('several paths, and fail-on, reach check', () => {
    const cwd = repo({ 'a/tailscale.yaml': GOOD_PATCH, 'b/tailscale.yaml': BAD_PATCH })
    const run = runStep(check, cwd, { paths: 'a b', mode: 'annotations' }, {})
    expect(run.stdout).toContain('file=b/tailscale.yaml')
    const onlyA = runStep(check, cwd, { paths: 'a', mode: 'annotations' }, {})
    expect(onlyA.outputs['exit-code']).toBe('0')
  })

  it('an input error fails the step itself (exit 2), and an unknown mode is refused', () => {
    const cwd = repo({ 'x.yaml': GOOD_PATCH })
    const missing = runStep(check, cwd, { paths: 'does-not-exist' }, {})
    expect(missing.code).toBe(2)
    expect(missing.outputs['exit-code']).toBe('2')
    const bad = runStep(check, cwd, { mode: 'pdf' }, {})
    expect(bad.code).toBe(2)
    expect(bad.stdout).toContain('mode must be sarif or annotations')
  })
})
