/**
 * Talos's own configpatcher test cases (../shared/reference/talos/configpatcher-testdata, mapped
 * in its README) run through talscale's render. Expected files are Talos encoder output, so both
 * sides are compared as parsed YAML documents after `normalise` below.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { InputError } from '../../src/core/errors.ts'
import { readSource, sourceFromText } from '../../src/core/source.ts'
import { applyPatches, loadPatch, loadPatches } from '../../src/render/index.ts'
import { parseTalosVersion } from '../../src/talos/version.ts'
import { referencePath } from '../support/reference.ts'

const dir = (...parts: string[]) => referencePath('talos', 'configpatcher-testdata', ...parts)
const file = (name: string) => readSource(dir(name), name)
const read = (path: string) => readSource(dir(path), path)

/**
 * The Talos encoder writes zero values talscale does not invent: `type: ""`, `token: ""`,
 * `certSANs: []` (always, for v1alpha1), `routes: []` in VLANs, `cluster: null` and (v1.13.9)
 * `controlPlane: null`. Those are dropped on both sides: keys whose value is null, "" or []. It
 * also drops the leading empty line of an inline manifest's `contents` block scalar
 * (TestApplyWithManifestNewline), so leading newlines of `contents` strings are trimmed too.
 * Map key order is not compared (Talos writes struct field order; talscale keeps the base's).
 */
function normalise(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.map(item => normalise(item))
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) {
      if (v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue
      out[k] = normalise(v, k)
    }
    return out
  }
  if (key === 'contents' && typeof value === 'string') return value.replace(/^\n+/, '')
  return value
}

const parseDocs = (text: string) => parseAllDocuments(text).map(doc => normalise(doc.toJS()))
const expected = (name: string) => parseDocs(readFileSync(dir(name), 'utf8'))

function render(base: string, patches: string[], version = 'v1.14.0') {
  const loaded = loadPatches(
    patches.map(p => `@${p}`),
    read,
  )
  return applyPatches(file(base), loaded, { talosVersion: parseTalosVersion(version) })
}

function renderError(base: string, patches: string[], version = 'v1.14.0'): InputError {
  try {
    render(base, patches, version)
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return error as InputError
  }
  throw new Error('expected an InputError')
}

describe('configpatcher testdata: apply_test.go', () => {
  it('TestApply: strategic and JSON patches mixed, interfaces/vlans keyed, extraArgs key deleted', () => {
    const result = render('apply/config.yaml', [
      'apply/strategic1.yaml',
      'apply/jsonpatch1.yaml',
      'apply/jsonpatch2.yaml',
      'apply/strategic2.yaml',
      'apply/strategic3.yaml',
    ])
    expect(parseDocs(result.text)).toEqual(expected('apply/expected.yaml'))
  })

  it('TestApplyWithManifestNewline: inline manifest block scalar survives and reloads', () => {
    const result = render('apply/config.yaml', ['apply/strategic4.yaml'])
    expect(parseDocs(result.text)).toEqual(expected('apply/expected_manifests.yaml'))
    // The rendered text must load again (the point of the upstream test).
    expect(() => applyPatches(sourceFromText('rendered.yaml', result.text), [])).not.toThrow()
  })

  it('TestApplyAuditPolicy: auditPolicy is replaced whole', () => {
    const result = render('auditpolicy/config.yaml', ['auditpolicy/patch1.yaml'])
    expect(parseDocs(result.text)).toEqual(expected('auditpolicy/expected.yaml'))
  })

  it('TestApplyMultiDoc: documents matched by id, configFiles by mountPath, environment appended', () => {
    const result = render('multidoc/config.yaml', [
      'multidoc/strategic1.yaml',
      'multidoc/strategic2.yaml',
      'multidoc/strategic3.yaml',
    ])
    expect(parseDocs(result.text)).toEqual(expected('multidoc/expected.yaml'))
  })

  it('TestApplyMultiDocFail: JSON6902 refused on a multi-document config', () => {
    const error = renderError('multidoc/config.yaml', ['multidoc/jsonpatch.yaml', 'multidoc/strategic1.yaml'])
    expect(error.message).toContain(
      'JSON6902 patches are not supported for multi-document machine configuration',
    )
    expect(error.message).toContain('multidoc/jsonpatch.yaml')
  })

  it('TestApplyToEmptyConfig: missing documents are appended', () => {
    const result = applyPatches(sourceFromText('empty.yaml', ''), [file('multidoc/strategic2.yaml')])
    expect(result.documents).toHaveLength(2)
    expect(result.documents.map(doc => doc.id)).toEqual([
      'v1alpha1/SideroLinkConfig',
      'v1alpha1/ExtensionServiceConfig/foo',
    ])
  })

  it('TestApplyMultiDocDelete: whole document, list item, map key; delete then re-add', () => {
    const result = render('patchdelete/config.yaml', ['patchdelete/strategic1.yaml'])
    expect(parseDocs(result.text)).toEqual(expected('patchdelete/expected.yaml'))
  })

  it('TestApplyMultiDocCPDelete: admission plugin, node label, audit policy deleted', () => {
    const result = render('patchdelete/controlplane_orig.yaml', [
      'patchdelete/strategic2.yaml',
      'patchdelete/strategic3.yaml',
      'patchdelete/strategic4.yaml',
    ])
    expect(parseDocs(result.text)).toEqual(expected('patchdelete/controlplane_expected.yaml'))
  })

  it('TestPatchDeleteMissing: deleting a missing path fails with Talos error text', () => {
    const error = renderError('patchdeletemissing/config.yaml', ['patchdeletemissing/strategic1.yaml'])
    expect(error.message).toContain(
      "patch delete: path 'machine.network.hostname' in document '/v1alpha1': failed to delete path 'machine.network.hostname': lookup failed",
    )
    expect(error.location?.file).toBe('patchdeletemissing/strategic1.yaml')
    expect(error.location?.line).toBe(4)
  })

  it('TestPatchLink: LinkConfig address item deleted and another appended', () => {
    const result = render('patchlink/base.yaml', ['patchlink/patch.yaml'])
    expect(parseDocs(result.text)).toEqual(expected('patchlink/expected.yaml'))
  })

  it('TestPatchMixed: one patch holds the same document three times (v1.14)', () => {
    const result = render('patchmixed/base.yaml', ['patchmixed/patch.yaml'])
    expect(parseDocs(result.text)).toEqual(expected('patchmixed/expected.yaml'))
  })

  it('TestPatchMixed before v1.14: duplicate documents in one patch are refused', () => {
    const error = renderError('patchmixed/base.yaml', ['patchmixed/patch.yaml'], 'v1.13.9')
    expect(error.message).toContain(
      'duplicate document v1alpha1/RegistryMirrorConfig/registry.k8s.io is not allowed',
    )
  })
})

