// biome-ignore-all lint/suspicious/noTemplateCurlyInString: talhelper ${VAR} placeholders are test data
/** talhelper expansion computes the schematic ID talhelper's own tests expect (../shared/reference/factory). */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { sourceFromText } from '../../src/core/source.ts'
import { runRules } from '../../src/lint/engine.ts'
import { RULES } from '../../src/lint/rules/index.ts'
import { expandTalhelper } from '../../src/lint/talhelper.ts'
import { installImage, machineCertSANs } from '../../src/talos/accessors.ts'
import { runCli } from '../support/cli.ts'
import { referenceJson, referencePath } from '../support/reference.ts'

describe('expandTalhelper', () => {
  it('computes the schematic ID talhelper computes (reference vector from talhelper’s tests)', () => {
    const vectors = referenceJson('factory/schematic-vectors.json') as Array<{
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
    expect(installImage(target!.documents)!.value).toBe(
      `factory.talos.dev/metal-installer/${vector.id}:v1.12.0`,
    )
  })
})

/** A reader over talhelper's testdata: `talenv.yaml`/`talenv.yml` are its env1.yaml/env2.yml. */
function testdataReader(names: Record<string, string>) {
  return (path: string) => {
    const name = names[path]
    if (name === undefined) throw new Error(`no such file: ${path}`)
    return sourceFromText(path, readFileSync(referencePath('talhelper/testdata', name), 'utf8'))
  }
}

describe('talhelper’s own test inputs (pkg/config/loader_test.go)', () => {
  const talconfig = sourceFromText(
    'talconfig.yaml',
    readFileSync(referencePath('talhelper/testdata/config/talconfig.yaml'), 'utf8'),
  )
  const read = testdataReader({ 'talenv.yaml': 'config/env1.yaml', 'talenv.yml': 'config/env2.yml' })
  const targets = expandTalhelper(talconfig, { readFile: read })

  it('substitutes ${HOSTNAME1}, ${IP1} and ${HOSTNAME2} from the env files, as LoadAndValidateFromFile does', () => {
    expect(targets.map(target => target.hints.node)).toEqual(['hostname1', 'hostname2'])
    expect(targets.map(target => target.role)).toEqual(['controlplane', 'worker'])
    expect(targets[0]!.hints.lanSubnets).toEqual(['192.168.200.10/32'])
  })

  it('merges node and group fields as mergeNodeConfigs does (own schematic wins, certSANs append)', () => {
    expect(targets[0]!.schematic!.extensions).toEqual(['siderolabs/tailscale'])
    expect(targets[1]!.schematic!.extensions).toEqual([])
    expect(machineCertSANs(targets[0]!.documents).entries.map(san => san.value)).toEqual([
      'example.net',
      'example.com',
      'example.org',
    ])
  })

  it('leaves a variable no env file sets as written (opaque), as talhelper would refuse to guess it', () => {
    const [target] = expandTalhelper(talconfig, { readFile: testdataReader({}) })
    expect(target!.hints.node).toBe('${HOSTNAME1}')
  })
})

describe('talhelper’s patch test inputs (pkg/patcher): Go templates and SOPS stay opaque', () => {
  const patches = [
    'templating0_input.yaml',
    'templating1_input.yaml',
    'templating2_input.yaml',
    'encrypted.sops.yaml',
    'patch.yaml',
    'strategic.yaml',
    'emptyfile.yaml',
  ]
  const text = `clusterName: c\nendpoint: https://10.0.0.1:6443\nnodes:\n  - hostname: n1\n    ipAddress: 10.0.0.2\n    controlPlane: true\npatches:\n${patches.map(name => `  - "@./patcher/${name}"`).join('\n')}\n`
  const read = testdataReader(Object.fromEntries(patches.map(name => [`patcher/${name}`, `patcher/${name}`])))

  it('reads every patch without a problem and judges no templated or encrypted value', () => {
    const [target] = expandTalhelper(sourceFromText('talconfig.yaml', text), { readFile: read })
    expect(target!.problems ?? []).toEqual([])
    // templating2 is not YAML until rendered, and encrypted.sops.yaml hides its values: partial.
    expect(target!.partial).toBe(true)
    const findings = runRules(RULES, [target!]).filter(f => f.severity !== 'info')
    expect(findings.filter(f => /\{\{|ENC\[|\$\{/.test(f.message))).toEqual([])
    expect(findings.map(f => f.code)).not.toContain('TAL011')
  })

  it('check on each testdata file alone never exits 2', async () => {
    for (const name of [
      ...patches,
      '../substitute/encrypted-manifest.sops.yaml',
      '../generate/encrypted-manifest.sops.yaml',
    ]) {
      const result = await runCli(['check', referencePath('talhelper/testdata/patcher', name)], { env: {} })
      expect(result.code, `${name}: ${result.stderr}`).not.toBe(2)
    }
  })
})
