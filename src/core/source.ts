/**
 * Reading YAML inputs with positions. Every loader goes through here so that limits (size, document
 * count, nesting, alias expansion) are enforced in one place and every node can be traced back to a
 * line and column.
 * @module
 */
import { closeSync, constants, openSync, readFileSync, readSync, statSync } from 'node:fs'
import { type Document, isMap, isScalar, isSeq, type Node, parseAllDocuments } from 'yaml'
import { InputError } from './errors.ts'
import type { Span } from './finding.ts'

/** Hard limits on hostile input; each has a clear error instead of a hang or unbounded memory. */
export const LIMITS = {
  fileBytes: 8 * 1024 * 1024,
  documents: 1000,
  depth: 64,
  lineLength: 64 * 1024,
  /** Passed to yaml's toJS: aliases may not expand to more than this many nodes (billion laughs). */
  aliasCount: 1000,
} as const

/** The text of one input file; offsets into it become lines and columns through positionAt. */
export interface SourceFile {
  /** The path as the user gave it (or `<stdin>`, or a name chosen by a test). */
  path: string
  text: string
}

/** One parsed YAML document inside a source file. */
export interface SourceDocument {
  source: SourceFile
  /** 0-based position of the document in its file. */
  index: number
  doc: Document.Parsed
}

/** Reads a file from disk with the size limit; unreadable files become an InputError (exit 2). */
export function readSource(path: string, displayPath: string = path): SourceFile {
  let size: number
  let regular: boolean
  let fifo = false
  try {
    const stat = statSync(path)
    regular = stat.isFile()
    fifo = stat.isFIFO()
    if (stat.isDirectory()) {
      throw new InputError(`"${displayPath}" is a directory, not a file.`, {
        hint: 'Pass a YAML file, or use a command that accepts directories.',
      })
    }
    size = stat.size
  } catch (error) {
    if (error instanceof InputError) throw error
    throw new InputError(`cannot read "${displayPath}": ${describeFsError(error)}.`, {
      hint: 'Check the path and its permissions.',
      cause: error,
    })
  }
  if (size > LIMITS.fileBytes) throw tooLarge(displayPath, size)
  let text: string
  try {
    // A pipe or device (`<(...)`, /dev/stdin, /dev/zero) reports no size: read it with the limit applied.
    text = regular ? readFileSync(path, 'utf8') : readBounded(path, displayPath, fifo)
  } catch (error) {
    if (error instanceof InputError) throw error
    throw new InputError(`cannot read "${displayPath}": ${describeFsError(error)}.`, { cause: error })
  }
  return sourceFromText(displayPath, text)
}

/** Wraps text (from stdin, a test, or a generated string) as a source file, enforcing the limits. */
export function sourceFromText(path: string, text: string): SourceFile {
  if (Buffer.byteLength(text, 'utf8') > LIMITS.fileBytes)
    throw tooLarge(path, Buffer.byteLength(text, 'utf8'))
  if (text.includes('\u0000')) {
    throw new InputError(`"${path}" contains NUL bytes, so it is not a text file.`, {
      hint: 'Pass a YAML or JSON file.',
    })
  }
  const source: SourceFile = { path, text }
  checkLineLength(source)
  return source
}

/**
 * Parses every YAML document in a source. Syntax errors become an InputError pointing at the first
 * bad position; the returned documents are safe to walk (depth and count limited).
 */
export function parseSource(source: SourceFile): SourceDocument[] {
  // logLevel error: yaml would otherwise print process warnings (collection keys) on our stderr.
  const docs = (() => {
    try {
      return parseAllDocuments(source.text, { prettyErrors: false, uniqueKeys: true, logLevel: 'error' })
    } catch (error) {
      if (error instanceof RangeError) throw tooDeep(source)
      throw error
    }
  })()
  const list = Array.isArray(docs) ? docs : [docs]
  if (list.length > LIMITS.documents) {
    throw new InputError(
      `"${source.path}" holds ${list.length} YAML documents; the limit is ${LIMITS.documents}.`,
      {
        location: { file: source.path },
        hint: 'Split the file, or check that it is really a Talos config.',
      },
    )
  }
  const result: SourceDocument[] = []
  for (const [index, doc] of list.entries()) {
    const error = doc.errors[0]
    // The parser recurses per nesting level; 10,000 `[` exhaust the stack before checkDepth runs.
    if (error && /call stack/i.test(error.message)) throw tooDeep(source)
    if (error) {
      const { line, column } = positionAt(source, error.pos[0])
      throw new InputError(`invalid YAML: ${firstLine(error.message)}.`, {
        location: { file: source.path, line, column },
        hint: 'Fix the YAML syntax at that position.',
      })
    }
    checkDepth(source, doc.contents as Node | null)
    // A document that is only a comment or `---` has no contents; it carries nothing to check.
    if (doc.contents === null && list.length > 1) continue
    result.push({ source, index, doc })
  }
  return result
}

/** Converts a document to plain data with the alias limit applied. */
export function toPlain(document: SourceDocument): unknown {
  try {
    return document.doc.toJS({ maxAliasCount: LIMITS.aliasCount })
  } catch (error) {
    throw new InputError(`"${document.source.path}": ${firstLine((error as Error).message)}.`, {
      location: { file: document.source.path },
      hint: 'Remove the YAML aliases that expand to this much data.',
      cause: error,
    })
  }
}

