/**
 * Running the user's own talosctl: execFile (never a shell) with a timeout and an output cap, and
 * turning its failures into reasons a person can act on. Parsers for the shapes talosctl prints.
 * @module
 */
import { execFile } from 'node:child_process'
import { redactSecrets } from '../core/secrets.ts'

/** What one talosctl process did (or why it could not run). */
export interface SpawnResult {
  /** Exit code; null when the process was killed or never started. */
  code: number | null
  stdout: string
  stderr: string
  /** Set when the process could not be started or did not end normally. */
  error?: { code?: string | number | null; killed?: boolean; signal?: string | null; message: string }
}

/**
 * Starts talosctl. The default runs the executable with execFile (never a shell); tests pass an
 * in-process stand-in so a doctor test costs no process per call.
 */
export type TalosctlSpawn = (
  file: string,
  argv: readonly string[],
  options: { timeoutMs: number; maxBuffer: number; env: NodeJS.ProcessEnv },
) => Promise<SpawnResult>

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
  /** Replaces the process start (tests: the in-process fake talosctl). */
  spawn?: TalosctlSpawn
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
  | 'unknown-resource'
  | 'other'

export interface TalosctlFailure {
  kind: FailureKind
  /** The cause as the node or talosctl gave it, without talosctl's wrapping (redacted). */
  detail: string
  /** The command as the user could run it (without the node's secrets, which talosctl has none of). */
  command: string
}

/** The answer of one node to one command. */
export type TalosctlResult = { ok: true; stdout: string } | { ok: false; failure: TalosctlFailure }

/** Everything one talosctl run for one or more nodes (`--nodes a,b,c`) produced. */
export interface TalosctlOutput {
  nodes: readonly string[]
  command: string
  /** Exit code; null when the process did not end normally. */
  code: number | null
  stdout: string
  stderr: string
  /** Set when talosctl could not run at all or was stopped (not found, timeout, too much output). */
  failure?: TalosctlFailure
}

/**
 * Runs talosctl for a set of nodes (`--nodes a,b,c`); injected so tests and the library can
 * replace it. Per-node answers come from {@link attribute}.
 */
export type TalosctlRunner = (nodes: readonly string[], args: readonly string[]) => Promise<TalosctlOutput>

const DEFAULT_MAX_BUFFER = 16 * 1024 * 1024

/** Runs an executable with execFile: no shell, a timeout and an output cap. */
export const execSpawn: TalosctlSpawn = (file, argv, options) =>
  new Promise(resolve => {
    execFile(
      file,
      argv as string[],
      {
        timeout: options.timeoutMs,
        maxBuffer: options.maxBuffer,
        encoding: 'utf8',
        windowsHide: true,
        env: options.env,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0
        resolve({
          code,
          stdout: String(stdout ?? ''),
          stderr: String(stderr ?? ''),
          ...(error && typeof error.code !== 'number'
            ? {
                error: {
                  code: error.code ?? null,
                  killed: error.killed ?? false,
                  signal: error.signal ?? null,
                  message: error.message,
                },
              }
            : {}),
        })
      },
    )
  })

/** Builds a runner around the talosctl executable. */
export function talosctlRunner(options: TalosctlOptions): TalosctlRunner {
  const global: string[] = []
  if (options.talosconfig) global.push('--talosconfig', options.talosconfig)
  if (options.context) global.push('--context', options.context)
  if (options.endpoints) global.push('--endpoints', options.endpoints)
  const spawn = options.spawn ?? execSpawn
  return async (nodes, args) => {
    const argv = [...global, '--nodes', nodes.join(','), ...args]
    const command = ['talosctl', ...argv].join(' ')
    const result = await spawn(options.path, argv, {
      timeoutMs: options.timeoutMs,
      maxBuffer: options.maxBuffer ?? DEFAULT_MAX_BUFFER,
      env: (options.env ?? process.env) as NodeJS.ProcessEnv,
    })
    const output: TalosctlOutput = {
      nodes,
      command,
      code: result.code,
      stdout: result.stdout,
      stderr: result.stderr,
    }
    const failure = processFailure(result, options, command)
    if (failure) output.failure = failure
    return output
  }
}

