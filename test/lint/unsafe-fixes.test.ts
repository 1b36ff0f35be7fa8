/** Unsafe fixes: documented ("Fix safety") for every rule that has one, applied only with --unsafe-fixes. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { RULES } from '../../src/lint/rules/index.ts'
import { runCli } from '../support/cli.ts'

const temp = mkdtempSync(join(tmpdir(), 'talscale-unsafe-'))
afterAll(() => rmSync(temp, { recursive: true, force: true }))

const ESC = `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
  - TS_EXTRA_ARGS=--advertise-routes=10.0.0.1/24
`

describe('fix safety', () => {
  it.each(RULES.filter(rule => rule.fix === 'unsafe').map(rule => [rule.code, rule] as const))(
    '%s says what its unsafe fix changes, in its rule page',
    (code, rule) => {
      expect(rule.docs.fixSafety, code).toMatch(/\.$/)
      const page = readFileSync(new URL(`../../docs/rules/${code}.md`, import.meta.url), 'utf8')
      expect(page).toContain('## Fix safety')
      expect(page).toContain(rule.docs.fixSafety!)
      expect(page).toContain('talscale check --fix --unsafe-fixes')
    },
  )
})

describe('check --fix --unsafe-fixes', () => {
  it('--fix leaves an unsafe fix alone; --unsafe-fixes applies it', async () => {
    const file = join(temp, 'esc.yaml')
    writeFileSync(file, ESC)
    await runCli(['check', '--fix', 'esc.yaml'], { cwd: temp })
    expect(readFileSync(file, 'utf8')).toBe(ESC)
    const preview = await runCli(['check', '--fix', '--unsafe-fixes', '--dry-run', 'esc.yaml'], { cwd: temp })
    expect(preview.stdout).toContain('+  - TS_EXTRA_ARGS=--advertise-routes=10.0.0.0/24')
    await runCli(['check', '--fix', '--unsafe-fixes', 'esc.yaml'], { cwd: temp })
    expect(readFileSync(file, 'utf8')).toContain('--advertise-routes=10.0.0.0/24')
  })

  it('--unsafe-fixes without --fix is a usage error', async () => {
    writeFileSync(join(temp, 'x.yaml'), ESC)
    const result = await runCli(['check', '--unsafe-fixes', 'x.yaml'], { cwd: temp })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--unsafe-fixes only applies together with --fix')
  })
})
