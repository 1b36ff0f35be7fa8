/**
 * Renovate (issue 12 item 9): the examples and the init template annotate talosVersion, and the
 * Renovate config in docs/generate.md finds that version in each of them.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { EXAMPLE_NAMES, getExample, INTENT_TEMPLATE } from '../../src/intent/examples.ts'

const DOC = readFileSync(new URL('../../docs/generate.md', import.meta.url), 'utf8')
const config = JSON.parse(/## Renovate[\s\S]*?```json\n([\s\S]*?)```/.exec(DOC)![1]!) as {
  customManagers: Array<{ matchStrings: string[]; managerFilePatterns: string[] }>
  postUpgradeTasks: { commands: string[] }
}
// Renovate's named groups are JavaScript's.
const pattern = new RegExp(config.customManagers[0]!.matchStrings[0]!)

describe('Renovate annotations', () => {
  for (const [name, text] of [
    ...EXAMPLE_NAMES.map(n => [n, getExample(n)]),
    ['init template', INTENT_TEMPLATE],
  ]) {
    it(`${name}: the documented regex manager finds the Talos version`, () => {
      const match = pattern.exec(text!)
      expect(match?.groups).toMatchObject({
        datasource: 'docker',
        depName: 'ghcr.io/siderolabs/installer',
        currentValue: 'v1.14.0',
      })
    })
  }
  it('the documented post-upgrade task regenerates the bundle, and CI runs generate --check', () => {
    expect(config.postUpgradeTasks.commands[0]).toContain('talscale generate')
    expect(DOC).toContain('generate -c talscale.yaml --out cluster --check')
    expect(
      new RegExp(config.customManagers[0]!.managerFilePatterns[0]!.slice(1, -1)).test('talscale.yaml'),
    ).toBe(true)
  })
})
