/**
 * A small Tailscale API v2 client for doctor and the tailnet commands: its own undici Agent with
 * connect/header/body timeouts, an overall deadline per call, retries with backoff on 429 and 5xx
 * that honour `Retry-After`, and either an API access token or an OAuth client whose access token is
 * cached for its lifetime. Credentials never appear in errors.
 *
 * The API has no pagination on the endpoints used here (devices and keys return everything at once);
 * `listDevices` still follows a `nextCursor` field should a compatible server send one.
 * @module
 */
import { Agent, type Dispatcher, EnvHttpProxyAgent, request } from 'undici'
import { type Clock, systemClock } from '../core/clock.ts'
import { TalscaleError } from '../core/errors.ts'
import { redactSecrets, registerSecretValue } from '../core/secrets.ts'

export const DEFAULT_API_URL = 'https://api.tailscale.com'

/** How the client authenticates. */
export type ApiCredentials =
  | { kind: 'token'; token: string }
  | { kind: 'oauth'; clientId: string; clientSecret: string; scopes?: string[] }

/** Client options. Everything but credentials has a default. */
export interface ApiOptions {
  credentials: ApiCredentials
  /** `https://api.tailscale.com` or a compatible server; a trailing `/api/v2` is accepted. */
  baseUrl?: string
  /** Tailnet name; `-` is the credential's default tailnet. */
  tailnet?: string
  /** Deadline for one HTTP attempt, in ms. Default 15000. */
  timeoutMs?: number
  /** Retries after the first attempt. Default 3. */
  maxRetries?: number
  /** First backoff delay in ms (doubles each retry). Default 500. */
  retryBaseMs?: number
  /** Upper bound for any single wait, Retry-After included, in ms. Default 30000. */
  maxRetryDelayMs?: number
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>
  /** "Now" for token lifetimes and Retry-After dates; the system clock by default. */
  now?: Clock
  /**
   * The environment whose HTTPS_PROXY, HTTP_PROXY and NO_PROXY (or lower-case forms) route the
   * calls, as curl and the Tailscale CLI do. Without it, or without a proxy in it, calls go direct.
   */
  env?: Readonly<Record<string, string | undefined>>
}

/** The proxy settings of an environment: lower-case names first, as curl reads them; '' for unset. */
export function proxyFromEnv(env: Readonly<Record<string, string | undefined>>): {
  httpProxy: string
  httpsProxy: string
  noProxy: string
} {
  const pick = (name: string) => (env[name.toLowerCase()] ?? env[name] ?? '').trim()
  return { httpProxy: pick('HTTP_PROXY'), httpsProxy: pick('HTTPS_PROXY'), noProxy: pick('NO_PROXY') }
}

/** What the tailnet commands need of a client: the Tailscale API v2 one, or Headscale's (headscale.ts). */
export type TailnetClient = Pick<
  TailscaleApi,
  'baseUrl' | 'tailnet' | 'listDevices' | 'setDeviceRoutes' | 'deleteDevice' | 'createAuthKey' | 'close'
>

/** Why an API call failed, for messages and exit codes. */
export type ApiErrorKind =
  | 'auth'
  | 'forbidden'
  | 'not-found'
  | 'http'
  | 'network'
  | 'timeout'
  | 'invalid-response'

/** A failed API call. The message says what, why and (in the hint) what to do; it never holds a secret. */
export class TailscaleApiError extends TalscaleError {
  readonly kind: ApiErrorKind
  readonly status: number | undefined
  constructor(kind: ApiErrorKind, message: string, options: { status?: number; hint?: string } = {}) {
    super(redactSecrets(message), options.hint === undefined ? {} : { hint: redactSecrets(options.hint) })
    this.kind = kind
    this.status = options.status
  }
}

/** The fields of a device doctor reads (`GET /tailnet/{tailnet}/devices?fields=all`). */
export interface Device {
  id: string
  nodeId?: string
  name?: string
  hostname: string
  addresses?: string[]
  tags?: string[]
  authorized?: boolean
  isEphemeral?: boolean
  keyExpiryDisabled?: boolean
  expires?: string
  created?: string
  lastSeen?: string
  connectedToControl?: boolean
  advertisedRoutes?: string[]
  enabledRoutes?: string[]
  clientVersion?: string
  os?: string
}

