import { isDeepStrictEqual } from 'node:util'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'
import { sourceFromText } from '../../src/core/source.ts'
import { goFormatFloat, goParseInt, goRenderString, goResolve } from '../../src/factory/go-yaml.ts'
import {
  canonicalSchematicYaml,
  parseSchematic,
  type Schematic,
  schematicId,
  YamlFloat,
} from '../../src/factory/index.ts'
import { goKeyLess } from '../../src/factory/schematic.ts'
import { FUZZ_RUNS as RUNS } from '../support/fuzz.ts'

describe('go-yaml scalar resolution', () => {
  it.each([
    ['10', 'int'],
    ['-10', 'int'],
    ['+10', 'int'],
    ['0x1F', 'int'],
    ['0o17', 'int'],
    ['0b101', 'int'],
    ['017', 'int'],
    ['1_000', 'int'],
    ['18446744073709551615', 'int'],
    ['1.5', 'float'],
    ['.5', 'float'],
    ['1e3', 'float'],
    ['08', 'float'],
    ['.inf', 'float'],
    ['-.Inf', 'float'],
    ['.NaN', 'float'],
    ['true', 'bool'],
    ['FALSE', 'bool'],
    ['null', 'null'],
    ['~', 'null'],
    ['', 'null'],
    ['2001-12-14', 'timestamp'],
    ['2001-12-14t21:59:43.10-05:00', 'timestamp'],
    ['2001-12-14 21:59:43.10', 'timestamp'],
    ['<<', 'str'],
    ['yes', 'str'],
    ['on', 'str'],
    ['2001-13-01', 'str'],
    ['2001-02-29', 'str'],
    ['0x', 'str'],
    ['1e400', 'str'],
    ['-', 'str'],
    ['tRue', 'str'],
    ['net.ifnames=0', 'str'],
    ['siderolabs/tailscale', 'str'],
  ])('resolves %j as %s', (text, kind) => {
    expect(goResolve(text).kind).toBe(kind)
  })

  it('parses integers like strconv.ParseInt with base 0', () => {
    expect(goParseInt('0x0a')).toBe(10n)
    expect(goParseInt('012')).toBe(10n)
    expect(goParseInt('-9223372036854775808')).toBe(-9223372036854775808n)
    expect(goParseInt('9223372036854775808')).toBeUndefined()
    expect(goParseInt('08')).toBeUndefined()
    expect(goParseInt('+')).toBeUndefined()
  })
})

