/**
 * Running the user's own talosctl: execFile (never a shell) with a timeout and an output cap, and
 * turning its failures into reasons a person can act on. Parsers for the shapes talosctl prints.
 * @module
 */
import { execFile } from 'node:child_process'
import { redactSecrets } from '../core/secrets.ts'

/** How to reach talosctl and the cluster. */
export interface TalosctlOptions {
  /** Executable name or path. Default `talosctl`. */
  path: string
  talosconfig?: string
  context?: string
  /** Overrides the endpoints of the talosconfig context (`--endpoints`). */
  endpoints?: string
  /** Per call, in ms. */
  timeoutMs: number
  /** Largest stdout accepted, in bytes. */
  maxBuffer?: number
  env?: Readonly<Record<string, string | undefined>>
}

/** Why a talosctl call failed. */
export type FailureKind =
  | 'not-found'
  | 'unreachable'
  | 'timeout'
  | 'certificate'
  | 'permission'
  | 'not-registered'
  | 'not-found-resource'
  | 'other'

export interface TalosctlFailure {
  kind: FailureKind
  /** The first meaningful line of stderr (redacted), or what happened. */
  detail: string
  /** The command as the user could run it (without the node's secrets, which talosctl has none of). */
  command: string
}

export type TalosctlResult = { ok: true; stdout: string } | { ok: false; failure: TalosctlFailure }

/** A function that runs talosctl for one node; injected so tests and the library can replace it. */
export type TalosctlRunner = (node: string, args: readonly string[]) => Promise<TalosctlResult>

const DEFAULT_MAX_BUFFER = 16 * 1024 * 1024

/** Builds a runner around the talosctl executable. */
export function talosctlRunner(options: TalosctlOptions): TalosctlRunner {
  const global: string[] = []
  if (options.talosconfig) global.push('--talosconfig', options.talosconfig)
  if (options.context) global.push('--context', options.context)
  if (options.endpoints) global.push('--endpoints', options.endpoints)
  return (node, args) => {
    const argv = [...global, '--nodes', node, ...args]
    const command = ['talosctl', ...argv].join(' ')
    return new Promise(resolve => {
      execFile(
        options.path,
        argv,
        {
          timeout: options.timeoutMs,
          maxBuffer: options.maxBuffer ?? DEFAULT_MAX_BUFFER,
          encoding: 'utf8',
          windowsHide: true,
          env: options.env ? (options.env as NodeJS.ProcessEnv) : process.env,
        },
        (error, stdout, stderr) => {
          if (!error) {
            resolve({ ok: true, stdout })
            return
          }
          resolve({ ok: false, failure: classifyFailure(error, String(stderr ?? ''), options, command) })
        },
      )
    })
  }
}

/** Maps an execFile error plus stderr to a failure kind. Exported for tests. */
export function classifyFailure(
  error: { code?: string | number | null; killed?: boolean; signal?: string | null; message: string },
  stderr: string,
  options: Pick<TalosctlOptions, 'path' | 'timeoutMs'>,
  command: string,
): TalosctlFailure {
  if (error.code === 'ENOENT') {
    return { kind: 'not-found', detail: `"${options.path}" was not found`, command }
  }
  if (error.code === 'EACCES') {
    return { kind: 'not-found', detail: `"${options.path}" is not executable`, command }
  }
  if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
    return { kind: 'other', detail: 'talosctl printed more output than doctor accepts', command }
  }
  if (error.killed || error.signal === 'SIGTERM') {
    return {
      kind: 'timeout',
      detail: `talosctl did not finish within ${options.timeoutMs / 1000} s`,
      command,
    }
  }
  const text = redactSecrets(stderr)
  const detail = firstLine(text) || error.message.split('\n')[0] || 'talosctl failed'
  const kind: FailureKind =
    /certificate has expired|expired certificate|tls: bad certificate|unknown authority|Unauthenticated|certificate required/i.test(
      text,
    )
      ? 'certificate'
      : /PermissionDenied|not authorized|permission denied/i.test(text)
        ? 'permission'
        : /is not registered|service .* not found|unknown service/i.test(text)
          ? 'not-registered'
          : /code = NotFound|doesn't exist|not found/i.test(text)
            ? 'not-found-resource'
            : /Unavailable|connection refused|no route to host|i\/o timeout|DeadlineExceeded|deadline exceeded|network is unreachable|connection reset|no such host|EOF/i.test(
                  text,
                )
              ? 'unreachable'
              : 'other'
  return { kind, detail, command }
}

function firstLine(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .map(line => line.trim())
    .filter(line => line !== '' && !/^Usage:/.test(line))
  // talosctl prefixes errors with "error ...:"; prefer the line that carries the gRPC reason.
  return (lines.find(line => /rpc error|desc =|x509|tls:/.test(line)) ?? lines[0] ?? '').slice(0, 400)
}

/** A resource as `talosctl get <type> -o json` prints it. */
export interface TalosResource {
  node?: string
  metadata: { namespace?: string; type?: string; id: string; version?: number; phase?: string }
  spec: unknown
}

