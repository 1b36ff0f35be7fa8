import { isIPv6 } from 'node:net'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  canonicalCidr,
  cidrContains,
  cidrsOverlap,
  cidrWithin,
  formatCidr,
  formatIp,
  intervalOf,
  isIpv6Address,
  isMaskedCidr,
  maskCidr,
  parseCidr,
  parseIp,
} from '../../src/core/net.ts'
import { FUZZ_RUNS } from '../support/intent-arbitrary.ts'

describe('addresses and prefixes', () => {
  it('parses IPv4 and rejects leading zeros and garbage', () => {
    expect(parseIp('192.168.1.11')).toEqual({ family: 4, value: 0xc0a8010bn })
    expect(parseIp('192.168.01.11')).toBeUndefined()
    expect(parseIp('256.1.1.1')).toBeUndefined()
    expect(parseIp('fe80::1%eth0')).toBeUndefined()
    expect(parseIp('cp-1')).toBeUndefined()
  })

  it('parses IPv6 including embedded IPv4', () => {
    expect(parseIp('::1')).toEqual({ family: 6, value: 1n })
    expect(parseIp('::ffff:192.168.1.1')).toEqual({ family: 6, value: 0xffffc0a80101n })
    expect(parseIp('fd7a:115c:a1e0::')?.value).toBe(0xfd7a115ca1e0n << 80n)
  })

  it('canonicalizes prefixes', () => {
    expect(canonicalCidr(parseCidr('192.168.1.7/24')!)).toBe('192.168.1.0/24')
    expect(canonicalCidr(parseCidr('FD00:0:0::1/8')!)).toBe('fd00::/8')
    expect(canonicalCidr(parseCidr('0.0.0.0/0')!)).toBe('0.0.0.0/0')
    expect(canonicalCidr(parseCidr('fd7a:115c:a1e0:ab12::1/48')!)).toBe('fd7a:115c:a1e0::/48')
    expect(parseCidr('010.0.0.0/8')).toBeUndefined()
    expect(parseCidr('fe80::1%eth0/64')).toBeUndefined()
    expect(parseCidr('10.0.0.0/33')).toBeUndefined()
    expect(parseCidr('10.0.0.0/08')).toBeUndefined()
    expect(parseCidr('::/129')).toBeUndefined()
    expect(parseCidr('10.0.0.0')).toBeUndefined()
  })

  it('follows netip where embedded IPv4 must be the last 32 bits and :: must stand for something', () => {
    expect(parseIp('1.2.3.4::')).toBeUndefined()
    expect(parseIp('::1.2.3.4')?.value).toBe(0x01020304n)
    expect(parseIp('1:2:3:4:5:6:7::8')).toBeUndefined()
    expect(parseIp('1:2:3:4:5:6:7::')?.value).toBe(0x0001000200030004000500060007_0000n)
  })

  it('keeps host bits when asked, masks them otherwise', () => {
    const prefix = parseCidr('10.0.0.1/8')!
    expect(formatCidr(prefix)).toBe('10.0.0.1/8')
    expect(isMaskedCidr(prefix)).toBe(false)
    expect(formatCidr(maskCidr(prefix))).toBe('10.0.0.0/8')
    expect(isMaskedCidr(maskCidr(prefix))).toBe(true)
    expect(isMaskedCidr(parseCidr('::/0')!)).toBe(true)
    expect(intervalOf(parseCidr('192.168.1.7/24')!)).toEqual({
      family: 4,
      low: 0xc0a80100n,
      high: 0xc0a801ffn,
    })
  })

  it('tests containment and overlap by family', () => {
    const lan = parseCidr('192.168.1.0/24')!
    expect(cidrContains(lan, parseIp('192.168.1.255')!)).toBe(true)
    expect(cidrContains(lan, parseIp('192.168.2.0')!)).toBe(false)
    expect(cidrContains(parseCidr('::/0')!, parseIp('10.0.0.1')!)).toBe(false)
    expect(cidrsOverlap(parseCidr('10.0.0.0/8')!, parseCidr('10.244.0.0/16')!)).toBe(true)
    expect(cidrsOverlap(parseCidr('10.244.0.0/16')!, parseCidr('10.96.0.0/12')!)).toBe(false)
    expect(cidrWithin(parseCidr('100.100.0.0/16')!, parseCidr('100.64.0.0/10')!)).toBe(true)
    expect(cidrWithin(parseCidr('100.0.0.0/8')!, parseCidr('100.64.0.0/10')!)).toBe(false)
    expect(cidrWithin(parseCidr('::/0')!, parseCidr('0.0.0.0/0')!)).toBe(false)
  })

  it('formats IPv6 exactly as the WHATWG URL serializer (RFC 5952 compression)', () => {
    const group = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff }))
    fc.assert(
      fc.property(fc.array(group, { minLength: 8, maxLength: 8 }), groups => {
        const full = groups.map(g => g.toString(16)).join(':')
        expect(isIPv6(full)).toBe(true)
        const ours = formatIp(parseIp(full)!)
        const whatwg = new URL(`http://[${full}]/`).hostname.slice(1, -1)
        expect(ours).toBe(whatwg)
        expect(parseIp(ours)).toEqual(parseIp(full))
      }),
      { numRuns: FUZZ_RUNS },
    )
  })
})

describe("isIpv6Address (hand-written, so start-up never compiles node:net's IPv6 expression)", () => {
  it('agrees with node:net isIPv6 (without a zone) on the edge cases', () => {
    for (const text of [
      '::',
      '::1',
      '1::',
      '1:2:3:4:5:6:7::',
      '::1:2:3:4:5:6:7',
      '1:2:3:4:5:6:7:8',
      '::ffff:1.2.3.4',
      '1:2:3:4:5:6:1.2.3.4',
      '1:2:3:4:5:6:7::1.2.3.4',
      '::1.2.3.4',
      ':1.2.3.4',
      'fd7a:115c:a1e0::',
      '1:2:3:4:5:6:7:8:9',
      '1::2::3',
      ':1::',
      '1:::2',
      '::01.2.3.4',
      '12345::',
      'g::',
      '',
      ':',
      '1.2.3.4',
    ])
      expect(isIpv6Address(text), text).toBe(isIPv6(text))
  })

  it('agrees with node:net isIPv6 on strings built from address parts', () => {
    const part = fc.constantFrom(
      '',
      ':',
      '::',
      '0',
      '1',
      'ffff',
      'FFFF',
      '12345',
      'g',
      '1.2.3.4',
      '256.1.1.1',
      '.',
      'a:b',
    )
    fc.assert(
      fc.property(fc.array(part, { maxLength: 12 }), parts => {
        const text = parts.join('')
        expect(isIpv6Address(text)).toBe(isIPv6(text))
      }),
      { numRuns: FUZZ_RUNS * 20 },
    )
  })
})