describe('go-yaml string styles', () => {
  it.each([
    ['quiet', ' quiet'],
    ['net.ifnames=0', ' net.ifnames=0'],
    ['console=ttyS0,115200n8', ' console=ttyS0,115200n8'],
    ['true', ' "true"'],
    ['True', ' "True"'],
    ['yes', ' "yes"'],
    ['off', ' "off"'],
    ['y', ' "y"'],
    ['10', ' "10"'],
    ['-1', ' "-1"'],
    ['0x1F', ' "0x1F"'],
    ['1_000', ' "1_000"'],
    ['1.5', ' "1.5"'],
    ['.inf', ' ".inf"'],
    ['1:20', ' "1:20"'],
    ['2001-12-14', ' "2001-12-14"'],
    ['2001-13-01', ' 2001-13-01'],
    ['', ' ""'],
    ['~', ' "~"'],
    ['null', ' "null"'],
    ['<<', ' "<<"'],
    ['{"externalIPs":["1.2.3.4"]}', ` '{"externalIPs":["1.2.3.4"]}'`],
    ['[x]', " '[x]'"],
    ['- x', " '- x'"],
    ['-x', ' -x'],
    ['-', " '-'"],
    ['a: b', " 'a: b'"],
    ['a:b', ' a:b'],
    ['http://example.com/x', ' http://example.com/x'],
    ['a #b', " 'a #b'"],
    ['a#b', ' a#b'],
    ['#x', " '#x'"],
    ['?x', ' ?x'],
    ['? x', " '? x'"],
    ['%x', " '%x'"],
    ['@x', " '@x'"],
    ['!x', " '!x'"],
    ['---', " '---'"],
    [' lead', " ' lead'"],
    ['trail ', " 'trail '"],
    ["it's", " it's"],
    ["'q'", " '''q'''"],
    ['tab\there', ' "tab\\there"'],
    ['café', ' café'],
    ['emoji 😀', ' "emoji \\U0001F600"'],
    ['a\u0085b', ' "a\\Nb"'],
    ['bom\ufeff', ' "bom\\uFEFF"'],
    ['del\u007f', ' "del\\x7F"'],
    ['bell\u0007', ' "bell\\a"'],
    ['a\rb', ' "a\\rb"'],
    ['back\\slash "q"', ' back\\slash "q"'],
    ['"q"', ` '"q"'`],
    ['a\nb', ' |-\n    a\n    b'],
    ['a\nb\n', ' |\n    a\n    b\n'],
    ['a\nb\n\n', ' |+\n    a\n    b\n\n'],
    [' a\nb', ' |4-\n     a\n    b'],
    ['a\n\nb', ' |-\n    a\n\n    b'],
    ['x\ty\nz', ' |-\n    x\ty\n    z'],
    ['a \nb', ' "a \\nb"'],
    ['\n', ' "\\n"'],
    ['trailing\n ', ' "trailing\\n "'],
  ])('writes %j as %j', (value, expected) => {
    expect(goRenderString(value, 4)).toBe(expected)
  })

  it('quotes keys in simple-key position', () => {
    expect(goRenderString('a\nb', 0, true)).toBe(' "a\\nb"')
    expect(goRenderString('yes', 0, true)).toBe(' "yes"')
    expect(goRenderString('plain', 0, true)).toBe(' plain')
  })

  it('formats floats like strconv.FormatFloat(f, g, -1, 64)', () => {
    const cases: Array<[number, string]> = [
      [2.5, '2.5'],
      [100, '100'],
      [123456, '123456'],
      [1234567, '1.234567e+06'],
      [1e6, '1e+06'],
      [0.0001, '0.0001'],
      [0.00001, '1e-05'],
      [1e21, '1e+21'],
      [-0.5, '-0.5'],
      [Number.POSITIVE_INFINITY, '.inf'],
      [Number.NaN, '.nan'],
    ]
    for (const [value, text] of cases) expect(goFormatFloat(value)).toBe(text)
  })

  // The string part of go-yaml's own TestSortedOutput (encode_test.go), in its expected order.
  it('sorts string keys as go-yaml TestSortedOutput expects', () => {
    const order = [
      '',
      '.1',
      '.2',
      '.a',
      '1',
      '2',
      'a!10',
      'a/0001',
      'a/002',
      'a/3',
      'a/10',
      'a/11',
      'a/0012',
      'a/100',
      'a~10',
      'ab/1',
      'b/1',
      'b/01',
      'b/2',
      'b/02',
      'b/3',
      'b/03',
      'b1',
      'b01',
      'b3',
      'c2.10',
      'c10.2',
      'd1',
      'd7',
      'd7abc',
      'd12',
      'd12a',
      'e2b',
      'e4b',
      'e21a',
    ]
    fc.assert(
      fc.property(fc.shuffledSubarray(order, { minLength: order.length }), shuffled => {
        const sorted = [...shuffled].sort((x, y) => (goKeyLess(x, y) ? -1 : goKeyLess(y, x) ? 1 : 0))
        expect(sorted).toEqual(order)
      }),
      { numRuns: Math.min(RUNS, 200) },
    )
  })

  // Cases from go-yaml's own TestMarshal (encode_test.go) that concern strings.
  it.each([
    ['-', " '-'"],
    ['1:1', ' "1:1"'],
    ['b: c', " 'b: c'"],
    ['Hello #comment', " 'Hello #comment'"],
    ['你好 #comment', " '你好 #comment'"],
    ['<foo>', ' <foo>'],
    ['2015-02-24T18:19:39Z', ' "2015-02-24T18:19:39Z"'],
    ['\u0000', ' "\\0"'],
    ['你好', ' 你好'],
    ['off', ' "off"'],
    ['\tB\n\tC\n', ' |\n    \tB\n    \tC\n'],
    [
      'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 ',
      " 'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 '",
    ],
  ])('matches go-yaml TestMarshal for %j', (value, expected) => {
    expect(goRenderString(value, 4)).toBe(expected)
  })

  // Cases from go.yaml.in/yaml/v4's TestMarshal (encode_test.go), the factory's library, rebuilt
  // inside overlay.options (indent 8 instead of 0).
  it('nests like go.yaml.in/yaml/v4 TestMarshal', () => {
    const options = canonicalSchematicYaml({
      overlay: {
        image: 'i',
        name: 'x',
        options: {
          '<<': [],
          a: { b: [{ c: 1, d: 2 }] },
          foo: { bar: 'a?bc' },
          m: '<<',
          v: ['A', 'B\nC'],
          w: ['A', 1, { B: [2, 3] }],
        },
      },
    })
    const go = [
      '"<<": []',
      'a:',
      '    b:',
      '        - c: 1',
      '          d: 2',
      'foo:',
      '    bar: a?bc',
      'm: "<<"',
      'v:',
      '    - A',
      '    - |-',
      '      B',
      '      C',
      'w:',
      '    - A',
      '    - 1',
      '    - B:',
      '        - 2',
      '        - 3',
    ]
    expect(options).toBe(
      `overlay:\n    image: i\n    name: x\n    options:\n${go.map(l => `        ${l}\n`).join('')}customization: {}\n`,
    )
  })

  it('sorts map keys in go-yaml natural order', () => {
    const keys = ['b', 'a10', 'a9', 'A', 'a', 'a01', 'a1', '2', '10']
    expect(keys.sort((x, y) => (goKeyLess(x, y) ? -1 : goKeyLess(y, x) ? 1 : 0))).toEqual([
      '2',
      '10',
      'A',
      'a',
      'a1',
      'a01',
      'a9',
      'a10',
      'b',
    ])
  })
})