/**
 * Parses `talosctl get -o json` output: one pretty-printed JSON object per resource, one after the
 * other (not an array). Unparsable chunks are skipped rather than failing the whole node.
 */
export function parseResourceStream(text: string): TalosResource[] {
  const resources: TalosResource[] = []
  let depth = 0
  let start = -1
  let inString = false
  let escaped = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (inString) {
      if (escaped) escaped = false
      else if (char === '\\') escaped = true
      else if (char === '"') inString = false
      continue
    }
    if (char === '"') inString = true
    else if (char === '{') {
      if (depth === 0) start = i
      depth++
    } else if (char === '}' && depth > 0) {
      depth--
      if (depth === 0 && start >= 0) {
        try {
          const value = JSON.parse(text.slice(start, i + 1)) as Partial<TalosResource>
          if (value && typeof value === 'object' && value.metadata && typeof value.metadata.id === 'string') {
            resources.push(value as TalosResource)
          }
        } catch {
          // skip a damaged chunk
        }
        start = -1
      }
    }
  }
  return resources
}

/** One event of `talosctl service <id>`. */
export interface ServiceEvent {
  state: string
  message: string
  ago: string
}

/** What `talosctl service <id>` prints (a key/value table, it has no -o json). */
export interface ServiceInfo {
  id: string
  state: string
  health: string
  lastHealthMessage?: string
  /** Newest first, as talosctl prints them. */
  events: ServiceEvent[]
}

/**
 * Parses the table of `talosctl service <id>`:
 * `NODE`, `ID`, `STATE`, `HEALTH`, optional `LAST HEALTH MESSAGE`, then `EVENTS [State]: msg (5s ago)`
 * with continuation lines that start with whitespace.
 */
export function parseServiceInfo(text: string): ServiceInfo | undefined {
  const info: ServiceInfo = { id: '', state: '', health: '', events: [] }
  let inEvents = false
  for (const raw of text.split(/\r?\n/)) {
    if (raw.trim() === '') continue
    const field = raw.match(/^(NODE|ID|STATE|HEALTH|LAST HEALTH MESSAGE|EVENTS)\s+(.*)$/)
    let eventText: string | undefined
    if (field) {
      const [, key, value] = field
      inEvents = key === 'EVENTS'
      if (key === 'ID') info.id = value!.trim()
      else if (key === 'STATE') info.state = value!.trim()
      else if (key === 'HEALTH') info.health = value!.trim()
      else if (key === 'LAST HEALTH MESSAGE') info.lastHealthMessage = value!.trim()
      else if (key === 'EVENTS') eventText = value
    } else if (inEvents && /^\s/.test(raw)) {
      eventText = raw
    }
    if (eventText !== undefined) {
      const event = eventText.trim().match(/^\[([A-Za-z]+)\]: (.*?)(?: \(([^()]*) ago\))?$/)
      if (event) info.events.push({ state: event[1]!, message: event[2]!, ago: event[3] ?? '' })
    }
  }
  return info.state === '' ? undefined : info
}

/** One row of `talosctl etcd members`. */
export interface EtcdMember {
  id: string
  hostname: string
  peerUrls: string[]
  clientUrls: string[]
}

/**
 * Parses the table of `talosctl etcd members` (`NODE ID HOSTNAME PEER URLS CLIENT URLS [LEARNER]`,
 * tabwriter-aligned). Cells are cut at the header's column offsets, so an empty cell cannot shift
 * the columns after it.
 */
export function parseEtcdMembers(text: string): EtcdMember[] {
  const lines = text.split(/\r?\n/)
  const headerIndex = lines.findIndex(line => /\bPEER URLS\b/.test(line) && /\bID\b/.test(line))
  if (headerIndex < 0) return []
  const header = lines[headerIndex]!
  const labels = ['NODE', 'ID', 'HOSTNAME', 'PEER URLS', 'CLIENT URLS', 'LEARNER']
  const columns = labels
    .map(label => ({ label, start: header.search(new RegExp(`(^|\\s)${label}(\\s|$)`)) }))
    .filter(column => column.start >= 0)
    .map(column => ({ ...column, start: header[column.start] === ' ' ? column.start + 1 : column.start }))
    .sort((a, b) => a.start - b.start)
  const members: EtcdMember[] = []
  for (const line of lines.slice(headerIndex + 1)) {
    if (line.trim() === '') continue
    const cell = (label: string) => {
      const index = columns.findIndex(column => column.label === label)
      if (index < 0) return ''
      const end = columns[index + 1]?.start ?? line.length
      return line.slice(columns[index]!.start, end).trim()
    }
    const split = (value: string) =>
      value
        .split(',')
        .map(item => item.trim())
        .filter(Boolean)
    members.push({
      id: cell('ID'),
      hostname: cell('HOSTNAME'),
      peerUrls: split(cell('PEER URLS')),
      clientUrls: split(cell('CLIENT URLS')),
    })
  }
  return members
}