describe('configpatcher testdata: load_test.go', () => {
  it('TestLoadJSON: a JSON-patch array in JSON', () => {
    const patch = loadPatch(file('patch.json'))
    expect(patch.format).toBe('json6902')
    if (patch.format !== 'json6902') return
    expect(patch.operations).toHaveLength(1)
    expect(patch.operations[0]!.op).toBe('add')
    expect(patch.operations[0]!.path).toBe('/machine/certSANs')
  })

  it('TestLoadYAML: a JSON-patch array in YAML', () => {
    const patch = loadPatch(file('patch.yaml'))
    expect(patch.format).toBe('json6902')
    if (patch.format !== 'json6902') return
    expect(patch.operations).toHaveLength(1)
    expect(patch.operations[0]!.path).toBe('/some/path')
    expect((patch.operations[0]!.value as unknown as { toJSON(): unknown }).toJSON()).toEqual(['a', 'b', 'c'])
  })

  it('TestLoadStrategic: a strategic-merge patch with one v1alpha1 document', () => {
    const patch = loadPatch(file('strategic.yaml'))
    expect(patch.format).toBe('strategic')
    if (patch.format !== 'strategic') return
    expect(patch.documents).toHaveLength(1)
    expect(patch.documents[0]!.kind).toBe('v1alpha1')
  })

  it('TestLoadJSONPatches: consecutive JSON patches are concatenated', () => {
    const patches = loadPatches(
      ['@patch.json', '@patch.yaml', '[{"op":"replace","path":"/some","value": []}]'],
      read,
    )
    expect(patches).toHaveLength(1)
    const [patch] = patches
    expect(patch!.format).toBe('json6902')
    if (patch!.format !== 'json6902') return
    expect(patch!.operations.map(op => op.op)).toEqual(['add', 'add', 'replace'])
  })

  it('TestLoadMixedPatches: a strategic patch splits JSON runs', () => {
    const patches = loadPatches(
      ['@patch.json', '@strategic.yaml', '@patch.yaml', '[{"op":"replace","path":"/some","value": []}]'],
      read,
    )
    expect(patches.map(p => p.format)).toEqual(['json6902', 'strategic', 'json6902'])
  })

  it('TestLoadStraightFilename: a filename without @ is read as a file', () => {
    const patches = loadPatches(['strategic.yaml', '[{"op":"replace","path":"/some","value": []}]'], read)
    expect(patches.map(p => p.format)).toEqual(['strategic', 'json6902'])
    expect(patches[0]!.source.path).toBe('strategic.yaml')
  })
})

describe('configpatcher_test.go', () => {
  it('TestJSON6902: add /machine/kubelet/extraArgs', () => {
    const result = applyPatches(sourceFromText('base.yaml', 'machine:\n  kubelet: {}\n'), [
      '[{"op": "add", "path": "/machine/kubelet/extraArgs", "value": {"cloud-provider": "external"}}]',
    ])
    expect(parseDocs(result.text)).toEqual([
      { machine: { kubelet: { extraArgs: { 'cloud-provider': 'external' } } } },
    ])
  })
})