/** 1-based span of a node (or of the whole document when the node has no range). */
export function spanOf(source: SourceFile, node: Node | null | undefined): Span {
  const range = node?.range
  const start = range ? range[0] : 0
  const end = range ? Math.max(range[1], start) : 0
  return spanOfOffsets(source, start, end)
}

/** 1-based span of an offset range. */
export function spanOfOffsets(source: SourceFile, start: number, end: number): Span {
  const a = positionAt(source, start)
  const b = positionAt(source, end)
  return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column }
}

/** 1-based line and column of an offset, computed directly so it works before and after parsing. */
export function positionAt(source: SourceFile, offset: number): { line: number; column: number } {
  const starts = lineStarts(source)
  let low = 0
  let high = starts.length - 1
  while (low < high) {
    const mid = (low + high + 1) >> 1
    if (starts[mid]! <= offset) low = mid
    else high = mid - 1
  }
  return { line: low + 1, column: offset - starts[low]! + 1 }
}

const lineStartCache = new WeakMap<SourceFile, number[]>()

function lineStarts(source: SourceFile): number[] {
  let starts = lineStartCache.get(source)
  if (!starts) {
    starts = [0]
    const text = source.text
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
    lineStartCache.set(source, starts)
  }
  return starts
}

function checkLineLength(source: SourceFile): void {
  const starts = lineStarts(source)
  for (let i = 0; i < starts.length; i++) {
    const end = i + 1 < starts.length ? starts[i + 1]! - 1 : source.text.length
    if (end - starts[i]! > LIMITS.lineLength) {
      throw new InputError(
        `line ${i + 1} of "${source.path}" is ${end - starts[i]!} characters long; the limit is ${LIMITS.lineLength}.`,
        {
          location: { file: source.path, line: i + 1, column: 1 },
          hint: 'This does not look like a hand-written config; check that the right file was passed.',
        },
      )
    }
  }
}

function checkDepth(source: SourceFile, root: Node | null): void {
  // Iterative walk: a recursive one would overflow the stack on the very input it is guarding against.
  const stack: Array<[Node, number]> = root ? [[root, 1]] : []
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!
    if (depth > LIMITS.depth) {
      const { line, column } = positionAt(source, node.range?.[0] ?? 0)
      throw new InputError(`YAML nesting deeper than ${LIMITS.depth} levels.`, {
        location: { file: source.path, line, column },
        hint: 'Talos configs are far shallower; check that the right file was passed.',
      })
    }
    if (isMap(node)) {
      for (const pair of node.items) {
        if (pair.key && !isScalar(pair.key)) stack.push([pair.key as Node, depth + 1])
        if (pair.value) stack.push([pair.value as Node, depth + 1])
      }
    } else if (isSeq(node)) {
      for (const item of node.items) if (item) stack.push([item as Node, depth + 1])
    }
  }
}

/** How long a named pipe may stay silent before reading it gives up (a FIFO nobody writes to). */
export const PIPE_IDLE_MS = 5_000

function readBounded(path: string, displayPath: string, fifo = false): string {
  // A named pipe without a writer would block open() and read() forever: open it non-blocking and
  // wait for data a bounded time. A pipe with no writer at all reads as empty at once.
  const fd = openSync(path, fifo ? constants.O_RDONLY | constants.O_NONBLOCK : 'r')
  try {
    const chunks: Buffer[] = []
    let total = 0
    let idleSince = Date.now()
    for (;;) {
      const chunk = Buffer.allocUnsafe(64 * 1024)
      let read: number
      try {
        read = readSync(fd, chunk, 0, chunk.length, null)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error
        if (Date.now() - idleSince > PIPE_IDLE_MS) {
          throw new InputError(
            `"${displayPath}" is a named pipe that sent nothing for ${PIPE_IDLE_MS / 1000} s.`,
            {
              hint: 'Pass a regular file, or make sure something writes to the pipe.',
            },
          )
        }
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20)
        continue
      }
      if (read === 0) {
        // A named pipe whose writer has not connected yet reads as at its end: wait for one, bounded.
        if (!fifo || total > 0) break
        if (Date.now() - idleSince > PIPE_IDLE_MS) {
          throw new InputError(
            `"${displayPath}" is a named pipe that nobody wrote to within ${PIPE_IDLE_MS / 1000} s.`,
            {
              hint: 'Pass a regular file, or make sure something writes to the pipe.',
            },
          )
        }
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20)
        continue
      }
      idleSince = Date.now()
      total += read
      if (total > LIMITS.fileBytes) throw tooLarge(displayPath, total, 'more than')
      chunks.push(chunk.subarray(0, read))
    }
    return Buffer.concat(chunks).toString('utf8')
  } finally {
    closeSync(fd)
  }
}

function tooDeep(source: SourceFile): InputError {
  return new InputError(`"${source.path}" nests collections deeper than ${LIMITS.depth} levels.`, {
    location: { file: source.path },
    hint: 'Talos configs nest a few levels; check that the right file was passed.',
  })
}

function tooLarge(path: string, size: number, qualifier = ''): InputError {
  return new InputError(
    `"${path}" is ${qualifier ? `${qualifier} ` : ''}${size} bytes; the limit is ${LIMITS.fileBytes} bytes.`,
    {
      location: { file: path },
      hint: 'Talos configs and intent files are small; check that the right file was passed.',
    },
  )
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/\.$/, '')
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code
  if (code === 'ENOENT') return 'no such file'
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  if (code === 'EISDIR') return 'it is a directory'
  return code ?? String((error as Error)?.message ?? error)
}
