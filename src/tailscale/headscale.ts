/**
 * The tailnet hygiene calls (devices, routes, pre-auth keys) against Headscale's own REST API under
 * `/api/v1` (its gRPC gateway), for `tailnet` and `doctor` when `HEADSCALE_API_KEY` is set. Headscale
 * nodes are mapped onto the `Device` shape the checks already read: `givenName` as the hostname,
 * `availableRoutes`/`approvedRoutes` as advertised/enabled routes (Headscale 0.26 and later), forced
 * and valid tags as tags, `online` as connected. The API key is sent as a bearer token and never shown.
 * @module
 */
import { Agent, type Dispatcher, EnvHttpProxyAgent, request } from 'undici'
import { type Clock, systemClock } from '../core/clock.ts'
import { registerSecretValue } from '../core/secrets.ts'
import { type CreatedKey, type Device, type KeyRequest, proxyFromEnv, TailscaleApiError } from './api.ts'

export interface HeadscaleOptions {
  /** Headscale's server URL (`https://headscale.example.com`); a trailing `/api/v1` is accepted. */
  baseUrl: string
  apiKey: string
  /** The user pre-auth keys are created for (Headscale needs one): its ID, or its name on older servers. */
  user?: string
  timeoutMs?: number
  env?: Readonly<Record<string, string | undefined>>
  /** "Now" for key expirations; the system clock by default. */
  now?: Clock
}

/** A Headscale node as `GET /api/v1/node` returns it (the fields talscale reads). */
export interface HeadscaleNode {
  id: string
  name?: string
  givenName?: string
  ipAddresses?: string[]
  user?: { id?: string; name?: string }
  lastSeen?: string
  expiry?: string | null
  createdAt?: string
  /** Headscale 0.27+: the node's tags. Older servers: forcedTags and validTags. */
  tags?: string[]
  forcedTags?: string[]
  validTags?: string[]
  online?: boolean
  approvedRoutes?: string[]
  availableRoutes?: string[]
  preAuthKey?: { ephemeral?: boolean } | null
}

// Headscale writes the zero time for "never expires".
const ZERO_TIME = /^0001-01-01T00:00:00/

/** A Headscale node in the shape of a Tailscale API device. */
export function deviceFromNode(node: HeadscaleNode): Device {
  const tags = [...new Set([...(node.tags ?? []), ...(node.forcedTags ?? []), ...(node.validTags ?? [])])]
  const neverExpires = !node.expiry || ZERO_TIME.test(node.expiry)
  return {
    id: String(node.id),
    hostname: node.givenName || node.name || String(node.id),
    ...(node.givenName || node.name ? { name: node.givenName || node.name } : {}),
    addresses: [...(node.ipAddresses ?? [])],
    tags,
    authorized: true,
    isEphemeral: node.preAuthKey?.ephemeral === true,
    keyExpiryDisabled: neverExpires,
    ...(neverExpires ? {} : { expires: node.expiry! }),
    ...(node.createdAt ? { created: node.createdAt } : {}),
    ...(node.lastSeen ? { lastSeen: node.lastSeen } : {}),
    connectedToControl: node.online === true,
    advertisedRoutes: [...(node.availableRoutes ?? [])],
    enabledRoutes: [...(node.approvedRoutes ?? [])],
  }
}

/** The Headscale client: the same calls as `TailscaleApi`, against `/api/v1`. */
export class HeadscaleApi {
  readonly baseUrl: string
  readonly tailnet = '-'
  readonly #apiKey: string
  readonly #user: string | undefined
  readonly #timeoutMs: number
  readonly #agent: Dispatcher
  readonly #now: Clock

