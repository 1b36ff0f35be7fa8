/**
 * Every field and document generate writes exists in the exact Talos release the nodes run, judged by
 * talscale's per-release field inventory (src/talos/fields.ts, built from the schema of every release
 * where it changed). Talos decodes strictly, so a field one patch release too early fails apply-config.
 */
import { describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { sourceFromText } from '../../src/core/source.ts'
import { generateBundle } from '../../src/generate/index.ts'
import { EXAMPLE_NAMES, getExample } from '../../src/intent/examples.ts'
import { loadIntent } from '../../src/intent/load.ts'
import { kindAvailable, lookupField, talosFieldInventory } from '../../src/talos/fields.ts'
import { FORM_SINCE, hasForm } from '../../src/talos/forms.ts'
import { parseTalosVersion } from '../../src/talos/version.ts'
import { generatorVariants } from './variants.ts'

// Each schema folder's release, its last patch of a minor, and one before the v1.12.4 field.
const RELEASES = [
  ...talosFieldInventory().releases,
  'v1.10.9',
  'v1.11.6',
  'v1.12.3',
  'v1.12.11',
  'v1.13.9',
  'v1.14.0',
]

function paths(value: unknown, prefix: string[] = []): string[][] {
  if (Array.isArray(value)) return value.flatMap(item => paths(item, prefix))
  if (typeof value !== 'object' || value === null) return prefix.length > 0 ? [prefix] : []
  const entries = Object.entries(value)
  if (entries.length === 0) return prefix.length > 0 ? [prefix] : []
  return entries.flatMap(([key, child]) => paths(child, [...prefix, key]))
}

describe('FORM_SINCE agrees with the field inventory at every release', () => {
  for (const release of RELEASES) {
    it(release, () => {
      const version = parseTalosVersion(release)
      expect(hasForm(version, 'kubeSpanConfig')).toBe(kindAvailable('KubeSpanConfig', version))
      expect(hasForm(version, 'multidocKubernetes')).toBe(kindAvailable('KubeNodeConfig', version))
      expect(hasForm(version, 'excludeAdvertisedNetworks')).toBe(
        lookupField(
          'v1alpha1',
          ['machine', 'network', 'kubespan', 'filters', 'excludeAdvertisedNetworks'],
          version,
        ).status === 'known',
      )
    })
  }
  it('names v1.12.4 for excludeAdvertisedNetworks', () => {
    expect(FORM_SINCE.excludeAdvertisedNetworks).toEqual({ minor: 12, patch: 4 })
  })
})

describe('every generated field exists in the release the nodes run', () => {
  for (const [name, text] of generatorVariants(EXAMPLE_NAMES.map(n => [n, getExample(n)]))) {
    for (const release of RELEASES) {
      it(`${name} for ${release}`, () => {
        const version = parseTalosVersion(release)
        const intent = loadIntent(sourceFromText('talscale.yaml', text)).intent
        const bundle = generateBundle(intent, { talosVersion: release })
        const unknown: string[] = []
        for (const [path, file] of bundle.files) {
          if (!path.startsWith('talos/')) continue
          for (const doc of parseAllDocuments(file.content)) {
            const value = doc.toJS() as Record<string, unknown> | null
            if (value === null) continue
            const kind = typeof value.kind === 'string' ? value.kind : 'v1alpha1'
            const { apiVersion: _a, kind: _k, ...body } = value
            for (const fieldPath of paths(body)) {
              const found = lookupField(kind, fieldPath, version)
              if (found.status !== 'known' && found.status !== 'open') {
                unknown.push(`${path}: ${kind} ${fieldPath.join('.')} (${found.status})`)
              }
            }
          }
        }
        expect(unknown).toEqual([])
      })
    }
  }
})
