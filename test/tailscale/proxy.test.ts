/** The API client goes through HTTPS_PROXY/HTTP_PROXY unless NO_PROXY says otherwise; Terraform's OAuth names work. */
import { createServer, type Server } from 'node:http'
import { type AddressInfo, connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { credentialsFromEnv, proxyFromEnv, TailscaleApi } from '../../src/tailscale/api.ts'
import {
  device,
  FAKE_API_KEY,
  FAKE_CLIENT_ID,
  FAKE_CLIENT_SECRET,
  type FakeApi,
  startFakeApi,
} from '../doctor/fake-api.ts'

let api: FakeApi
let proxy: Server
let proxyUrl: string
const tunnels: string[] = []

beforeAll(async () => {
  api = await startFakeApi({ devices: [device({ id: 'n1CNTRL', hostname: 'cp-1' })] })
  // A forward proxy that only tunnels (CONNECT), the way undici's ProxyAgent talks to proxies.
  proxy = createServer((_request, response) => {
    response.writeHead(405).end()
  })
  proxy.on('connect', (request, client, head) => {
    tunnels.push(request.url ?? '')
    const [host, port] = (request.url ?? '').split(':')
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    upstream.on('error', () => client.destroy())
    client.on('error', () => upstream.destroy())
  })
  await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve))
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
})

afterAll(async () => {
  await api.close()
  proxy.closeAllConnections()
  await new Promise(resolve => proxy.close(resolve))
})

async function devicesVia(env: Record<string, string>): Promise<number> {
  const client = new TailscaleApi({
    credentials: { kind: 'token', token: FAKE_API_KEY },
    baseUrl: api.url,
    timeoutMs: 3000,
    maxRetries: 0,
    env,
  })
  try {
    return (await client.listDevices()).length
  } finally {
    await client.close()
  }
}

describe('proxies from the environment', () => {
  it('HTTP_PROXY / HTTPS_PROXY route the calls through the proxy', async () => {
    tunnels.length = 0
    expect(await devicesVia({ HTTP_PROXY: proxyUrl, HTTPS_PROXY: proxyUrl })).toBe(1)
    expect(tunnels).toContain(new URL(api.url).host)
  })

  it('lower-case names work too, and NO_PROXY sends the host direct', async () => {
    tunnels.length = 0
    expect(await devicesVia({ http_proxy: proxyUrl, no_proxy: '127.0.0.1' })).toBe(1)
    expect(tunnels).toEqual([])
    expect(await devicesVia({ HTTP_PROXY: proxyUrl, NO_PROXY: 'example.com' })).toBe(1)
    expect(tunnels).toHaveLength(1)
  })

  it('without a proxy in the environment, calls go direct', async () => {
    tunnels.length = 0
    expect(await devicesVia({})).toBe(1)
    expect(tunnels).toEqual([])
  })

  it('reads lower-case names before upper-case ones, as curl does', () => {
    expect(proxyFromEnv({ https_proxy: 'http://a', HTTPS_PROXY: 'http://b', NO_PROXY: 'x' })).toEqual({
      httpProxy: '',
      httpsProxy: 'http://a',
      noProxy: 'x',
    })
  })
})

describe('OAuth client from the Tailscale Terraform provider variables', () => {
  it('accepts TAILSCALE_OAUTH_CLIENT_ID / TAILSCALE_OAUTH_CLIENT_SECRET', () => {
    expect(
      credentialsFromEnv({
        TAILSCALE_OAUTH_CLIENT_ID: FAKE_CLIENT_ID,
        TAILSCALE_OAUTH_CLIENT_SECRET: FAKE_CLIENT_SECRET,
      }),
    ).toEqual({ kind: 'oauth', clientId: FAKE_CLIENT_ID, clientSecret: FAKE_CLIENT_SECRET })
  })

  it("talscale's own TS_OAUTH_* names win when both are set", () => {
    expect(
      credentialsFromEnv({
        TS_OAUTH_CLIENT_ID: 'mine',
        TS_OAUTH_CLIENT_SECRET: 'tskey-client-mine',
        TAILSCALE_OAUTH_CLIENT_ID: FAKE_CLIENT_ID,
        TAILSCALE_OAUTH_CLIENT_SECRET: FAKE_CLIENT_SECRET,
      }),
    ).toMatchObject({ clientId: 'mine', clientSecret: 'tskey-client-mine' })
  })
})