  constructor(options: HeadscaleOptions) {
    let parsed: URL
    try {
      parsed = new URL(options.baseUrl)
    } catch {
      throw new TailscaleApiError(
        'invalid-response',
        `Headscale URL "${options.baseUrl}" is not a valid URL`,
        {
          hint: 'Pass --api-url as https://headscale.example.com.',
        },
      )
    }
    this.baseUrl = `${parsed.origin}${parsed.pathname.replace(/\/+$/, '').replace(/\/api\/v1$/, '')}`
    this.#apiKey = options.apiKey
    registerSecretValue(options.apiKey)
    this.#user = options.user
    this.#timeoutMs = options.timeoutMs ?? 15_000
    this.#now = options.now ?? systemClock
    const agentOptions = {
      connect: { timeout: this.#timeoutMs },
      headersTimeout: this.#timeoutMs,
      bodyTimeout: this.#timeoutMs,
    }
    const proxy = options.env ? proxyFromEnv(options.env) : undefined
    this.#agent =
      proxy && (proxy.httpProxy || proxy.httpsProxy)
        ? new EnvHttpProxyAgent({ ...agentOptions, ...proxy })
        : new Agent(agentOptions)
  }

  /** Every node, as devices. */
  async listDevices(): Promise<Device[]> {
    const body = (await this.#call('GET', '/node')) as { nodes?: unknown }
    if (!Array.isArray(body?.nodes)) {
      throw new TailscaleApiError('invalid-response', 'the Headscale node list has no "nodes" array', {
        hint: 'Check that --api-url points at Headscale (its API is under /api/v1).',
      })
    }
    return (body.nodes as HeadscaleNode[]).map(deviceFromNode)
  }

  /** Approves exactly these routes of a node (Headscale 0.26+: `POST /node/{id}/approve_routes`). */
  async setDeviceRoutes(deviceId: string, routes: readonly string[]): Promise<void> {
    await this.#call('POST', `/node/${encodeURIComponent(deviceId)}/approve_routes`, { routes: [...routes] })
  }

  async deleteDevice(deviceId: string): Promise<void> {
    await this.#call('DELETE', `/node/${encodeURIComponent(deviceId)}`)
  }

  /** A pre-auth key (`POST /preauthkey`). Headscale keys are always pre-approved. */
  async createAuthKey(key: KeyRequest): Promise<CreatedKey> {
    if (!this.#user && key.tags.length === 0) {
      throw new TailscaleApiError('invalid-response', 'Headscale needs a user for an untagged pre-auth key', {
        hint: 'Set HEADSCALE_USER to the user (its ID, or its name on Headscale before 0.26), or give tags.',
      })
    }
    const expiration = new Date(this.#now() + (key.expirySeconds ?? 90 * 86400) * 1000).toISOString()
    const body = (await this.#call('POST', '/preauthkey', {
      ...(this.#user ? { user: this.#user } : {}),
      reusable: key.reusable,
      ephemeral: key.ephemeral,
      expiration,
      aclTags: key.tags,
    })) as { preAuthKey?: { id?: string; key?: string; expiration?: string; createdAt?: string } }
    const created = body?.preAuthKey
    if (!created?.key) {
      throw new TailscaleApiError('invalid-response', 'the Headscale pre-auth key response has no "key"', {})
    }
    registerSecretValue(created.key)
    return {
      id: String(created.id ?? ''),
      key: created.key,
      ...(created.expiration ? { expires: created.expiration } : {}),
      ...(created.createdAt ? { created: created.createdAt } : {}),
    }
  }

  async close(): Promise<void> {
    await this.#agent.close()
  }

  async #call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    const what = `${method} /api/v1${path.replace(/\/\d+(?=\/|$)/, '/{id}')}`
    let response: Dispatcher.ResponseData
    try {
      response = await request(`${this.baseUrl}/api/v1${path}`, {
        method,
        dispatcher: this.#agent,
        headers: {
          authorization: `Bearer ${this.#apiKey}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'error'
      const timeout = /TIMEOUT/.test(code)
      throw new TailscaleApiError(timeout ? 'timeout' : 'network', `${what} failed: ${code}`, {
        hint: 'Check --api-url and that Headscale is reachable (HTTPS_PROXY and NO_PROXY are honoured).',
      })
    }
    const text = await response.body.text()
    const status = response.statusCode
    if (status === 401)
      throw new TailscaleApiError('auth', `${what} was refused (401 Unauthorized)`, {
        status,
        hint: 'HEADSCALE_API_KEY is invalid or expired; create one with headscale apikeys create.',
      })
    if (status === 403)
      throw new TailscaleApiError('forbidden', `${what} was refused (403 Forbidden)`, { status })
    if (status === 404) throw new TailscaleApiError('not-found', `${what}: not found (404)`, { status })
    if (status < 200 || status >= 300)
      throw new TailscaleApiError('http', `${what} failed with HTTP ${status}`, { status })
    if (text.trim() === '') return undefined
    try {
      return JSON.parse(text) as unknown
    } catch {
      throw new TailscaleApiError('invalid-response', `${what} returned a body that is not valid JSON`, {
        status,
      })
    }
  }
}
