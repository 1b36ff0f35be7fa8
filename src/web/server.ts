/**
 * Serves the browser page (dist/web) on a local address for `talscale serve`. It hands out three
 * static files and nothing else: no directory listing, no other path, no method but GET and HEAD.
 * All the work happens in the page; the server never sees what the user pastes.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { InputError } from '../core/errors.ts'

/** The page's files, by URL path, with their content types. */
export const PAGE_FILES: ReadonlyArray<readonly [string, string, string]> = [
  ['/', 'index.html', 'text/html; charset=utf-8'],
  ['/index.html', 'index.html', 'text/html; charset=utf-8'],
  ['/app.js', 'app.js', 'text/javascript; charset=utf-8'],
  ['/app.css', 'app.css', 'text/css; charset=utf-8'],
]

/** The same policy the page's meta tag sets, sent as a header too: no connection anywhere. */
export const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'none'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"

/**
 * The directory of the built page: `dist/web` of the talscale package this code belongs to, found
 * by walking up to its package.json (the same from the bundled CLI, the library and the sources).
 */
export function pageDirectory(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from)
  for (;;) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'talscale') {
          const web = join(dir, 'dist/web')
          if (existsSync(join(web, 'index.html'))) return web
          break
        }
      } catch {
        // An unreadable package.json belongs to someone else; keep walking.
      }
    }
    const parent = dirname(dir)
    if (parent === dir) break
    dir = parent
  }
  throw new InputError('the browser page is not built: dist/web/index.html is missing.', {
    hint: 'Run `npm run build` in the talscale checkout (an installed package already has it).',
  })
}

/** Reads the page's files into memory once, so the server never touches the disk per request. */
export function readPage(dir: string = pageDirectory()): Map<string, { body: Buffer; type: string }> {
  const files = new Map<string, { body: Buffer; type: string }>()
  for (const [path, file, type] of PAGE_FILES) files.set(path, { body: readFileSync(join(dir, file)), type })
  return files
}

/** A running page server. */
export interface PageServer {
  url: string
  close(): Promise<void>
}

/** Starts the server; `port` 0 picks a free one. */
export async function startPageServer(
  options: { host?: string; port?: number; dir?: string } = {},
): Promise<PageServer> {
  const files = readPage(options.dir)
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0]!
    const file = files.get(path)
    const headers = {
      'Content-Security-Policy': PAGE_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end()
      return
    }
    if (!file) {
      response.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n')
      return
    }
    response.writeHead(200, { ...headers, 'Content-Type': file.type, 'Content-Length': file.body.length })
    response.end(request.method === 'HEAD' ? undefined : file.body)
  })
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', error => {
      const code = (error as NodeJS.ErrnoException).code
      reject(
        new InputError(`cannot listen on ${host}:${options.port ?? 8787} (${code ?? error.message}).`, {
          hint:
            code === 'EADDRINUSE'
              ? 'Another program uses that port: pass --port with a free one, or 0.'
              : 'Check --host and --port.',
        }),
      )
    })
    server.listen(options.port ?? 8787, host, resolve)
  })
  const address = server.address() as AddressInfo
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return {
    url: `http://${shown}:${address.port}/`,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