/** An auth key as `POST /tailnet/{tailnet}/keys` returns it. `key` is the secret, shown once. */
export interface CreatedKey {
  id: string
  key: string
  expires?: string
  created?: string
}

/** What kind of auth key to mint. */
export interface KeyRequest {
  reusable: boolean
  ephemeral: boolean
  preauthorized: boolean
  tags: string[]
  expirySeconds?: number
  description?: string
}

/**
 * Reads credentials from the environment only: TS_API_KEY / TAILSCALE_API_KEY, or an OAuth client
 * in TS_OAUTH_CLIENT_ID + TS_OAUTH_CLIENT_SECRET or the Tailscale Terraform provider's
 * TAILSCALE_OAUTH_CLIENT_ID + TAILSCALE_OAUTH_CLIENT_SECRET (talscale's own names win).
 */
export function credentialsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): ApiCredentials | undefined {
  const clientId = (env.TS_OAUTH_CLIENT_ID || env.TAILSCALE_OAUTH_CLIENT_ID)?.trim()
  const clientSecret = (env.TS_OAUTH_CLIENT_SECRET || env.TAILSCALE_OAUTH_CLIENT_SECRET)?.trim()
  if (clientId && clientSecret) return { kind: 'oauth', clientId, clientSecret }
  const token = (env.TS_API_KEY ?? env.TAILSCALE_API_KEY)?.trim()
  if (token) return { kind: 'token', token }
  return undefined
}

