/** Credential and MTU constants against Tailscale's own tables (../shared/reference/tailscale). */
import { describe, expect, it } from 'vitest'
import { OAUTH_ATTRIBUTES } from '../../src/tailscale/keys.ts'
import { DEFAULT_TUN_MTU, MAX_TUN_MTU, WIREGUARD_OVERHEAD } from '../../src/tailscale/mtu.ts'
import { referenceJson } from '../support/reference.ts'

const reference = (name: string) => referenceJson('tailscale', name)
const daemon = reference('tailscaled-flags.json')
const up = reference('up-flags.json')
const env = reference('containerboot-env.json')

describe('OAuth attributes', () => {
  it('are the ones the auth-key flag documents (feature/oauthkey)', () => {
    const ref = JSON.stringify(up.flags.find((f: { name: string }) => f.name === 'auth-key'))
    for (const name of OAUTH_ATTRIBUTES) expect(ref).toContain(name)
  })
})

describe('TS_DEBUG_MTU', () => {
  const doc = daemon.env_knobs_read_by_tailscaled.find((k: { name: string }) => k.name === 'TS_DEBUG_MTU')
    .doc as string

  it('keeps the reference constants', () => {
    expect(doc).toContain(`= ${MAX_TUN_MTU}`)
    expect(doc).toContain(`Default when unset: ${DEFAULT_TUN_MTU}`)
    expect(env.passthrough_env_read_by_tailscaled).toContain('TS_DEBUG_MTU')
    expect(WIREGUARD_OVERHEAD).toBe(40 + 8 + 4 + 4 + 8 + 16)
  })
})
