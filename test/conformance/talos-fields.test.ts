import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { lookupField } from '../../src/talos/fields.ts'
import { parseTalosVersion } from '../../src/talos/version.ts'
import { referenceDir, referencePath } from '../support/reference.ts'

type Schema = Record<string, unknown>

/** Every property path of a schema document (list items and $refs followed), as the rule sees them. */
function paths(
  schema: Schema,
  defs: Record<string, Schema>,
  prefix: string[],
  out: string[][],
  depth = 0,
): void {
  if (depth > 25) return
  let s = schema
  while (typeof s.$ref === 'string') s = defs[(s.$ref as string).replace('#/$defs/', '')]!
  if (s.type === 'array' && s.items) {
    paths(s.items as Schema, defs, prefix, out, depth + 1)
    return
  }
  for (const [name, child] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) {
    out.push([...prefix, name])
    paths(child, defs, [...prefix, name], out, depth + 1)
  }
}

describe('Talos field inventory against the published schemas', () => {
  const dir = join(referenceDir(), 'talos/schemas-by-release')
  const folders = readdirSync(dir).filter(name => name.startsWith('v'))

  it('the committed inventory is what scripts/gen-talos-fields.ts makes of the schemas', () => {
    referencePath('talos/schemas-by-release/README.md')
    expect(() =>
      execFileSync('npx', ['tsx', 'scripts/gen-talos-fields.ts', '--check'], {
        env: { ...process.env, TALSCALE_REFERENCE_DIR: referenceDir() },
        stdio: 'pipe',
      }),
    ).not.toThrow()
  })

  for (const folder of folders) {
    it(`knows every field of the ${folder} schema in ${folder}`, () => {
      const schema = JSON.parse(readFileSync(`${dir}/${folder}/config.schema.json`, 'utf8')) as Schema
      const defs = schema.$defs as Record<string, Schema>
      const version = parseTalosVersion(folder)
      let checked = 0
      for (const ref of schema.oneOf as Schema[]) {
        const doc = defs[(ref.$ref as string).replace('#/$defs/', '')]!
        const props = doc.properties as Record<string, Schema>
        const kindEnum = (props.kind as Schema | undefined)?.enum as string[] | undefined
        const kind = kindEnum
          ? ({ KubeSpanEndpoints: 'KubeSpanEndpointsConfig', UnattendedInstall: 'UnattendedInstallConfig' }[
              kindEnum[0]!
            ] ?? kindEnum[0]!)
          : 'v1alpha1'
        const out: string[][] = []
        paths(doc, defs, [], out)
        for (const path of out) {
          const found = lookupField(kind, path, version)
          expect(['known', 'open'], `${kind} ${path.join('.')}`).toContain(found.status)
          checked++
        }
      }
      expect(checked).toBeGreaterThan(100)
    })
  }
})
