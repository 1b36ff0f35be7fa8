/** The loader's errors as the commands that read intent files print them: exit 2, a position, no stack. */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { getExample } from '../../src/intent/examples.ts'
import { runCli } from '../support/cli.ts'

function intentFile(text: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'talscale-intent-cli-'))
  const file = join(dir, 'talscale.yaml')
  writeFileSync(file, text)
  return { dir, file }
}

const BROKEN = getExample('homelab')
  .replace('name: homelab', 'name: HomeLab')
  .replace('lanSubnets: [192.168.1.0/24]', 'lanSubnet: [192.168.1.0/24]')

describe('intent errors through the CLI', () => {
  for (const command of ['generate', 'check'] as const) {
    it(`${command} exits 2 with file, line, column and every problem`, async () => {
      const { dir, file } = intentFile(BROKEN)
      const argv =
        command === 'generate' ? ['generate', '-c', file, '--out', join(dir, 'out')] : ['check', file]
      const result = await runCli(argv)
      expect(result.code).toBe(2)
      expect(result.stdout).toBe('')
      const lines = result.stderr.split('\n')
      expect(lines[0]).toBe(
        `error: ${file}:9:1: cluster.lanSubnets is missing; expected a list of CIDRs like [192.168.1.0/24]`,
      )
      expect(result.stderr).toContain(`${file}:10:9: cluster.name: "HomeLab" is not a DNS label`)
      expect(result.stderr).toContain('unknown setting "lanSubnet"; did you mean "lanSubnets"?')
      expect(result.stderr).not.toMatch(/\n\s+at /)
    })
  }
})
