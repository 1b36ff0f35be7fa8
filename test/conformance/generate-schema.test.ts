import { describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { generateBundle } from '../../src/generate/index.ts'
import { EXAMPLE_NAMES, loadExample } from '../../src/intent/examples.ts'
import { schemaErrors } from './talos-schema.ts'

const VERSIONS = ['v1.10.9', 'v1.11.6', 'v1.12.11', 'v1.13.9', 'v1.14.0']

describe('every document under talos/ validates against the Talos schema of the target minor', () => {
  for (const example of EXAMPLE_NAMES) {
    for (const version of VERSIONS) {
      it(`${example} for ${version}`, () => {
        const bundle = generateBundle(loadExample(example).intent, { talosVersion: version })
        const minor = Number(version.split('.')[1])
        const talosFiles = [...bundle.files].filter(([path]) => path.startsWith('talos/'))
        expect(talosFiles.length).toBeGreaterThanOrEqual(4)
        let documents = 0
        for (const [path, file] of talosFiles) {
          documents += parseAllDocuments(file.content).filter(doc => doc.toJS() != null).length
          expect(schemaErrors(file.content, minor), path).toEqual([])
        }
        expect(documents).toBeGreaterThan(0)
      })
    }
  }
})

describe('the schema check can fail', () => {
  it('rejects a v1alpha1 field the target minor no longer has', () => {
    // machine.install is absent from the v1.14 schema: a v1.13 form must not pass there.
    expect(schemaErrors('machine:\n  install:\n    image: x\n', 14)).not.toEqual([])
    expect(schemaErrors('machine:\n  install:\n    image: x\n', 13)).toEqual([])
  })
  it('rejects a KubeSpanConfig document before v1.13', () => {
    expect(schemaErrors('apiVersion: v1alpha1\nkind: KubeSpanConfig\nenabled: true\n', 12)).not.toEqual([])
  })
})
