/** talhelper expansion computes the schematic ID talhelper's own tests expect (../shared/reference/factory). */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { sourceFromText } from '../../src/core/source.ts'
import { expandTalhelper } from '../../src/lint/talhelper.ts'
import { installImage } from '../../src/talos/accessors.ts'
import { referencePath } from '../support/reference.ts'

describe('expandTalhelper', () => {
  it('computes the schematic ID talhelper computes (reference vector from talhelper’s tests)', () => {
    const vectors = JSON.parse(
      readFileSync(referencePath('factory/schematic-vectors.json'), 'utf8'),
    ) as Array<{
      source: string
      yaml: string
      id: string
    }>
    const vector = vectors.find(
      v => v.source.includes('talhelper') && v.source.includes('nodeconfig_test.go'),
    )!
    const schematic = vector.yaml
      .trimEnd()
      .split('\n')
      .map(line => `      ${line}`)
      .join('\n')
    const text = `clusterName: c\ntalosVersion: v1.12.0\nendpoint: https://10.0.0.1:6443\nnodes:\n  - hostname: node1\n    ipAddress: 10.0.0.2\n    controlPlane: false\n    schematic:\n${schematic}\n`
    const [target] = expandTalhelper(sourceFromText('talconfig.yaml', text))
    expect(target!.schematic!.id).toBe(vector.id)
    expect(installImage(target!.documents)!.value).toBe(`factory.talos.dev/installer/${vector.id}:v1.12.0`)
  })
})
