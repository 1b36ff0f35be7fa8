/**
 * The Tailscale API client against the published API table (../shared/reference/tailscale/api-endpoints.json):
 * only documented fields, endpoints and the documented base URL.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEVICE_FIELDS, TailscaleApi } from '../../src/tailscale/api.ts'
import {
  device,
  FAKE_API_KEY,
  FAKE_CLIENT_ID,
  FAKE_CLIENT_SECRET,
  type FakeApi,
  startFakeApi,
} from '../doctor/fake-api.ts'
import { referenceJson } from '../support/reference.ts'

const reference = referenceJson('tailscale', 'api-endpoints.json') as {
  base_url: string
  endpoints: Array<{ method: string; path: string }>
  Device_schema_fields: Record<string, string>
}

/** Does a concrete request path match a documented endpoint (`/device/{deviceId}/routes`)? */
function documented(method: string, path: string): boolean {
  const bare = path.replace(/^\/api\/v2/, '').split('?')[0]!
  return reference.endpoints.some(
    endpoint =>
      endpoint.method === method &&
      new RegExp(`^${endpoint.path.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(bare),
  )
}

let server: FakeApi
let clients: TailscaleApi[]

beforeEach(async () => {
  server = await startFakeApi({ devices: [device({ id: 'n1CNTRL', hostname: 'cp-1' })] })
  clients = []
})

afterEach(async () => {
  for (const client of clients) await client.close()
  await server.close()
})

function client(options: Partial<ConstructorParameters<typeof TailscaleApi>[0]> = {}): TailscaleApi {
  const api = new TailscaleApi({
    credentials: { kind: 'token', token: FAKE_API_KEY },
    baseUrl: server.url,
    timeoutMs: 2000,
    sleep: async () => {},
    ...options,
  })
  clients.push(api)
  return api
}

describe('against the reference API table', () => {
  it('reads only fields of the documented Device schema', () => {
    const documentedFields = Object.keys(reference.Device_schema_fields)
    for (const field of [
      ...DEVICE_FIELDS.strings,
      ...DEVICE_FIELDS.bools,
      ...DEVICE_FIELDS.lists,
      'id',
      'hostname',
    ]) {
      expect(documentedFields).toContain(field)
    }
  })

  it('uses the documented base URL by default', async () => {
    const api = new TailscaleApi({ credentials: { kind: 'token', token: FAKE_API_KEY } })
    expect(`${api.baseUrl}/api/v2`).toBe(reference.base_url)
    await api.close()
  })

  it('calls only documented endpoints', async () => {
    const api = client()
    await api.listDevices()
    await api.setDeviceRoutes('n1CNTRL', [])
    await api.createAuthKey({ reusable: false, ephemeral: false, preauthorized: true, tags: ['tag:talos'] })
    await api.deleteDevice('n1CNTRL')
    const oauth = client({
      credentials: { kind: 'oauth', clientId: FAKE_CLIENT_ID, clientSecret: FAKE_CLIENT_SECRET },
    })
    await oauth.listDevices()
    expect(server.requests.length).toBeGreaterThanOrEqual(6)
    for (const request of server.requests)
      expect(documented(request.method, request.path), request.path).toBe(true)
  })
})
