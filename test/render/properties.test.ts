/** Property tests for render: identity, reversibility where Talos allows it, and robustness. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseAllDocuments, stringify } from 'yaml'
import { InputError } from '../../src/core/errors.ts'
import { readSource, type SourceFile, sourceFromText } from '../../src/core/source.ts'
import { applyPatches, loadPatch } from '../../src/render/index.ts'
import { parseTalosVersion } from '../../src/talos/version.ts'
import { FUZZ_RUNS as RUNS } from '../support/fuzz.ts'

// A render of a gen-config-sized base takes a few milliseconds; leave room for large FUZZ_RUNS.
const TIMEOUT = 20_000 + RUNS * 60
const VERSIONS = ['v1.10', 'v1.11', 'v1.12', 'v1.13', 'v1.14'] as const
const fixture = (version: string, role: string): SourceFile =>
  readSource(new URL(`../fixtures/base/${version}/${role}.yaml`, import.meta.url).pathname, `${role}.yaml`)
const FIXTURES = VERSIONS.flatMap(version => ['controlplane', 'worker'].map(role => ({ version, role })))

const plain = (text: string) => parseAllDocuments(text).map(doc => doc.toJS())
const patch = (name: string, text: string) => loadPatch(sourceFromText(name, text))
const docsText = (docs: unknown[]) => docs.map(doc => stringify(doc)).join('---\n')

describe('render properties', () => {
  it(
    'an empty patch (comments, blank lines, bare document markers) is the identity',
    () => {
      const empty = fc
        .array(fc.constantFrom('', '# just a comment', '---', '   ', '# another: {not: yaml}'), {
          maxLength: 6,
        })
        .map(lines => `${lines.join('\n')}\n`)
      fc.assert(
        fc.property(fc.constantFrom(...FIXTURES), empty, ({ version, role }, text) => {
          const base = fixture(version, role)
          const result = applyPatches(base, [patch('empty.yaml', text)], {
            talosVersion: parseTalosVersion(version),
          })
          expect(result.text).toBe(base.text)
        }),
        { numRuns: RUNS },
      )
    },
    TIMEOUT,
  )

  it(
    'adding keys, list items and a document, then deleting them with $patch: delete, restores the base',
    () => {
      const key = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/)
      const scalar = fc.oneof(
        fc.string({ minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 9999 }),
        fc.boolean(),
      )
      const additions = fc.record({
        annotations: fc.uniqueArray(fc.tuple(key, scalar), { maxLength: 4, selector: ([k]) => k }),
        kubelet: fc.uniqueArray(
          fc.tuple(
            key.map(k => `x-${k}`),
            scalar,
          ),
          { maxLength: 3, selector: ([k]) => k },
        ),
        interfaces: fc.uniqueArray(
          key.map(k => `eth-${k}`),
          { maxLength: 3 },
        ),
        env: fc.array(fc.stringMatching(/^TS_[A-Z]{1,8}=[a-z0-9]{0,6}$/), { maxLength: 3 }),
      })
      fc.assert(
        fc.property(fc.constantFrom('v1.10', 'v1.11', 'v1.12'), additions, (version, add) => {
          const base = fixture(version, 'worker')
          const machine: Record<string, unknown> = {}
          const removal: Record<string, unknown> = {}
          if (add.annotations.length > 0) {
            machine.nodeAnnotations = Object.fromEntries(add.annotations)
            removal.nodeAnnotations = Object.fromEntries(
              add.annotations.map(([k]) => [k, { $patch: 'delete' }]),
            )
          }
          if (add.kubelet.length > 0) {
            machine.kubelet = Object.fromEntries(add.kubelet)
            removal.kubelet = Object.fromEntries(add.kubelet.map(([k]) => [k, { $patch: 'delete' }]))
          }
          if (add.interfaces.length > 0) {
            machine.network = { interfaces: add.interfaces.map(name => ({ interface: name, mtu: 1280 })) }
            removal.network = {
              interfaces: add.interfaces.map(name => ({ interface: name, $patch: 'delete' })),
            }
          }
          const esc = {
            apiVersion: 'v1alpha1',
            kind: 'ExtensionServiceConfig',
            name: 'tailscale',
            environment: add.env,
          }
          const added = docsText([{ machine }, esc])
          const deleted = docsText([
            { machine: removal },
            { ...esc, environment: undefined, $patch: 'delete' },
          ])
          const result = applyPatches(base, [patch('add.yaml', added), patch('delete.yaml', deleted)], {
            talosVersion: parseTalosVersion(version),
          })
          expect(plain(result.text)).toEqual(plain(base.text))
          // Base lines are kept verbatim wherever the data is the base's again.
          expect(result.text).toBe(base.text)
        }),
        { numRuns: RUNS },
      )
    },
    TIMEOUT,
  )

  it(
    'random strategic and JSON patches never crash: they render or raise InputError',
    () => {
      const keys = fc.constantFrom(
        'machine',
        'cluster',
        'network',
        'interfaces',
        'interface',
        'vlans',
        'vlanId',
        'deviceSelector',
        'certSANs',
        'podSubnets',
        'extraArgs',
        'apiServer',
        'auditPolicy',
        'admissionControl',
        'configFiles',
        'mountPath',
        'environment',
        'hostname',
        'kubelet',
        '$patch',
        'apiVersion',
        'kind',
        'name',
        'x',
      )
      const leaf = fc.oneof(
        fc.constantFrom('delete', 'v1alpha1', 'ExtensionServiceConfig', 'tailscale', '', 'eth0'),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.string({ maxLength: 6 }),
      )
      const { tree } = fc.letrec(tie => ({
        tree: fc.oneof(
          { depthSize: 'small', withCrossShrink: true },
          leaf,
          fc.array(tie('tree'), { maxLength: 3 }),
          fc.dictionary(keys, tie('tree'), { maxKeys: 4 }),
        ),
      }))
      const strategic = fc
        .array(fc.dictionary(keys, tree, { maxKeys: 4 }), { minLength: 1, maxLength: 3 })
        .map(docsText)
      const pointer = fc
        .array(fc.oneof(keys, fc.constantFrom('0', '1', '-', '~1', 'a~0b')), { maxLength: 4 })
        .map(parts => parts.map(p => `/${p}`).join(''))
      const operation = fc.record({
        op: fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test', 'nope'),
        path: pointer,
        from: pointer,
        value: tree,
      })
      const json = fc.array(operation, { minLength: 1, maxLength: 4 }).map(ops => JSON.stringify(ops))
      const raw = fc.string({ maxLength: 80 })
      fc.assert(
        fc.property(
          fc.constantFrom(...FIXTURES),
          fc.array(fc.oneof(strategic, json, raw), { minLength: 1, maxLength: 3 }),
          ({ version, role }, texts) => {
            const base = fixture(version, role)
            try {
              const result = applyPatches(
                base,
                texts.map((text, i) => sourceFromText(`p${i}.yaml`, text)),
                { talosVersion: parseTalosVersion(version) },
              )
              // Whatever renders must load again as YAML.
              expect(() => plain(result.text)).not.toThrow()
            } catch (error) {
              if (!(error instanceof InputError)) throw error
            }
          },
        ),
        { numRuns: RUNS },
      )
    },
    TIMEOUT,
  )

  it(
    'the same inputs always give the same bytes',
    () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...FIXTURES),
          fc.array(fc.stringMatching(/^[a-z0-9.-]{1,20}$/), { maxLength: 4 }),
          ({ version, role }, sans) => {
            const base = fixture(version, role)
            const p = patch('sans.yaml', stringify({ machine: { certSANs: sans } }))
            expect(applyPatches(base, [p]).text).toBe(applyPatches(base, [p]).text)
          },
        ),
        { numRuns: Math.min(RUNS, 50) },
      )
    },
    TIMEOUT,
  )
})
