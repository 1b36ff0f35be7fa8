/** `generate --config-contract v1.13` for Talos v1.14 writes node configs valid against the v1.13 schema. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../support/cli.ts'
import { schemaErrors } from './talos-schema.ts'

describe('talscale generate --config-contract', () => {
  it('writes v1.13 document forms that the v1.13 schema accepts', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'talscale-contract-'))
    try {
      const result = await runCli(
        [
          'generate',
          '--example',
          'homelab',
          '--out',
          'out',
          '--talos-version',
          'v1.14.0',
          '--config-contract',
          'v1.13',
        ],
        { cwd, env: {} },
      )
      expect(result.code).toBe(0)
      const nodes = readdirSync(join(cwd, 'out/talos/nodes'))
      expect(nodes.length).toBeGreaterThanOrEqual(5)
      for (const node of nodes) {
        const path = join(cwd, 'out/talos/nodes', node)
        expect(schemaErrors(readFileSync(path, 'utf8'), 13), node).toEqual([])
      }
    } finally {
      rmSync(cwd, { recursive: true, force: true })
    }
  })
})
