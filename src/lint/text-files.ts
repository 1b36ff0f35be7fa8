/**
 * The files the committed-credentials rule (TAL307) reads besides the Talos inputs: every file of the
 * checked tree, read with bounds so a large repository stays fast. Files that are large, binary,
 * symbolic links or unreadable are skipped; a file is kept only when a cheap test says it may hold a
 * credential, so most files cost one bounded read and one substring search.
 * @module
 */
import { closeSync, fstatSync, lstatSync, openSync, readSync } from 'node:fs'
import { type SourceFile, sourceFromText } from '../core/source.ts'
import { mayHoldCredential } from '../tailscale/committed.ts'
import type { DiscoveredFile } from './discover.ts'

/** Larger files are not read: lock files, bundles and data dumps, not configuration. */
export const TEXT_FILE_BYTES = 1024 * 1024

/** How much of the start of a file is searched for a NUL byte to tell binary files. */
const BINARY_PROBE_BYTES = 8 * 1024

/** The discovered files that may hold a committed credential, as sources. Never throws. */
export function readCredentialCandidates(files: readonly DiscoveredFile[]): SourceFile[] {
  const out: SourceFile[] = []
  for (const file of files) {
    if (file.absolute === undefined) continue
    const text = readTextBounded(file.absolute)
    if (text !== undefined && mayHoldCredential(text)) out.push(sourceFromText(file.path, text))
  }
  return out
}

function readTextBounded(path: string): string | undefined {
  let fd: number | undefined
  try {
    if (!lstatSync(path).isFile()) return undefined
    fd = openSync(path, 'r')
    const size = fstatSync(fd).size
    if (size === 0 || size > TEXT_FILE_BYTES) return undefined
    const buffer = Buffer.alloc(size)
    let read = 0
    while (read < size) {
      const n = readSync(fd, buffer, read, size - read, read)
      if (n === 0) break
      read += n
    }
    const bytes = buffer.subarray(0, read)
    if (bytes.subarray(0, BINARY_PROBE_BYTES).includes(0)) return undefined
    return bytes.toString('utf8')
  } catch {
    return undefined
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}
