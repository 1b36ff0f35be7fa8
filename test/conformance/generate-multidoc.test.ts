/** v1.14 patches rendered on the v1.14 multi-document base validate against the v1.14 Talos schema. */
import { describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { EXAMPLE_NAMES } from '../../src/intent/examples.ts'
import { renderedV114Nodes } from '../generate/helpers.ts'
import { schemaErrors } from './talos-schema.ts'

describe('v1.14 patches on a v1.14 multi-document base validate against the v1.14 schema', () => {
  for (const example of EXAMPLE_NAMES) {
    it(example, () => {
      for (const { node, rendered } of renderedV114Nodes(example)) {
        // gen config still writes the deprecated `persist`, which the v1.14 schema leaves out (T18).
        const text = rendered.documents
          .map(doc => {
            const value = (doc.map?.toJSON() ?? {}) as Record<string, unknown>
            if (doc.kind === 'v1alpha1') delete value.persist
            return stringify(value)
          })
          .join('---\n')
        expect(schemaErrors(text, 14), node.hostname).toEqual([])
      }
    })
  }
})
