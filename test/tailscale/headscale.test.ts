/** The tailnet hygiene commands against Headscale's /api/v1, tested on a local fake built from its API description. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fixedClock } from '../../src/core/clock.ts'
import { deviceFromNode, HeadscaleApi, type HeadscaleNode } from '../../src/tailscale/headscale.ts'
import { runCli } from '../support/cli.ts'
import { FAKE_HEADSCALE_KEY, type FakeHeadscale, startFakeHeadscale } from './fake-headscale.ts'

const NOW = '2026-12-01T00:00:00Z'
const temp = mkdtempSync(join(tmpdir(), 'talscale-headscale-'))
afterAll(() => rmSync(temp, { recursive: true, force: true }))

function nodes(): HeadscaleNode[] {
  return [
    {
      id: '1',
      name: 'cp-1',
      givenName: 'cp-1',
      ipAddresses: ['100.64.0.1', 'fd7a:115c:a1e0::1'],
      user: { id: '1', name: 'ops' },
      lastSeen: '2026-11-30T23:59:00Z',
      expiry: '0001-01-01T00:00:00Z',
      createdAt: '2026-06-01T00:00:00Z',
      tags: ['tag:talos'],
      online: true,
      approvedRoutes: [],
      availableRoutes: ['10.96.0.0/12'],
    },
    {
      id: '2',
      name: 'cp-1',
      givenName: 'cp-1-old',
      ipAddresses: ['100.64.0.9'],
      lastSeen: '2026-05-01T00:00:00Z',
      expiry: '2026-12-05T00:00:00Z',
      forcedTags: ['tag:talos'],
      online: false,
      approvedRoutes: [],
      availableRoutes: [],
    },
  ]
}

let fake: FakeHeadscale
beforeEach(async () => {
  fake = await startFakeHeadscale(nodes())
})
afterEach(async () => {
  await fake.close()
})

const client = () =>
  new HeadscaleApi({ baseUrl: `${fake.url}/api/v1`, apiKey: FAKE_HEADSCALE_KEY, now: fixedClock(NOW) })

describe('HeadscaleApi', () => {
  it('lists nodes as devices: given name, addresses, tags, routes, expiry, online', async () => {
    const api = client()
    const [first, second] = await api.listDevices()
    await api.close()
    expect(first).toMatchObject({
      id: '1',
      hostname: 'cp-1',
      addresses: ['100.64.0.1', 'fd7a:115c:a1e0::1'],
      tags: ['tag:talos'],
      keyExpiryDisabled: true,
      connectedToControl: true,
      advertisedRoutes: ['10.96.0.0/12'],
      enabledRoutes: [],
    })
    expect(second).toMatchObject({
      hostname: 'cp-1-old',
      tags: ['tag:talos'],
      expires: '2026-12-05T00:00:00Z',
    })
    expect(fake.requests[0]).toMatchObject({ method: 'GET', path: '/api/v1/node' })
  })

  it('approves routes, deletes nodes and creates pre-auth keys with the v1 requests', async () => {
    const api = client()
    await api.setDeviceRoutes('1', ['10.96.0.0/12'])
    await api.deleteDevice('2')
    const key = await api.createAuthKey({
      reusable: true,
      ephemeral: false,
      preauthorized: true,
      tags: ['tag:talos'],
      expirySeconds: 86400,
    })
    await api.close()
    expect(fake.nodes.map(node => node.id)).toEqual(['1'])
    expect(fake.nodes[0]!.approvedRoutes).toEqual(['10.96.0.0/12'])
    expect(fake.requests.map(r => `${r.method} ${r.path}`)).toEqual([
      'POST /api/v1/node/1/approve_routes',
      'DELETE /api/v1/node/2',
      'POST /api/v1/preauthkey',
    ])
    expect(JSON.parse(fake.requests[2]!.body)).toEqual({
      reusable: true,
      ephemeral: false,
      expiration: '2026-12-02T00:00:00.000Z',
      aclTags: ['tag:talos'],
    })
    expect(key.key).toBe('hskey-auth-FAKEminted-canarycanarycanary')
  })

  it('a wrong API key is an auth error that does not show the key', async () => {
    const api = new HeadscaleApi({ baseUrl: fake.url, apiKey: 'hskey-api-WRONGwrongwrong-wrongwrongwrong' })
    const error = await api.listDevices().catch(caught => caught as Error)
    await api.close()
    expect(error).toMatchObject({ kind: 'auth' })
    expect(`${(error as Error).message}`).not.toContain('WRONG')
  })

  it('maps a node without expiry, tags or name', () => {
    expect(deviceFromNode({ id: '9' })).toMatchObject({
      id: '9',
      hostname: '9',
      tags: [],
      keyExpiryDisabled: true,
    })
  })
})

describe('talscale tailnet with HEADSCALE_API_KEY', () => {
  const env = () => ({ HEADSCALE_API_KEY: FAKE_HEADSCALE_KEY })

  it('tailnet check reads the nodes from /api/v1 and reports on them', async () => {
    const result = await runCli(['tailnet', 'check', '--api-url', fake.url, '--format', 'json'], {
      env: env(),
      now: fixedClock(NOW),
    })
    const output = JSON.parse(result.stdout) as { findings: Array<{ code: string; message: string }> }
    expect(output.findings.length).toBeGreaterThan(0)
    expect(fake.requests.every(r => r.path.startsWith('/api/v1/'))).toBe(true)
    expect(result.stdout + result.stderr).not.toContain(FAKE_HEADSCALE_KEY)
  })

  it('mint-key writes a Headscale pre-auth key to a 0600 file', async () => {
    const output = join(temp, 'minted.key')
    const result = await runCli(
      ['tailnet', 'mint-key', '--api-url', fake.url, '--tags', 'tag:talos', '-o', output],
      { env: env(), now: fixedClock(NOW) },
    )
    expect(result.code, result.stderr).toBe(0)
    expect(readFileSync(output, 'utf8')).toBe('hskey-auth-FAKEminted-canarycanarycanary\n')
  })

  it('without --api-url it says where Headscale is expected', async () => {
    const result = await runCli(['tailnet', 'check'], { env: env() })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--api-url')
  })
})
