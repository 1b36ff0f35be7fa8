import { describe, expect, it } from 'vitest'
import { availableOn, CLI_FLAGS, cliFlag, TAILSCALED_FLAGS } from '../../src/tailscale/flags.ts'
import {
  BOOL_VARIABLES,
  CONTAINERBOOT_VARIABLES,
  EXTENSION_PRESETS,
  KNOWN_ENV_NAMES,
  parseGoBool,
  REJECTED_COMBINATIONS,
} from '../../src/tailscale/variables.ts'
import { referenceJson } from '../support/reference.ts'

const load = (name: string) => referenceJson('tailscale', name)
const up = load('up-flags.json')
const daemon = load('tailscaled-flags.json')
const env = load('containerboot-env.json')
const names = load('env-names.json')

function kindOf(type: string): string {
  if (type.startsWith('bool')) return 'bool'
  if (type === 'int' || type === 'uint16') return 'int'
  return type
}

function osOf(platforms: string): string[] | undefined {
  if (platforms === 'all' || platforms.startsWith('all ')) return undefined
  const list = platforms.replace(/\(.*\)/, '').split(',')
  return list.map(p => p.trim().split(/\s/)[0]!.replace('/ios', ''))
}

describe('CLI flag table', () => {
  it('has exactly the reference flags, with the same kinds and sub-commands', () => {
    const ours = new Map(CLI_FLAGS.map(f => [f.name, f]))
    expect([...ours.keys()].sort()).toEqual(up.flags.map((f: { name: string }) => f.name).sort())
    for (const ref of up.flags) {
      const flag = ours.get(ref.name)!
      expect(flag.kind, ref.name).toBe(kindOf(ref.type))
      expect([...flag.commands].sort(), ref.name).toEqual([...ref.commands].sort())
      expect(flag.aliases ?? [], ref.name).toEqual(ref.aliases ?? [])
      expect(Boolean(flag.hidden), ref.name).toBe(Boolean(ref.hidden))
    }
  })

  it('registers platform-specific flags only where the reference says', () => {
    for (const ref of up.flags) {
      const flag = cliFlag(ref.name)!
      const os = osOf(ref.platforms)
      expect(availableOn(flag, 'linux'), ref.name).toBe(os === undefined || os.includes('linux'))
      expect(availableOn(flag, 'windows'), ref.name).toBe(os === undefined || os.includes('windows'))
    }
  })

  it('resolves the CleanUpArgs aliases', () => {
    expect(cliFlag('authkey')?.name).toBe('auth-key')
    expect(cliFlag('posture-checking')?.name).toBe('report-posture')
  })

  it('keeps the fixed value sets the CLI checks', () => {
    expect(cliFlag('netfilter-mode')?.values).toEqual(['on', 'nodivert', 'off'])
    const ref = up.flags.find((f: { name: string }) => f.name === 'netfilter-mode')
    expect(JSON.stringify(ref.constraints)).toContain('on | nodivert | off')
  })

  it('knows that --port is not an up flag but a tailscaled one', () => {
    expect(cliFlag('port')).toBeUndefined()
    expect(Object.keys(up.not_tailscale_up_flags)).toContain('port')
    expect(TAILSCALED_FLAGS.find(f => f.name === 'port')?.kind).toBe('int')
  })
})

describe('tailscaled flag table', () => {
  it('has exactly the reference flags with the right kinds', () => {
    const ours = new Map(TAILSCALED_FLAGS.map(f => [f.name, f]))
    expect([...ours.keys()].sort()).toEqual(daemon.flags.map((f: { name: string }) => f.name).sort())
    for (const ref of daemon.flags) expect(ours.get(ref.name)!.kind, ref.name).toBe(kindOf(ref.type))
  })

  it('marks flags missing on Linux as such', () => {
    for (const ref of daemon.flags) {
      const os = osOf(ref.platforms)
      const flag = TAILSCALED_FLAGS.find(f => f.name === ref.name)!
      expect(availableOn(flag, 'linux'), ref.name).toBe(os === undefined || os.includes('linux'))
    }
  })
})

describe('containerboot variables', () => {
  const refVars = env.vars.filter((v: { name: string }) => !v.name.includes(' '))

  it('lists every containerboot variable of the reference, and no other', () => {
    expect(CONTAINERBOOT_VARIABLES.map(v => v.name).sort()).toEqual(
      refVars.map((v: { name: string }) => v.name).sort(),
    )
  })

  it('types booleans as the reference does', () => {
    const refBools = refVars
      .filter((v: { type: string }) => v.type === 'bool' || v.type === 'bool|unset')
      .map((v: { name: string }) => v.name)
    expect([...BOOL_VARIABLES].sort()).toEqual(refBools.sort())
  })

  it('keeps the extension presets', () => {
    expect(EXTENSION_PRESETS).toEqual(env.talos_extension.environment_preset)
  })

  it('accepts exactly the booleans strconv.ParseBool accepts', () => {
    const accepted = env.boolean_parsing
      .split(':')[1]
      .split(';')[0]
      .split(',')
      .map((s: string) => s.trim())
    for (const word of accepted) expect(parseGoBool(word), word).toBeTypeOf('boolean')
    for (const word of ['yes', 'no', 'on', 'off', 'TRue', '', ' true'])
      expect(parseGoBool(word), word).toBeUndefined()
  })

  it('quotes every rejected combination verbatim from the reference', () => {
    const messages = new Set<string>(refVars.flatMap((v: { errors?: string[] }) => v.errors ?? []))
    for (const combination of REJECTED_COMBINATIONS) {
      const message = combination.message
      const known =
        messages.has(message) ||
        [...messages].some(m => m.startsWith('... ') && message.endsWith(m.slice(4))) ||
        [...messages].some(m => m.startsWith(message))
      expect(known, message).toBe(true)
    }
  })
})

describe('known environment names', () => {
  it('equals the reference list', () => {
    expect([...KNOWN_ENV_NAMES].sort()).toEqual(names.names.map((n: { name: string }) => n.name).sort())
  })

  it('contains every TS_ variable containerboot reads', () => {
    for (const v of CONTAINERBOOT_VARIABLES)
      if (v.name.startsWith('TS_')) expect(KNOWN_ENV_NAMES.has(v.name), v.name).toBe(true)
  })
})

describe('boolean defaults', () => {
  it('match the reference defaults', () => {
    for (const v of CONTAINERBOOT_VARIABLES.filter(v => v.kind === 'bool')) {
      const ref = env.vars.find((r: { name: string }) => r.name === v.name)
      expect(v.default, v.name).toBe(ref.default)
    }
  })
})
