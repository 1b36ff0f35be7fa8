// biome-ignore-all lint/suspicious/noTemplateCurlyInString: talhelper ${VAR} placeholders are test data
/**
 * False alarms measured on public Talos repositories: shapes that are correct but that check used to
 * report at warning or above. Each fixture is written for this test after the real layout.
 */
import { describe, expect, it } from 'vitest'
import { runCli } from '../support/cli.ts'

const TAGGED_KEY = new URL('../fixtures/repos/tagged-key/', import.meta.url).pathname

interface Json {
  findings: Array<{ code: string; file: string; line: number; severity: string }>
}

describe('a talhelper repository whose auth key carries its tags (the common real layout)', () => {
  it('has nothing at warning or above: a key created with tags tags the node without --advertise-tags', async () => {
    const result = await runCli(['check', '--format', 'json', '.'], { cwd: TAGGED_KEY, env: {} })
    expect(result.stderr).toBe('')
    const json = JSON.parse(result.stdout) as Json
    expect(json.findings.filter(f => f.severity !== 'info')).toEqual([])
    // The missing tag flag is still worth a note: the key may be untagged.
    expect(json.findings.map(f => `${f.file}:${f.line} ${f.code} ${f.severity}`)).toContain(
      'talos/patches/global/tailscale.yaml:7 TAL505 info',
    )
    expect(result.code).toBe(0)
  })
})