// Strings the YAML 1.2 parser used as a cross-check reads as go-yaml does; U+2028/U+2029 and NEL are
// line breaks for go-yaml but not for YAML 1.2, so they are left out of the cross-check.
const text = fc
  .string({
    unit: fc.constantFrom(...Array.from('ab0:#- \'"{}[],&*!|>%@`?\t\n\\~.yesnulTF1e+_é😀\u0007\u00a0\ufeff')),
    maxLength: 16,
  })
  .map(s => s.normalize('NFC'))
// go-yaml writes the block indentation indicator (`|4`) relative to its own indent, which inside a
// list is 2 columns off what YAML parsers expect; the factory writes the same bytes, so the ID is
// right, but such text does not read back. Lists and META values avoid it in the read-back checks.
const listText = text.filter(s => !(s.includes('\n') && /^[ \n]/.test(s)))
const simple = fc.stringMatching(/^[a-z][a-z0-9./=-]{0,12}$/)

const schematicArb: fc.Arbitrary<Schematic> = fc.record(
  {
    owner: fc.option(text, { nil: undefined }),
    overlay: fc.option(
      fc.record(
        {
          image: simple,
          name: simple,
          options: fc.dictionary(
            simple,
            fc.oneof(
              simple,
              fc.boolean(),
              fc.bigInt({ min: -1000n, max: 1000n }),
              fc.constant(null),
              fc.array(simple, { maxLength: 3 }),
            ),
            { maxKeys: 4 },
          ),
        },
        { requiredKeys: [] },
      ),
      { nil: undefined },
    ),
    customization: fc.record(
      {
        embeddedMachineConfiguration: text,
        extraKernelArgs: fc.array(listText, { maxLength: 4 }),
        meta: fc.array(fc.record({ key: fc.integer({ min: 0, max: 255 }), value: listText }), {
          maxLength: 3,
        }),
        systemExtensions: fc.record({ officialExtensions: fc.array(simple, { maxLength: 4 }) }),
        bootloader: fc.constantFrom('none', 'dual-boot', 'sd-boot', 'grub' as const),
        secureboot: fc.record(
          {
            enrollKeys: fc.constantFrom('off', 'manual', 'if-safe', 'force' as const),
            includeWellKnownCertificates: fc.boolean(),
          },
          { requiredKeys: [] },
        ),
        diskImage: fc.record({ sectorSize: fc.constantFrom(0, 512, 4096) }),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
)

describe('canonical form properties', () => {
  it('reads back every string exactly, as any YAML parser would', () => {
    fc.assert(
      fc.property(text, value => {
        const readable = !(value.includes('\n') && /^[ \n]/.test(value))
        const yaml = canonicalSchematicYaml({
          customization: {
            embeddedMachineConfiguration: value,
            ...(readable ? { extraKernelArgs: [value], meta: [{ key: 1, value }] } : {}),
          },
        })
        const data = parse(yaml)
        if (readable) {
          expect(data.customization.extraKernelArgs[0]).toBe(value)
          expect(data.customization.meta[0].value).toBe(value)
        }
        if (value !== '') expect(data.customization.embeddedMachineConfiguration).toBe(value)
      }),
      { numRuns: RUNS },
    )
  })

  it('is a fixed point: parse(canonical(s)) canonicalises to the same bytes and ID', () => {
    fc.assert(
      fc.property(schematicArb, s => {
        const yaml = canonicalSchematicYaml(s)
        const again = parseSchematic(sourceFromText('c.yaml', yaml))
        expect(canonicalSchematicYaml(again)).toBe(yaml)
        expect(schematicId(again)).toBe(schematicId(s))
      }),
      { numRuns: RUNS },
    )
  })

  it('keeps overlay option numbers through a round trip (ints, floats, whole floats)', () => {
    const number = fc.oneof(
      fc.double().filter(d => !Object.is(d, -0)),
      fc.integer(),
      fc.bigInt({ min: -(1n << 63n), max: (1n << 64n) - 1n }),
      fc.double({ min: -1e25, max: 1e25 }).map(d => new YamlFloat(Math.trunc(d) || 1)),
    )
    fc.assert(
      fc.property(fc.dictionary(simple, number, { minKeys: 1, maxKeys: 5 }), options => {
        const yaml = canonicalSchematicYaml({ overlay: { image: 'i', name: 'x', options } })
        expect(canonicalSchematicYaml(parseSchematic(sourceFromText('n.yaml', yaml)))).toBe(yaml)
      }),
      { numRuns: RUNS },
    )
  })

  it('gives the same ID whatever the formatting of the input', () => {
    const toJson = (value: unknown): unknown =>
      JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)))
    fc.assert(
      fc.property(schematicArb, fc.constantFrom('json', 'flow', 'two', 'compact'), (s, style) => {
        const data = toJson(parse(canonicalSchematicYaml(s), { intAsBigInt: true }))
        const input =
          style === 'json'
            ? JSON.stringify(data)
            : stringify(
                data,
                style === 'flow'
                  ? { collectionStyle: 'flow', defaultStringType: 'QUOTE_DOUBLE' }
                  : { indent: 2, indentSeq: style === 'two' },
              )
        // The yaml library is the reformatter here; skip the rare inputs it cannot write faithfully.
        fc.pre(isDeepStrictEqual(parse(input), data))
        expect(schematicId(parseSchematic(sourceFromText('r.yaml', input)))).toBe(schematicId(s))
      }),
      { numRuns: RUNS },
    )
  })
})