/** Normalises a base URL: no trailing slash, no `/api/v2` suffix. */
export function normalizeBaseUrl(url: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new TailscaleApiError('invalid-response', `API URL "${url}" is not a valid URL`, {
      hint: 'Pass --api-url as http(s)://host[:port], for example https://api.tailscale.com.',
    })
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new TailscaleApiError('invalid-response', `API URL "${url}" must use http or https`)
  }
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '').replace(/\/api\/v2$/, '')}`
}

const RETRY_STATUSES = new Set([429, 500, 502, 503, 504])

/** Largest response accepted: far above a device list of 10,000 devices, far below what hurts. */
const MAX_BODY_BYTES = 64 * 1024 * 1024

/**
 * Bounds on a paged device list, so a server that always answers with `nextCursor` cannot make
 * talscale follow it for ever (1,000 pages of 3.5 MB were followed before): pages, devices and the
 * bytes of all pages together.
 */
export const DEVICE_LIST_LIMITS = { pages: 100, devices: 50_000, bytes: 128 * 1024 * 1024 } as const

// A server (or proxy) that sends without end must not fill memory before the timeout fires.
async function readBody(body: AsyncIterable<Buffer> & { destroy(): unknown }, what: string): Promise<string> {
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of body) {
    total += chunk.length
    if (total > MAX_BODY_BYTES) {
      body.destroy()
      throw new TailscaleApiError(
        'invalid-response',
        `${what} returned more than ${MAX_BODY_BYTES / 1024 / 1024} MiB`,
        { hint: 'Check --api-url: the Tailscale API never answers with that much.' },
      )
    }
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

interface CallOptions {
  query?: Record<string, string | string[]>
  json?: unknown
  /** May the request be sent again after a failure that might have reached the server? */
  idempotent: boolean
  /** Expect no body (DELETE). */
  empty?: boolean
}

/** The client. Call `close()` when done so the process can exit. */
export class TailscaleApi {
  readonly baseUrl: string
  readonly tailnet: string
  private readonly credentials: ApiCredentials
  private readonly agent: Dispatcher
  private readonly timeoutMs: number
  private readonly maxRetries: number
  private readonly retryBaseMs: number
  private readonly maxRetryDelayMs: number
  private readonly sleep: (ms: number) => Promise<void>
  private readonly now: Clock
  private token: { value: string; expiresAt: number } | undefined
  /** Size of the last response body read, for bounds over several pages. */
  private lastBodyBytes = 0

  constructor(options: ApiOptions) {
    this.baseUrl = normalizeBaseUrl(options.baseUrl ?? DEFAULT_API_URL)
    this.tailnet = options.tailnet ?? '-'
    this.credentials = options.credentials
    // Whatever a server echoes (a 403 body, an error URL) never shows the credentials it was sent.
    if (this.credentials.kind === 'token') registerSecretValue(this.credentials.token)
    else
      registerSecretValue(
        this.credentials.clientSecret,
        `${this.credentials.clientId}:${this.credentials.clientSecret}`,
      )
    this.timeoutMs = options.timeoutMs ?? 15_000
    this.maxRetries = options.maxRetries ?? 3
    this.retryBaseMs = options.retryBaseMs ?? 500
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000
    this.sleep = options.sleep ?? (ms => new Promise(resolve => setTimeout(resolve, ms)))
    this.now = options.now ?? systemClock
    const agentOptions = {
      connect: { timeout: this.timeoutMs },
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      connections: 8,
    }
    const proxy = options.env ? proxyFromEnv(options.env) : undefined
    // Explicit values (never undici's own process.env lookup), so the injected environment decides.
    this.agent =
      proxy && (proxy.httpProxy || proxy.httpsProxy)
        ? new EnvHttpProxyAgent({ ...agentOptions, ...proxy })
        : new Agent(agentOptions)
  }

  /** Every device of the tailnet with all fields (routes included). */
  async listDevices(): Promise<Device[]> {
    const devices: Device[] = []
    let cursor: string | undefined
    let bytes = 0
    const tooMuch = (what: string) =>
      new TailscaleApiError('invalid-response', `the device list ran past ${what}`, {
        hint: 'Check --api-url: the server keeps answering with more pages (nextCursor) than a tailnet has.',
      })
    for (let page = 0; ; page++) {
      if (page >= DEVICE_LIST_LIMITS.pages) throw tooMuch(`${DEVICE_LIST_LIMITS.pages} pages`)
      const query: Record<string, string> = { fields: 'all' }
      if (cursor) query.cursor = cursor
      const body = await this.call('GET', `/tailnet/${encodeURIComponent(this.tailnet)}/devices`, {
        query,
        idempotent: true,
      })
      const list = (body as { devices?: unknown })?.devices
      if (!Array.isArray(list)) {
        throw new TailscaleApiError('invalid-response', 'the device list response has no "devices" array', {
          hint: 'Check --api-url: it must point at a Tailscale API v2 compatible server.',
        })
      }
      bytes += this.lastBodyBytes
      if (bytes > DEVICE_LIST_LIMITS.bytes) throw tooMuch(`${DEVICE_LIST_LIMITS.bytes / 1024 / 1024} MiB`)
      for (const raw of list) {
        const device = toDevice(raw)
        if (device) devices.push(device)
      }
      if (devices.length > DEVICE_LIST_LIMITS.devices) throw tooMuch(`${DEVICE_LIST_LIMITS.devices} devices`)
      cursor = (body as { nextCursor?: unknown }).nextCursor as string | undefined
      if (typeof cursor !== 'string' || cursor === '') break
    }
    return devices
  }

  /** Replaces the approved (enabled) routes of a device. */
  async setDeviceRoutes(deviceId: string, routes: readonly string[]): Promise<void> {
    await this.call('POST', `/device/${encodeURIComponent(deviceId)}/routes`, {
      json: { routes },
      idempotent: true,
    })
  }

  /** Deletes a device. */
  async deleteDevice(deviceId: string): Promise<void> {
    await this.call('DELETE', `/device/${encodeURIComponent(deviceId)}`, { idempotent: true, empty: true })
  }

  /** Creates an auth key. Not retried after it may have reached the server (it would mint two keys). */
  async createAuthKey(request: KeyRequest): Promise<CreatedKey> {
    const body: Record<string, unknown> = {
      capabilities: {
        devices: {
          create: {
            reusable: request.reusable,
            ephemeral: request.ephemeral,
            preauthorized: request.preauthorized,
            tags: request.tags,
          },
        },
      },
    }
    if (request.expirySeconds !== undefined) body.expirySeconds = request.expirySeconds
    if (request.description) body.description = request.description
    const response = (await this.call('POST', `/tailnet/${encodeURIComponent(this.tailnet)}/keys`, {
      json: body,
      idempotent: false,
    })) as Partial<CreatedKey> | undefined
    if (!response || typeof response.key !== 'string' || typeof response.id !== 'string') {
      throw new TailscaleApiError('invalid-response', 'the key creation response has no "key"', {
        hint: 'No key was printed. Check the keys page of the admin console and revoke any key you did not receive.',
      })
    }
    registerSecretValue(response.key)
    const key: CreatedKey = { id: response.id, key: response.key }
    if (typeof response.expires === 'string') key.expires = response.expires
    if (typeof response.created === 'string') key.created = response.created
    return key
  }

  /** Releases sockets. */
  async close(): Promise<void> {
    await this.agent.close()
  }

  private async authorization(forceRefresh: boolean): Promise<string> {
    if (this.credentials.kind === 'token') return `Bearer ${this.credentials.token}`
    if (!forceRefresh && this.token && this.token.expiresAt > this.now()) return `Bearer ${this.token.value}`
    this.token = undefined
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.credentials.clientId,
      client_secret: this.credentials.clientSecret,
    })
    if (this.credentials.scopes?.length) form.set('scope', this.credentials.scopes.join(' '))
    const body = (await this.send('POST', '/oauth/token', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      idempotent: true,
      authorization: undefined,
    })) as { access_token?: unknown; expires_in?: unknown } | undefined
    if (!body || typeof body.access_token !== 'string') {
      throw new TailscaleApiError('auth', 'the OAuth token response has no access_token', {
        hint: 'Check TS_OAUTH_CLIENT_ID and TS_OAUTH_CLIENT_SECRET, and --api-url.',
      })
    }
    const lifetime = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600
    // Renew a minute early so a token never expires between check and use.
    registerSecretValue(body.access_token)
    this.token = {
      value: body.access_token,
      expiresAt: this.now() + Math.max(lifetime - 60, lifetime / 2) * 1000,
    }
    return `Bearer ${this.token.value}`
  }

  private async call(method: Dispatcher.HttpMethod, path: string, options: CallOptions): Promise<unknown> {
    let refreshed = false
    for (;;) {
      const authorization = await this.authorization(false)
      try {
        const init: SendInit = { idempotent: options.idempotent, authorization }
        if (options.query) init.query = options.query
        if (options.empty) init.empty = true
        if (options.json !== undefined) {
          init.headers = { 'content-type': 'application/json' }
          init.body = JSON.stringify(options.json)
        }
        return await this.send(method, path, init)
      } catch (error) {
        // An OAuth access token can be revoked or expire early; fetch a new one once.
        if (
          error instanceof TailscaleApiError &&
          error.kind === 'auth' &&
          this.credentials.kind === 'oauth' &&
          !refreshed
        ) {
          refreshed = true
          this.token = undefined
          continue
        }
        throw error
      }
    }
  }

  private async send(method: Dispatcher.HttpMethod, path: string, init: SendInit): Promise<unknown> {
    const url = new URL(`${this.baseUrl}/api/v2${path}`)
    for (const [key, value] of Object.entries(init.query ?? {})) {
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, item)
    }
    const what = `${method} ${url.pathname}`
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= this.maxRetries
      let status = 0
      let text: string
      let retryAfter: string | undefined
      try {
        const headers: Record<string, string> = { accept: 'application/json', ...(init.headers ?? {}) }
        if (init.authorization) headers.authorization = init.authorization
        const response = await request(url, {
          method,
          headers,
          body: init.body ?? null,
          dispatcher: this.agent,
          signal: AbortSignal.timeout(this.timeoutMs),
        })
        status = response.statusCode
        const header = response.headers['retry-after']
        retryAfter = Array.isArray(header) ? header[0] : header
        text = await readBody(response.body, what)
        this.lastBodyBytes = text.length
      } catch (error) {
        if (error instanceof TailscaleApiError) throw error
        const timeout = isTimeout(error)
        // Before a status line arrived the request may still have reached the server; only repeat
        // what is safe to repeat.
        if (!last && init.idempotent) {
          await this.sleep(this.backoff(attempt, undefined))
          continue
        }
        const reason = redactSecrets(error instanceof Error ? error.message : String(error))
        throw new TailscaleApiError(
          timeout ? 'timeout' : 'network',
          timeout
            ? `${what} timed out after ${this.timeoutMs} ms (${attempt + 1} attempt${attempt === 0 ? '' : 's'})`
            : `${what} failed: ${reason}`,
          { hint: `Check that ${this.baseUrl} is reachable; raise --timeout on slow links.` },
        )
      }
      if (RETRY_STATUSES.has(status) && !last && (init.idempotent || status === 429)) {
        await this.sleep(this.backoff(attempt, retryAfter))
        continue
      }
      if (status >= 200 && status < 300) {
        if (init.empty || text.trim() === '') return undefined
        try {
          return JSON.parse(text)
        } catch {
          throw new TailscaleApiError('invalid-response', `${what} returned a body that is not valid JSON`, {
            status,
            hint: 'The server or a proxy in between sent a truncated or non-JSON answer; retry, or check --api-url.',
          })
        }
      }
      throw httpError(what, status, text, this.credentials.kind)
    }
  }

  private backoff(attempt: number, retryAfter: string | undefined): number {
    const fromHeader = parseRetryAfter(retryAfter, this.now())
    const delay = fromHeader ?? this.retryBaseMs * 2 ** attempt
    return Math.min(Math.max(delay, 0), this.maxRetryDelayMs)
  }
}

interface SendInit {
  query?: Record<string, string | string[]>
  headers?: Record<string, string>
  body?: string
  idempotent: boolean
  empty?: boolean
  authorization: string | undefined
}

/** `Retry-After` as delay-seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

function isTimeout(error: unknown): boolean {
  const code = (error as { code?: string; name?: string })?.code
  const name = (error as { name?: string })?.name
  return (
    name === 'TimeoutError' ||
    name === 'AbortError' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
  )
}

function apiMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { message?: unknown }
    return typeof body.message === 'string' ? body.message : undefined
  } catch {
    return undefined
  }
}

function httpError(
  what: string,
  status: number,
  text: string,
  kind: ApiCredentials['kind'],
): TailscaleApiError {
  const detail = apiMessage(text)
  const said = detail ? `: "${detail.slice(0, 200)}"` : ''
  if (status === 401) {
    return new TailscaleApiError('auth', `${what} was refused (401 Unauthorized)${said}`, {
      status,
      hint:
        kind === 'token'
          ? 'The API access token in TS_API_KEY/TAILSCALE_API_KEY is invalid or expired (they last 1-90 days); create a new one.'
          : 'The OAuth client in TS_OAUTH_CLIENT_ID/TS_OAUTH_CLIENT_SECRET was rejected; check both values.',
    })
  }
  if (status === 403) {
    return new TailscaleApiError('forbidden', `${what} was refused (403 Forbidden)${said}`, {
      status,
      hint: 'The credential lacks a scope for this call (devices:core, devices:routes, auth_keys); grant it or use another credential.',
    })
  }
  if (status === 404) {
    return new TailscaleApiError('not-found', `${what} found nothing (404)${said}`, {
      status,
      hint: 'Check --tailnet (use "-" for the credential\'s own tailnet) and the device ID.',
    })
  }
  return new TailscaleApiError('http', `${what} failed with HTTP ${status}${said}`, {
    status,
    hint: status >= 500 ? 'The API had a server error; retry later.' : 'The API rejected the request.',
  })
}

/** The device fields the client reads, all from the API's Device schema. */
export const DEVICE_FIELDS = {
  strings: ['nodeId', 'name', 'expires', 'created', 'lastSeen', 'clientVersion', 'os'],
  bools: ['authorized', 'isEphemeral', 'keyExpiryDisabled', 'connectedToControl'],
  lists: ['addresses', 'tags', 'advertisedRoutes', 'enabledRoutes'],
} as const

function toDevice(raw: unknown): Device | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined
  const value = raw as Record<string, unknown>
  const id =
    typeof value.nodeId === 'string' ? value.nodeId : typeof value.id === 'string' ? value.id : undefined
  const hostname =
    typeof value.hostname === 'string'
      ? value.hostname
      : typeof value.name === 'string'
        ? value.name.split('.')[0]
        : undefined
  if (!id || !hostname) return undefined
  const device: Device = { id, hostname }
  for (const key of DEVICE_FIELDS.strings)
    if (typeof value[key] === 'string') device[key] = value[key] as string
  for (const key of DEVICE_FIELDS.bools)
    if (typeof value[key] === 'boolean') device[key] = value[key] as boolean
  for (const key of DEVICE_FIELDS.lists) {
    if (Array.isArray(value[key]))
      device[key] = (value[key] as unknown[]).filter(item => typeof item === 'string')
  }
  return device
}
