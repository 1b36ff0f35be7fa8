/**
 * Every loader against hostile input: arbitrary text and bytes, deep nesting, alias bombs, and
 * near-miss documents in the shape each loader expects. Each answers (a value, findings) or refuses
 * with an InputError that has a reason; never another exception, never a hang.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sourceFromText } from '../../src/core/source.ts'
import { explainLog } from '../../src/doctor/explain.ts'
import { parseSchematic, schematicId } from '../../src/factory/schematic.ts'
import { loadIntent } from '../../src/intent/load.ts'
import { lintSources } from '../../src/lint/index.ts'
import { applyPatches } from '../../src/render/apply.ts'
import { loadPatch } from '../../src/render/patch.ts'
import { classifyLine, classifyLog, diagnoseLog } from '../../src/tailscale/logs.ts'
import {
  answersOrRefuses,
  configValue,
  FUZZ_RUNS,
  FUZZ_TIMEOUT,
  hostile,
  mutated,
  SEEDS,
  scalar,
  shaped,
} from './arbitraries.ts'

const cwd = mkdtempSync(join(tmpdir(), 'talscale-fuzz-'))
const params = { numRuns: FUZZ_RUNS }

// Building a SourceFile is itself a loader step (size, NUL, line-length limits).
function source(name: string, text: string) {
  return sourceFromText(name, text)
}

const talosShapes = [
  shaped({ version: 'v1alpha1', machine: { type: 'worker', token: 'fake' }, cluster: { clusterName: 'x' } }),
  shaped({
    apiVersion: 'v1alpha1',
    kind: 'ExtensionServiceConfig',
    name: 'tailscale',
    environment: ['TS_AUTHKEY=x'],
  }),
  mutated(SEEDS.machineConfig),
  fc.array(configValue, { maxLength: 4 }).map(docs => docs.map(doc => JSON.stringify(doc)).join('\n---\n')),
]

describe('intent files (loadIntent)', () => {
  it(
    'answers or refuses with a reason',
    () => {
      const input = hostile(
        mutated(SEEDS.intent),
        shaped({ version: 1, cluster: { name: 'x' }, tailscale: { auth: {} }, nodes: [] }),
      )
      fc.assert(
        fc.property(input, text => answersOrRefuses(() => loadIntent(source('talscale.yaml', text)), text)),
        params,
      )
    },
    FUZZ_TIMEOUT,
  )
})

describe('Talos documents, patches and everything check reads (lintSources)', () => {
  it(
    'finds or refuses, with positions inside the file',
    () => {
      fc.assert(
        fc.property(hostile(...talosShapes), text => {
          answersOrRefuses(() => {
            const result = lintSources([{ source: source('node.yaml', text), explicit: true }], { cwd })
            for (const finding of result.findings) {
              expect(finding.line).toBeGreaterThan(0)
              expect(finding.column).toBeGreaterThan(0)
            }
            for (const error of result.errors) expect(error.message.length).toBeGreaterThan(0)
          }, text)
        }),
        params,
      )
    },
    FUZZ_TIMEOUT,
  )

  it(
    'reads talhelper files (talconfig.yaml with nodes, patches and schematics)',
    () => {
      const talconfig = hostile(
        mutated(SEEDS.talconfig),
        shaped({
          clusterName: 'home',
          endpoint: 'https://10.0.0.1:6443',
          nodes: [{ hostname: 'a', ipAddress: '10.0.0.2', controlPlane: true }],
          patches: ['@./patches/missing.yaml'],
        }),
        fc
          .array(
            fc.record({ hostname: scalar, ipAddress: scalar, controlPlane: scalar, patches: configValue }),
            {
              maxLength: 3,
            },
          )
          .map(nodes => JSON.stringify({ clusterName: 'x', endpoint: 'https://x:6443', nodes })),
      )
      fc.assert(
        fc.property(talconfig, text =>
          answersOrRefuses(
            () => lintSources([{ source: source('talconfig.yaml', text), explicit: true }], { cwd }),
            text,
          ),
        ),
        params,
      )
    },
    FUZZ_TIMEOUT,
  )
})

describe('schematics (parseSchematic)', () => {
  it(
    'gives a schematic with an ID, or refuses',
    () => {
      const input = hostile(
        mutated(SEEDS.schematic),
        shaped({ customization: { systemExtensions: { officialExtensions: ['siderolabs/tailscale'] } } }),
        shaped({ overlay: { name: 'rpi_generic', image: 'siderolabs/sbc-raspberrypi', options: { a: 1 } } }),
      )
      fc.assert(
        fc.property(input, text =>
          answersOrRefuses(() => {
            const id = schematicId(parseSchematic(source('schematic.yaml', text)))
            expect(id).toMatch(/^[0-9a-f]{64}$/)
          }, text),
        ),
        params,
      )
    },
    FUZZ_TIMEOUT,
  )
})

describe('patches (loadPatch, applyPatches)', () => {
  const jsonPatch = fc
    .array(
      fc.record({
        op: fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test', 'bogus'),
        path: fc.oneof(
          fc.string({ maxLength: 20 }),
          fc.constantFrom('/machine/network', '/machine/install/image', '/-', '/cluster/0', '', '/~2'),
        ),
        from: fc.option(fc.constantFrom('/machine', '/cluster/network'), { nil: undefined }),
        value: configValue,
      }),
      { maxLength: 4 },
    )
    .map(ops => JSON.stringify(ops))
  const patch = hostile(
    ...talosShapes,
    jsonPatch,
    shaped({ machine: { network: { $patch: 'delete' } } }),
    shaped({ apiVersion: 'v1alpha1', kind: 'ExtensionServiceConfig', name: 'tailscale', $patch: 'delete' }),
  )

  it(
    'loads or refuses',
    () => {
      fc.assert(
        fc.property(patch, text => answersOrRefuses(() => loadPatch(text, 'patch.yaml'), text)),
        params,
      )
    },
    FUZZ_TIMEOUT,
  )

  it(
    'applies onto a real base, or onto a hostile base, or refuses',
    () => {
      const base = fc.oneof(
        { weight: 3, arbitrary: fc.constant(SEEDS.machineConfig) },
        { weight: 1, arbitrary: hostile(...talosShapes) },
      )
      fc.assert(
        fc.property(base, fc.array(patch, { minLength: 1, maxLength: 3 }), (baseText, patches) => {
          answersOrRefuses(
            () => applyPatches(source('base.yaml', baseText), patches),
            `${baseText}\n#--\n${patches.join('\n#--\n')}`,
          )
        }),
        params,
      )
    },
    FUZZ_TIMEOUT,
  )
})

describe('log lines (src/tailscale/logs.ts classifier, explain-log)', () => {
  const logLine = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.constantFrom(
      'boot: 2026/01/01 00:00:00 failed to auth tailscale: tailscale up failed: exit status 1',
      'backend error: invalid key: API key kFAKE not valid',
      'tailscaled: flag provided but not defined: -port',
      'health(warnable=no-derp-connection): error: ',
      'magicsock: disco: node [abc] d:1234 now using 1.2.3.4:41641',
      '[RATELIMIT] format("%s")',
    ),
    fc.string({ maxLength: 10_000 }),
  )
  const log = fc.array(logLine, { maxLength: 60 }).map(lines => lines.join('\n'))

  it(
    'classifies any text without throwing, slowly growing no state',
    () => {
      fc.assert(
        fc.property(log, text => {
          answersOrRefuses(() => {
            classifyLog(text)
            diagnoseLog(text)
            for (const finding of explainLog('tailscale.log', text)) {
              expect(finding.line).toBeGreaterThan(0)
            }
            classifyLine(text.split('\n')[0] ?? '')
          }, text)
        }),
        params,
      )
    },
    FUZZ_TIMEOUT,
  )

  it('a 1 MB line of near-matches is classified in bounded time', () => {
    const line = `tailscale up failed: ${'invalid key: '.repeat(80_000)}`
    const started = performance.now()
    classifyLog(line)
    explainLog('big.log', `${line}\n`.repeat(4))
    expect(performance.now() - started).toBeLessThan(5_000)
  })
})

describe('keys named like Object.prototype members', () => {
  // Found by fuzzing: `__proto__: 0` in a schematic reached Object.prototype through a field table.
  const KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']
  it.each(KEYS)('%s is an ordinary key for every loader', key => {
    const texts = [
      `${key}: 0\n`,
      `customization:\n  ${key}: 1\n`,
      `overlay:\n  name: x\n  image: y\n  options:\n    ${key}: 1\n`,
      `version: 1\n${key}: 1\ncluster: {${key}: 1}\ntailscale: {${key}: {}}\nnodes: [{${key}: 1}]\n`,
      `machine:\n  ${key}:\n    ${key}: 1\n  network: {${key}: []}\n`,
      `- op: add\n  path: /machine/${key}\n  value: {${key}: 1}\n`,
      `clusterName: x\nendpoint: https://x:6443\n${key}: 1\nnodes:\n  - hostname: a\n    ipAddress: 1.2.3.4\n    ${key}: 1\n`,
    ]
    for (const text of texts) {
      answersOrRefuses(() => parseSchematic(source('schematic.yaml', text)), text)
      answersOrRefuses(() => loadIntent(source('talscale.yaml', text)), text)
      answersOrRefuses(() => loadPatch(text, 'patch.yaml'), text)
      answersOrRefuses(() => applyPatches(source('base.yaml', SEEDS.machineConfig), [text]), text)
      answersOrRefuses(
        () => lintSources([{ source: source('talconfig.yaml', text), explicit: true }], { cwd }),
        text,
      )
    }
    expect(Object.prototype).not.toHaveProperty('0')
  })
})