/** A failure of the process itself (not of a node): talosctl missing, killed, too much output. */
function processFailure(
  result: SpawnResult,
  options: Pick<TalosctlOptions, 'path' | 'timeoutMs'>,
  command: string,
): TalosctlFailure | undefined {
  const error = result.error
  if (!error) return undefined
  if (error.code === 'ENOENT')
    return { kind: 'not-found', detail: `"${options.path}" was not found`, command }
  if (error.code === 'EACCES') {
    return { kind: 'not-found', detail: `"${options.path}" is not executable`, command }
  }
  if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
    return { kind: 'other', detail: 'talosctl printed more output than doctor accepts', command }
  }
  if (error.killed || error.signal) {
    return {
      kind: 'timeout',
      detail: `talosctl did not finish within ${options.timeoutMs / 1000} s`,
      command,
    }
  }
  return { kind: 'other', detail: redactSecrets(error.message.split('\n')[0] ?? 'talosctl failed'), command }
}

/**
 * Maps an execFile error plus stderr to a failure kind (one node, one call). Kept for callers that
 * classify a single failed call; {@link attribute} does the same per node for multi-node calls.
 */
export function classifyFailure(
  error: { code?: string | number | null; killed?: boolean; signal?: string | null; message: string },
  stderr: string,
  options: Pick<TalosctlOptions, 'path' | 'timeoutMs'>,
  command: string,
): TalosctlFailure {
  // A string code (ENOENT, EACCES, ERR_CHILD_PROCESS_STDIO_MAXBUFFER) or a signal: the process itself failed.
  if (typeof error.code === 'string' || error.killed || error.signal) {
    const failure = processFailure({ code: null, stdout: '', stderr, error }, options, command)
    if (failure) return failure
  }
  const causes = talosctlErrors(stderr, [])
  const cause = causes[0]?.cause ?? (error.message.split('\n')[0] || 'talosctl failed')
  return { kind: classifyCause(cause), detail: redactSecrets(cause).slice(0, 400), command }
}

/** The failure kind of a cause text (a gRPC status text as talosctl prints it). */
export function classifyCause(text: string): FailureKind {
  if (
    /certificate has expired|expired certificate|tls: bad certificate|unknown authority|x509:|code = Unauthenticated|certificate required|authentication handshake failed/i.test(
      text,
    )
  )
    return 'certificate'
  if (/code = PermissionDenied|not authorized|permission denied/i.test(text)) return 'permission'
  if (/service "[^"]*" is not registered|log "[^"]*" was not registered|unknown service/i.test(text))
    return 'not-registered'
  if (/resource "[^"]*" is not registered|resource type "[^"]*" is not supported/i.test(text))
    return 'unknown-resource'
  if (
    /code = Unavailable|connection refused|no route to host|i\/o timeout|code = DeadlineExceeded|deadline exceeded|network is unreachable|connection reset|no such host|\bEOF\b|connection error/i.test(
      text,
    )
  )
    return 'unreachable'
  if (/code = NotFound|doesn't exist|not found/i.test(text)) return 'not-found-resource'
  return 'other'
}

/** One error talosctl printed, with the node it names (when it names one) and the bare cause. */
export interface TalosctlError {
  node?: string
  cause: string
}

/** Wrappers talosctl puts around a cause; the node, when captured, is group 1. */
const NODE_WRAPPERS = [
  // v1.14: get (errors.Join of one line per node)
  /^error (?:listing resources|getting resource|building client|setting up watch) (?:on|for) node "?([^\s":]+)"?: (.*)$/,
  // v1.14: service, logs, etcd members (multiplex per node)
  /^error from node "?([^\s":]+)"?: (.*)$/,
]
/** Prefixes without a node: the command's own wrapping, stripped before the cause is read. */
const PLAIN_WRAPPERS = [
  /^(?:ERROR|WARNING): (.*)$/,
  /^error (?:listing services|fetching logs|getting logs|getting members|getting resources|constructing client|starting service|watching resource): (.*)$/,
]
const MULTI_HEADER = /^(\d+) errors? occurred:\s*$/

/**
 * Reads talosctl's stderr into errors. Understands the wrapping of v1.10-v1.14: go-multierror's
 * `N error(s) occurred:` with `\t* item` lines, errors.Join's one line per error, the
 * `error listing resources on node X:` / `error from node X:` prefixes, `ERROR:` lines of `logs`,
 * and `X: cause` items of one-to-many calls when X is one of `nodes`. Version warnings are skipped.
 */
