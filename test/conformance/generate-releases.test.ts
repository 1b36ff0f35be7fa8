/**
 * Every generated Talos document validates against the config schema of the exact release the nodes
 * run (issue 12): every folder of ../shared/reference/talos/schemas-by-release (each stands for the
 * releases up to the next folder, see its README), every built-in example plus KubeSpan on, an exit
 * node and OAuth.
 */
import { readdirSync, readFileSync } from 'node:fs'
import type { ValidateFunction } from 'ajv'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { sourceFromText } from '../../src/core/source.ts'
import { generateBundle } from '../../src/generate/index.ts'
import { EXAMPLE_NAMES, getExample } from '../../src/intent/examples.ts'
import { loadIntent } from '../../src/intent/load.ts'
import { kubeSpanDocuments } from '../../src/talos/forms.ts'
import { parseTalosVersion } from '../../src/talos/version.ts'
import { generatorVariants } from '../generate/variants.ts'
import { referenceDir, referencePath } from '../support/reference.ts'
import { asSchemaSees } from './talos-schema.ts'

const FOLDERS = readdirSync(`${referenceDir()}/talos/schemas-by-release`, { withFileTypes: true })
  .filter(entry => entry.isDirectory())
  .map(entry => entry.name)
  .sort()

const validators = new Map<string, ValidateFunction>()
function validatorFor(folder: string): ValidateFunction {
  let validate = validators.get(folder)
  if (!validate) {
    const path = referencePath('talos', 'schemas-by-release', folder, 'config.schema.json')
    const ajv = new Ajv2020({ strict: false, allErrors: false })
    addFormats.default(ajv)
    validate = ajv.compile(JSON.parse(readFileSync(path, 'utf8')))
    validators.set(folder, validate)
  }
  return validate
}

function errors(text: string, folder: string): string[] {
  const validate = validatorFor(folder)
  const minor = Number(folder.split('.')[1])
  const out: string[] = []
  parseAllDocuments(text).forEach((document, index) => {
    const value = document.toJS() as Record<string, unknown> | null
    if (value === null || value === undefined) return
    if (!validate(asSchemaSees(value, minor))) {
      out.push(
        `doc ${index} (${String(value.kind ?? 'v1alpha1')}): ${JSON.stringify(validate.errors?.slice(0, 3))}`,
      )
    }
  })
  return out
}

describe('the reference has the release folders this test expects', () => {
  it('lists v1.12.0 and v1.12.4 apart (the excludeAdvertisedNetworks boundary)', () => {
    expect(FOLDERS).toContain('v1.12.0')
    expect(FOLDERS).toContain('v1.12.4')
  })
  it('the v1.12.0 schema rejects excludeAdvertisedNetworks, so the gate is needed', () => {
    const v1124 = kubeSpanDocuments(parseTalosVersion('v1.12.4'))[0]!
    expect(validatorFor('v1.12.0')(v1124)).toBe(false)
    expect(validatorFor('v1.12.4')(v1124)).toBe(true)
    expect(JSON.stringify(kubeSpanDocuments(parseTalosVersion('v1.12.3')))).not.toContain(
      'excludeAdvertisedNetworks',
    )
  })
})

describe('every document under talos/ validates against the schema of its exact release', () => {
  for (const [name, text] of generatorVariants(EXAMPLE_NAMES.map(n => [n, getExample(n)]))) {
    for (const folder of FOLDERS) {
      it(`${name} for ${folder}`, () => {
        const intent = loadIntent(sourceFromText('talscale.yaml', text)).intent
        const bundle = generateBundle(intent, { talosVersion: folder })
        let documents = 0
        const problems: string[] = []
        for (const [path, file] of bundle.files) {
          if (!path.startsWith('talos/')) continue
          documents += parseAllDocuments(file.content).filter(doc => doc.toJS() != null).length
          for (const error of errors(file.content, folder)) problems.push(`${path}: ${error}`)
        }
        expect(documents).toBeGreaterThan(0)
        expect(problems).toEqual([])
      })
    }
  }
})
