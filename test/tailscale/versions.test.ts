import { describe, expect, it } from 'vitest'
import {
  describeTailscaleFor,
  extensionTailscale,
  formatTailscale,
  TAILSCALE_CHANGES,
  tailscaleAtLeast,
  tailscaledFlagExistsIn,
  upFlagExistsIn,
} from '../../src/tailscale/versions.ts'

const at = (minor: number, patch: number) => formatTailscale(extensionTailscale({ minor, patch }))

describe('extension Tailscale per Talos release (siderolabs/extensions network/vars.yaml)', () => {
  it.each([
    [10, 0, '1.82.0'],
    [10, 3, '1.82.5'],
    [10, 9, '1.84.0'],
    [11, 1, '1.84.2'],
    [11, 2, '1.88.1'],
    [12, 2, '1.92.3'],
    [12, 3, '1.94.1'],
    [12, 11, '1.94.2'],
    [13, 0, '1.96.4'],
    [13, 2, '1.96.4'],
    [13, 3, '1.98.2'],
    [13, 8, '1.98.9'],
    [13, 9, '1.102.2'],
    [13, 20, '1.102.2'],
    [14, 0, '1.102.2'],
  ])('Talos v1.%i.%i ships %s', (minor, patch, expected) => {
    expect(at(minor, patch)).toBe(expected)
  })

  it('names the version a finding assumes', () => {
    expect(describeTailscaleFor({ minor: 13, patch: 2 })).toBe(
      'Tailscale 1.96.4 as shipped for Talos v1.13.2',
    )
  })

  it('compares versions', () => {
    expect(tailscaleAtLeast([1, 98, 2], TAILSCALE_CHANGES.bareTags)).toBe(true)
    expect(tailscaleAtLeast([1, 96, 4], TAILSCALE_CHANGES.bareTags)).toBe(false)
    expect(tailscaleAtLeast([1, 102, 2], [1, 98, 9])).toBe(true)
  })

  it('knows which up flags older builds lack', () => {
    expect(upFlagExistsIn('audience', [1, 92, 3])).toBe(false)
    expect(upFlagExistsIn('audience', [1, 94, 1])).toBe(true)
    expect(upFlagExistsIn('client-secret', [1, 88, 1])).toBe(false)
    expect(upFlagExistsIn('report-posture', [1, 82, 5])).toBe(false)
    expect(upFlagExistsIn('ssh', [1, 82, 0])).toBe(true)
    expect(tailscaledFlagExistsIn('syslog', [1, 98, 9])).toBe(false)
    expect(tailscaledFlagExistsIn('hardware-attestation', [1, 90, 0])).toBe(true)
    expect(tailscaledFlagExistsIn('port', [1, 82, 0])).toBe(true)
  })
})
