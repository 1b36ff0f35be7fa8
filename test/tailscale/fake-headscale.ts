/**
 * A local Headscale built from its v1 REST description (hscontrol/api/v1: nodes.go, preauthkeys.go):
 * GET /api/v1/node, DELETE /api/v1/node/{id}, POST /api/v1/node/{id}/approve_routes {routes},
 * POST /api/v1/preauthkey {user, reusable, ephemeral, expiration, aclTags}, bearer API key.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { HeadscaleNode } from '../../src/tailscale/headscale.ts'

export const FAKE_HEADSCALE_KEY = 'hskey-api-FAKEfakefake-fakefakefakefakefakefake'

export interface FakeHeadscale {
  url: string
  nodes: HeadscaleNode[]
  requests: Array<{ method: string; path: string; body: string }>
  close(): Promise<void>
}

export async function startFakeHeadscale(nodes: HeadscaleNode[]): Promise<FakeHeadscale> {
  const fake: FakeHeadscale = { url: '', nodes, requests: [], close: async () => {} }
  const server = createServer((request, response) => {
    let body = ''
    request.on('data', chunk => {
      body += chunk
    })
    request.on('end', () => {
      const path = (request.url ?? '').split('?')[0]!
      fake.requests.push({ method: request.method ?? '', path, body })
      const reply = (status: number, value: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value))
      }
      if (request.headers.authorization !== `Bearer ${FAKE_HEADSCALE_KEY}`)
        return reply(401, { code: 16, message: 'Unauthorized' })
      if (request.method === 'GET' && path === '/api/v1/node') return reply(200, { nodes: fake.nodes })
      const approve = /^\/api\/v1\/node\/(\d+)\/approve_routes$/.exec(path)
      if (request.method === 'POST' && approve) {
        const node = fake.nodes.find(candidate => candidate.id === approve[1])
        if (!node) return reply(404, { code: 5, message: 'node not found' })
        node.approvedRoutes = (JSON.parse(body) as { routes?: string[] }).routes ?? []
        return reply(200, { node })
      }
      const one = /^\/api\/v1\/node\/(\d+)$/.exec(path)
      if (request.method === 'DELETE' && one) {
        const index = fake.nodes.findIndex(candidate => candidate.id === one[1])
        if (index < 0) return reply(404, { code: 5, message: 'node not found' })
        fake.nodes.splice(index, 1)
        return reply(200, {})
      }
      if (request.method === 'POST' && path === '/api/v1/preauthkey') {
        const asked = JSON.parse(body) as {
          reusable?: boolean
          ephemeral?: boolean
          expiration?: string
          aclTags?: string[]
        }
        return reply(200, {
          preAuthKey: {
            id: '7',
            key: 'hskey-auth-FAKEminted-canarycanarycanary',
            reusable: asked.reusable === true,
            ephemeral: asked.ephemeral === true,
            used: false,
            expiration: asked.expiration,
            createdAt: '2026-12-01T00:00:00Z',
            aclTags: asked.aclTags ?? [],
          },
        })
      }
      return reply(404, { code: 5, message: 'Not Found' })
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  fake.close = async () => {
    server.closeAllConnections()
    await new Promise(resolve => server.close(resolve))
  }
  return fake
}