export function talosctlErrors(stderr: string, nodes: readonly string[]): TalosctlError[] {
  const errors: TalosctlError[] = []
  const byLength = [...nodes].sort((a, b) => b.length - a.length)
  const add = (text: string, node?: string) => {
    let cause = text.trim()
    let who = node
    if (cause === '') return
    if (who === undefined) {
      const named = byLength.find(candidate => cause.startsWith(`${candidate}: `))
      if (named) {
        who = named
        cause = cause.slice(named.length + 2).trim()
      }
    }
    errors.push(who === undefined ? { cause } : { node: who, cause })
  }
  let inMulti = false
  let multiNode: string | undefined
  for (const raw of stderr.split(/\r?\n/)) {
    if (raw.trim() === '') {
      inMulti = false
      continue
    }
    if (inMulti && /^\s*\* /.test(raw)) {
      add(raw.replace(/^\s*\* /, ''), multiNode)
      continue
    }
    inMulti = false
    let line = raw.trim()
    let node: string | undefined
    // Peel wrappers until none applies.
    for (let guard = 0; guard < 8; guard++) {
      const plain = PLAIN_WRAPPERS.map(pattern => line.match(pattern)).find(Boolean)
      if (plain) {
        line = plain[1]!.trim()
        continue
      }
      const named =
        node === undefined ? NODE_WRAPPERS.map(pattern => line.match(pattern)).find(Boolean) : null
      if (named) {
        node = named[1]!
        line = named[2]!.trim()
        continue
      }
      break
    }
    if (/^\S+: server version \S+ is older than client version/.test(line)) continue
    if (/^Usage:|^Flags:|^Global Flags:|^Use "talosctl/.test(line)) break
    if (MULTI_HEADER.test(line)) {
      inMulti = true
      multiNode = node
      continue
    }
    add(line, node)
  }
  return errors
}

/** The kind of command, which decides how its stdout is split between nodes. */
export type CommandKind = 'get' | 'service' | 'logs' | 'etcd-members' | 'other'

/** The kind of a talosctl argv (without global flags). */
export function commandKind(args: readonly string[]): CommandKind {
  if (args[0] === 'get') return 'get'
  if (args[0] === 'service') return 'service'
  if (args[0] === 'logs') return 'logs'
  if (args[0] === 'etcd' && args[1] === 'members') return 'etcd-members'
  return 'other'
}

/**
 * Splits the output of one multi-node call into per-node answers. A node whose answer cannot be told
 * apart (an error that names no node while several nodes are silent) maps to `undefined`: the caller
 * asks that node again on its own.
 */
export function attribute(
  kind: CommandKind,
  output: TalosctlOutput,
): Map<string, TalosctlResult | undefined> {
  const { nodes, command } = output
  const answers = new Map<string, TalosctlResult | undefined>()
  if (output.failure) {
    const single = nodes.length === 1 || output.failure.kind === 'not-found'
    for (const node of nodes) answers.set(node, single ? { ok: false, failure: output.failure } : undefined)
    return answers
  }
  const parts = splitStdout(kind, nodes, output.stdout)
  const errors = talosctlErrors(output.stderr, nodes)
  const named = new Map<string, TalosctlError>()
  for (const error of errors)
    if (error.node !== undefined && !named.has(error.node)) named.set(error.node, error)
  const anonymous = errors.filter(error => error.node === undefined)
  const batch = `--nodes ${nodes.join(',')}`
  for (const node of nodes) {
    // The command a person would run for this node alone.
    const own = nodes.length > 1 ? command.replace(batch, `--nodes ${node}`) : command
    const fail = (cause: string): TalosctlResult => ({
      ok: false,
      failure: { kind: classifyCause(cause), detail: redactSecrets(cause).slice(0, 400), command: own },
    })
    const error = named.get(node)
    const text = parts.texts.get(node)
    if (error) answers.set(node, fail(error.cause))
    else if (text !== undefined && text !== '') answers.set(node, { ok: true, stdout: text })
    else if (nodes.length === 1) {
      // A lone node owns all of the output, whatever shape it has (the judge says if it is unreadable).
      const failed = output.code !== 0 || anonymous.length > 0
      if (!failed) answers.set(node, { ok: true, stdout: output.stdout })
      else
        answers.set(
          node,
          fail(anonymous[0]?.cause ?? `talosctl exited with code ${output.code ?? 'unknown'}`),
        )
    } else if (anonymous.length === 0 && (output.code === 0 || named.size > 0) && parts.unassigned === '') {
      // Every error names its node, so a silent node answered with nothing (an empty list, no service).
      answers.set(node, { ok: true, stdout: '' })
    } else if (anonymous.some(error => /is not registered on any nodes/.test(error.cause))) {
      answers.set(
        node,
        fail(anonymous.find(error => /is not registered on any nodes/.test(error.cause))!.cause),
      )
    } else answers.set(node, undefined)
  }
  return answers
}

interface SplitStdout {
  texts: Map<string, string>
  /** Output that names no node (only meaningful for a single-node call). */
  unassigned: string
}

function splitStdout(kind: CommandKind, nodes: readonly string[], stdout: string): SplitStdout {
  const texts = new Map<string, string>()
  const append = (node: string, text: string) => texts.set(node, (texts.get(node) ?? '') + text)
  const known = new Set(nodes)
  let unassigned = ''
  if (kind === 'get') {
    let rest = stdout
    for (const chunk of jsonChunks(stdout)) {
      rest = rest.replace(chunk, '')
      const node = nodeOfChunk(chunk)
      if (node !== undefined && known.has(node)) append(node, `${chunk}\n`)
      else unassigned += `${chunk}\n`
    }
    // Text that is not a resource cannot be given to a node: it makes the answer ambiguous.
    if (rest.trim() !== '') unassigned += rest
  } else if (kind === 'service') {
    let current: string | undefined
    for (const line of stdout.split(/\r?\n/)) {
      const header = line.match(/^NODE\s+(\S+)\s*$/)
      if (header) current = known.has(header[1]!) ? header[1]! : undefined
      if (line.trim() === '') continue
      if (current !== undefined) append(current, `${line}\n`)
      else unassigned += `${line}\n`
    }
  } else if (kind === 'logs') {
    const byLength = [...nodes].sort((a, b) => b.length - a.length)
    for (const line of stdout.split(/\r?\n/)) {
      if (line === '') continue
      const node = byLength.find(candidate => line.startsWith(`${candidate}: `))
      if (node !== undefined) append(node, `${line}\n`)
      else unassigned += `${line}\n`
    }
  } else if (kind === 'etcd-members') {
    const lines = stdout.split(/\r?\n/)
    const header = lines.find(line => /\bPEER URLS\b/.test(line)) ?? ''
    for (const line of lines) {
      if (line.trim() === '' || line === header) continue
      const first = line.split(/\s+/)[0] ?? ''
      if (known.has(first)) append(first, `${texts.has(first) ? '' : `${header}\n`}${line}\n`)
      else unassigned += `${line}\n`
    }
    if (unassigned !== '') unassigned = `${header}\n${unassigned}`
  } else {
    unassigned = stdout
  }
  return { texts, unassigned }
}

/** The `node` field of one JSON resource, or undefined. */
function nodeOfChunk(chunk: string): string | undefined {
  try {
    const value = JSON.parse(chunk) as { node?: unknown }
    return typeof value?.node === 'string' ? value.node : undefined
  } catch {
    return undefined
  }
}

/** The top-level JSON objects of a stream, as text (braces inside strings do not count). */
function jsonChunks(text: string): string[] {
  const chunks: string[] = []
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
        chunks.push(text.slice(start, i + 1))
        start = -1
      }
    }
  }
  return chunks
}

