import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { InputError } from '../../src/core/errors.ts'
import { sourceFromText } from '../../src/core/source.ts'
import {
  canonicalSchematicYaml,
  EMPTY_SCHEMATIC_ID,
  hasTailscaleExtension,
  parseSchematic,
  parseSchematicWithPositions,
  type Schematic,
  schematicId,
  YamlFloat,
} from '../../src/factory/index.ts'
import { FUZZ_RUNS as RUNS } from '../support/fuzz.ts'

function parseError(text: string): InputError {
  try {
    parseSchematic(sourceFromText('s.yaml', text))
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error(`expected an InputError for ${JSON.stringify(text)}`)
}

describe('schematic facts (T1 in docs/facts.md)', () => {
  const ext = (...names: string[]) => ({
    customization: { systemExtensions: { officialExtensions: names.map(n => `siderolabs/${n}`) } },
  })

  it('knows the empty and the tailscale-only IDs', () => {
    expect(schematicId({})).toBe('376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba')
    expect(EMPTY_SCHEMATIC_ID).toBe(schematicId({ customization: {} }))
    expect(canonicalSchematicYaml({})).toBe('customization: {}\n')
    expect(schematicId(ext('tailscale'))).toBe(
      '4a0d65c669d46663f377e7161e50cfd570c401f26fd9e7bda34a0216b6f1922b',
    )
    expect(hasTailscaleExtension(ext('tailscale'))).toBe(true)
    expect(hasTailscaleExtension(ext('iscsi-tools'))).toBe(false)
  })

  it('keeps extension order: a different order is a different ID', () => {
    expect(schematicId(ext('iscsi-tools', 'tailscale')).startsWith('e2e3b543')).toBe(true)
    expect(schematicId(ext('tailscale', 'iscsi-tools')).startsWith('305bf6cd')).toBe(true)
  })

  it('reproduces IDs seen in the wild', () => {
    expect(schematicId(ext('i915', 'mei', 'tailscale')).startsWith('e60b2867')).toBe(true)
    expect(
      schematicId(ext('iscsi-tools', 'qemu-guest-agent', 'tailscale', 'util-linux-tools')).startsWith(
        '077514df',
      ),
    ).toBe(true)
    const talhelper: Schematic = {
      customization: {
        extraKernelArgs: ['net.ifnames=0'],
        systemExtensions: { officialExtensions: ['siderolabs/tailscale'] },
      },
    }
    expect(schematicId(talhelper).startsWith('104c23df')).toBe(true)
    expect(schematicId({ customization: { extraKernelArgs: ['vga=791'] } }).startsWith('eea1f953')).toBe(true)
    const rpi: Schematic = {
      overlay: { image: 'siderolabs/sbc-raspberrypi', name: 'rpi_generic' },
      ...ext('iscsi-tools'),
    }
    expect(schematicId(rpi).startsWith('f47e6cd2634c')).toBe(true)
  })

  it('writes the struct order whatever the input order, and drops zero values', () => {
    const text = [
      'customization:',
      '  diskImage: {sectorSize: 4096}',
      '  secureboot: {includeWellKnownCertificates: false}',
      '  bootloader: none',
      '  systemExtensions: {}',
      '  meta: []',
      '  extraKernelArgs: [quiet]',
      '  embeddedMachineConfiguration: ""',
      'overlay: {options: {}}',
      'owner: ""',
    ].join('\n')
    expect(canonicalSchematicYaml(parseSchematic(sourceFromText('o.yaml', text)))).toBe(
      'customization:\n    extraKernelArgs:\n        - quiet\n    diskImage:\n        sectorSize: 4096\n',
    )
  })

  it('writes overlay image and name even when empty, and sorts option keys like go-yaml', () => {
    const s: Schematic = { overlay: { options: { b: 'x', a10: 1n, a9: true, A: null } } }
    expect(canonicalSchematicYaml(s)).toBe(
      'overlay:\n    image: ""\n    name: ""\n    options:\n        A: null\n        a9: true\n        a10: 1\n        b: x\n' +
        'customization: {}\n',
    )
  })

  it('keeps integers and floats apart in overlay options, as Go does', () => {
    const text =
      'overlay:\n  image: i\n  name: x\n  options: {a: 1.0, b: 1e6, c: 1000000, d: 2.5, e: 0x10, f: .inf, g: ~}\n'
    const s = parseSchematic(sourceFromText('f.yaml', text))
    expect(canonicalSchematicYaml(s)).toBe(
      'overlay:\n    image: i\n    name: x\n    options:\n        a: 1\n        b: 1e+06\n        c: 1000000\n' +
        '        d: 2.5\n        e: 16\n        f: .inf\n        g: null\ncustomization: {}\n',
    )
    expect(s.overlay?.options?.b).toBeInstanceOf(YamlFloat)
    const built = canonicalSchematicYaml({
      overlay: { image: 'i', name: 'n', options: { c: 1000000, d: 2.5, b: new YamlFloat(1e6) } },
    })
    expect(built).toContain('        b: 1e+06\n        c: 1000000\n        d: 2.5\n')
  })

  it('writes the owner first (Enterprise factories hash it)', () => {
    expect(
      canonicalSchematicYaml({ owner: 'someone@example.com', customization: { bootloader: 'sd-boot' } }),
    ).toBe('owner: someone@example.com\ncustomization:\n    bootloader: sd-boot\n')
  })

  it('writes secure boot and META in struct order with decimal keys', () => {
    const text =
      '{"customization":{"secureboot":{"includeWellKnownCertificates":"yes","enrollKeys":"if-safe"},"meta":[{"value":"x","key":"0x0a"}]}}'
    // "0x0a" is quoted here, so it is a string, which a uint8 cannot hold.
    expect(() => parseSchematic(sourceFromText('m.json', text))).toThrow(/META key/)
    const ok = text.replace('"0x0a"', '0x0a')
    expect(canonicalSchematicYaml(parseSchematic(sourceFromText('m.yaml', ok)))).toBe(
      'customization:\n    meta:\n        - key: 10\n          value: x\n    secureboot:\n        enrollKeys: if-safe\n        includeWellKnownCertificates: true\n',
    )
  })

  it('keeps an explicit enrollKeys: off, quoted like every YAML 1.1 boolean', () => {
    const s = parseSchematic(sourceFromText('e.yaml', 'customization:\n  secureboot:\n    enrollKeys: off\n'))
    expect(canonicalSchematicYaml(s)).toBe('customization:\n    secureboot:\n        enrollKeys: "off"\n')
  })

  it('writes an embedded machine configuration as a literal block', () => {
    const config = 'version: v1alpha1\nmachine:\n  type: worker\n'
    const yaml = canonicalSchematicYaml({ customization: { embeddedMachineConfiguration: config } })
    expect(yaml).toBe(
      'customization:\n    embeddedMachineConfiguration: |\n        version: v1alpha1\n        machine:\n          type: worker\n',
    )
    expect(parse(yaml).customization.embeddedMachineConfiguration).toBe(config)
  })
})

describe('strict reading, like POST /schematics', () => {
  it('rejects unknown fields with their position and a suggestion', () => {
    const error = parseError(
      'customization:\n  systemExtensions:\n    officialExtension:\n      - siderolabs/tailscale\n',
    )
    expect(error.location).toMatchObject({
      file: 's.yaml',
      line: 3,
      column: 5,
      path: 'customization.systemExtensions.officialExtension',
    })
    expect(error.message).toMatch(/unknown field "officialExtension"/)
    expect(error.hint).toMatch(/Did you mean "officialExtensions"/)
  })

  it('rejects unknown top-level fields, also in JSON', () => {
    const error = parseError('{\n  "customization": {},\n  "version": "v1"\n}')
    expect(error.location).toMatchObject({ line: 3, column: 3, path: 'version' })
  })

  it.each([
    ['customization: [a]\n', /customization must be a mapping/, 1, 16],
    ['customization:\n  extraKernelArgs: quiet\n', /must be a list/, 2, 20],
    ['customization:\n  extraKernelArgs: [[a]]\n', /must be a string/, 2, 21],
    ['customization:\n  meta:\n    - key: 256\n      value: x\n', /META key.*out of range/, 3, 12],
    ['customization:\n  meta:\n    - key: -1\n      value: x\n', /META key/, 3, 12],
    ['customization:\n  meta:\n    - key: ten\n      value: x\n', /META key/, 3, 12],
    [
      'customization:\n  meta:\n    - key: 1\n      value: x\n      extra: y\n',
      /unknown field "extra"/,
      5,
      7,
    ],
    ['customization:\n  bootloader: auto\n', /bootloader "auto" is not one of/, 2, 15],
    ['customization:\n  secureboot:\n    enrollKeys: always\n', /enrollKeys "always"/, 3, 17],
    ['customization:\n  secureboot:\n    includeWellKnownCertificates: maybe\n', /true or false/, 3, 35],
    ['customization:\n  diskImage:\n    sectorSize: -512\n', /unsigned integer/, 3, 17],
    ['overlay: rpi\n', /overlay must be a mapping/, 1, 10],
    ['customization:\n  extraKernelArgs: [!!binary aGk=]\n', /explicit YAML tag/, 2, 30],
  ])('rejects %j', (text, message, line, column) => {
    const error = parseError(text)
    expect(error.message).toMatch(message)
    expect(error.location).toMatchObject({ file: 's.yaml', line, column })
  })

  it('rejects empty input, several documents, broken YAML and duplicate keys', () => {
    expect(parseError('').message).toMatch(/empty/)
    expect(parseError('# only a comment\n').message).toMatch(/empty/)
    expect(parseError('customization: {}\n---\ncustomization: {}\n').location?.line).toBe(3)
    expect(parseError('customization: [\n').location?.line).toBeGreaterThan(0)
    expect(parseError('customization: {}\ncustomization: {}\n').message).toMatch(/unique|duplicate/i)
  })

  it('reads scalars with go-yaml rules', () => {
    const s = parseSchematic(
      sourceFromText(
        'g.yaml',
        [
          'customization:',
          '  extraKernelArgs: [10, true, ~, "", null]',
          '  meta:',
          '    - {key: 0x0A, value: 12}',
          '    - {key: 0o17, value: yes}',
          '    - {key: 1_0, value: ~}',
          '  secureboot: {includeWellKnownCertificates: on}',
          '  bootloader: ~',
        ].join('\n'),
      ),
    )
    expect(s.customization).toEqual({
      extraKernelArgs: ['10', 'true', '', '', ''],
      meta: [
        { key: 10, value: '12' },
        { key: 15, value: 'yes' },
        { key: 10, value: '' },
      ],
      secureboot: { includeWellKnownCertificates: true },
    })
    expect(canonicalSchematicYaml(s)).toBe(
      [
        'customization:',
        '    extraKernelArgs:',
        '        - "10"',
        '        - "true"',
        '        - ""',
        '        - ""',
        '        - ""',
        '    meta:',
        '        - key: 10',
        '          value: "12"',
        '        - key: 15',
        '          value: "yes"',
        '        - key: 10',
        '          value: ""',
        '    secureboot:',
        '        includeWellKnownCertificates: true',
        '',
      ].join('\n'),
    )
  })

  it('expands aliases and records positions of fields', () => {
    const text = 'x: &exts\n  - siderolabs/tailscale\n'
    expect(() => parseSchematic(sourceFromText('a.yaml', text))).toThrow(/unknown field "x"/)
    const parsed = parseSchematicWithPositions(
      sourceFromText('p.yaml', 'customization:\n  extraKernelArgs:\n    - quiet\n    - net.ifnames=0\n'),
    )
    expect(parsed.positions.get('customization.extraKernelArgs[1]')).toEqual({ line: 4, column: 7 })
    expect(parsed.positions.get('customization.extraKernelArgs')).toEqual({ line: 2, column: 3 })
    const nested = parseSchematicWithPositions(
      sourceFromText(
        'n.yaml',
        'overlay:\n  image: i\n  name: x\n  options:\n    list: [a, b]\ncustomization:\n  meta:\n    - key: 1\n      value: v\n',
      ),
    )
    expect(nested.positions.get('overlay.options')).toEqual({ line: 4, column: 3 })
    expect(nested.positions.get('overlay.options.list')).toEqual({ line: 5, column: 5 })
    expect(nested.positions.get('overlay.options.list[1]')).toEqual({ line: 5, column: 15 })
    expect(nested.positions.get('customization.meta[0]')).toEqual({ line: 8, column: 7 })
    expect(nested.positions.get('customization.meta[0].value')).toEqual({ line: 9, column: 7 })
  })

  it('rejects values that cannot be canonicalised when built in code', () => {
    expect(() => canonicalSchematicYaml({ customization: { meta: [{ key: 300, value: 'x' }] } })).toThrow(
      InputError,
    )
    expect(() => canonicalSchematicYaml({ customization: { bootloader: 'lilo' as never } })).toThrow(
      /bootloader/,
    )
    expect(() => canonicalSchematicYaml({ customization: { extraKernelArgs: ['\uD800'] } })).toThrow(
      /surrogate/,
    )
    expect(() => canonicalSchematicYaml({ customization: { diskImage: { sectorSize: 1.5 } } })).toThrow(
      /sectorSize/,
    )
  })
})

describe('hostile input', () => {
  const yamlish = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc
      .array(
        fc.constantFrom(
          'customization:',
          '  extraKernelArgs:',
          '    - ',
          '  meta:',
          '    - key: ',
          '      value: ',
          'overlay:',
          '  options:',
          '    ',
          '  systemExtensions: {officialExtensions: [',
          ']}',
          '&a ',
          '*a',
          '!!str ',
          '"',
          "'",
          '|',
          '0x1ff',
          '~',
          'yes',
          '[',
          '{',
          ': ',
          '\n',
          '#',
          '\t',
        ),
        { maxLength: 30 },
      )
      .map(parts => parts.join('')),
  )

  it('either reads a schematic or throws an InputError with a position, never anything else', () => {
    fc.assert(
      fc.property(yamlish, text => {
        try {
          const s = parseSchematic(sourceFromText('f.yaml', text))
          expect(schematicId(s)).toMatch(/^[0-9a-f]{64}$/)
        } catch (error) {
          expect(error).toBeInstanceOf(InputError)
          expect((error as InputError).location?.file).toBe('f.yaml')
        }
      }),
      { numRuns: RUNS },
    )
  })
})
