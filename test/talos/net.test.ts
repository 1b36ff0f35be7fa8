/**
 * Subnet filter semantics (siderolabs/net FilterIPs): ordered entries, `!` removes only what was
 * added, exclusion-only lists select nothing; and the interval computation agrees with the
 * per-address definition on random lists and addresses.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatIp, type IpAddress, intervalOf, parseCidr, parseIp } from '../../src/core/net.ts'
import {
  filterSelects,
  onlyExclusions,
  orderAgainstTailnet,
  parseFilter,
  parseSubnetOrAddress,
  selectedWithin,
  TAILNET_RANGES,
} from '../../src/talos/net.ts'
import { FUZZ_RUNS as runs } from '../support/fuzz.ts'

const ip = (text: string) => parseIp(text)!

describe('FilterIPs semantics', () => {
  it('applies entries in order: a later exclusion removes, an earlier one does not', () => {
    const tailnet = ip('100.100.1.2')
    expect(filterSelects(parseFilter(['0.0.0.0/0', '!100.64.0.0/10']), tailnet)).toBe(false)
    expect(filterSelects(parseFilter(['!100.64.0.0/10', '0.0.0.0/0']), tailnet)).toBe(true)
    expect(filterSelects(parseFilter(['0.0.0.0/0', '!100.64.0.0/10']), ip('192.168.1.5'))).toBe(true)
  })

  it('selects nothing with exclusions only', () => {
    const entries = parseFilter(['!100.64.0.0/10', '!fd7a:115c:a1e0::/48'])
    expect(onlyExclusions(entries)).toBe(true)
    expect(filterSelects(entries, ip('192.168.1.5'))).toBe(false)
    expect(onlyExclusions(parseFilter([]))).toBe(false)
    expect(onlyExclusions(parseFilter(['0.0.0.0/0', '!10.0.0.0/8']))).toBe(false)
  })

  it('reads bare addresses as host prefixes, as ParseSubnetOrAddress does', () => {
    expect(parseSubnetOrAddress('192.168.1.5')).toMatchObject({ family: 4, bits: 32 })
    expect(parseSubnetOrAddress('fd7a:115c:a1e0::1')).toMatchObject({ family: 6, bits: 128 })
    expect(parseSubnetOrAddress('not-an-ip')).toBeUndefined()
  })

  it('orders LANs against the tailnet range as Talos sorts addresses (T12)', () => {
    expect(orderAgainstTailnet(parseCidr('10.0.0.0/8')!)).toBe('before')
    expect(orderAgainstTailnet(parseCidr('172.16.0.0/12')!)).toBe('after')
    expect(orderAgainstTailnet(parseCidr('192.168.1.0/24')!)).toBe('after')
    expect(orderAgainstTailnet(parseCidr('100.64.0.0/16')!)).toBe('overlap')
    expect(orderAgainstTailnet(parseCidr('fd00::/8')!)).toBe('other-family')
  })

  it('finds the parts of the tailnet a list admits, agreeing with the per-address rule', () => {
    const tailnet = TAILNET_RANGES[0]!
    const range = intervalOf(tailnet)
    const prefix = fc
      .tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 }), fc.boolean())
      .map(([value, bits, negated]) => {
        const text = `${formatIp({ family: 4, value: BigInt(value) })}/${bits}`
        return negated ? `!${text}` : text
      })
    // Entries that cut into the tailnet range often, so both branches are exercised.
    const near = fc
      .tuple(fc.integer({ min: 0x64000000, max: 0x647fffff }), fc.integer({ min: 8, max: 32 }), fc.boolean())
      .map(
        ([value, bits, negated]) =>
          `${negated ? '!' : ''}${formatIp({ family: 4, value: BigInt(value) })}/${bits}`,
      )
    const address = fc
      .integer({ min: Number(range.low), max: Number(range.high) })
      .map(value => ({ family: 4, value: BigInt(value) }) as IpAddress)
    fc.assert(
      fc.property(
        fc.array(fc.oneof(prefix, near), { maxLength: 6 }),
        fc.array(address, { maxLength: 8 }),
        (list, addresses) => {
          const entries = parseFilter(list)
          const parts = selectedWithin(entries, tailnet)
          for (const candidate of addresses) {
            const inParts = parts.some(
              part => part.interval.low <= candidate.value && candidate.value <= part.interval.high,
            )
            expect(inParts).toBe(filterSelects(entries, candidate))
          }
        },
      ),
      { numRuns: runs },
    )
  })
})