/** A resource as `talosctl get <type> -o json` prints it. */
export interface TalosResource {
  node?: string
  /** `id` is always a string here, whatever JSON type talosctl printed it as. */
  metadata: { namespace?: string; type?: string; id: string; version?: number; phase?: string }
  spec: unknown
}

/**
 * The ID of a resource as text. talosctl prints resources through YAML, and the COSI metadata
 * marshaller writes the ID as an untagged scalar, so an ID that looks like a number or a boolean comes
 * back as one (extension IDs are layer indexes: `"id": 0`).
 */
export function resourceId(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  if (typeof value === 'boolean') return String(value)
  if (value === null) return ''
  return undefined
}

/**
 * Parses `talosctl get -o json` output: one pretty-printed JSON object per resource, one after the
 * other (not an array). Unparsable chunks are skipped rather than failing the whole node; see
 * {@link parseResourceStreamReport} for how many were.
 */
export function parseResourceStream(text: string): TalosResource[] {
  return parseResourceStreamReport(text).resources
}

/** Like {@link parseResourceStream}, and counts the chunks that were not resources. */
export function parseResourceStreamReport(text: string): { resources: TalosResource[]; damaged: number } {
  const resources: TalosResource[] = []
  let damaged = 0
  for (const chunk of jsonChunks(text)) {
    try {
      const value = JSON.parse(chunk) as { metadata?: { id?: unknown } } & Record<string, unknown>
      const id = value && typeof value.metadata === 'object' ? resourceId(value.metadata?.id) : undefined
      if (id === undefined) {
        damaged++
        continue
      }
      resources.push({ ...value, metadata: { ...value.metadata, id } } as TalosResource)
    } catch {
      damaged++
    }
  }
  if (resources.length === 0 && damaged === 0 && text.trim() !== '') damaged = 1
  return { resources, damaged }
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
