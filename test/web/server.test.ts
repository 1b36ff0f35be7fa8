import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { PAGE_CSP, pageDirectory, startPageServer } from '../../src/web/server.ts'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A stand-in page: the server's behaviour does not depend on what the files hold. */
function fakePage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'talscale-page-'))
  dirs.push(dir)
  writeFileSync(join(dir, 'index.html'), '<!doctype html><p>page</p>')
  writeFileSync(join(dir, 'app.js'), 'console.log(1)')
  writeFileSync(join(dir, 'app.css'), 'p{}')
  writeFileSync(join(dir, 'secret.txt'), 'not served')
  return dir
}

function get(
  url: string,
  method = 'GET',
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method }, response => {
      let body = ''
      response.on('data', chunk => {
        body += chunk
      })
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('talscale serve', () => {
  it('serves the three page files with a no-connection CSP, and nothing else', async () => {
    const server = await startPageServer({ port: 0, dir: fakePage() })
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
      const index = await get(server.url)
      expect(index.status).toBe(200)
      expect(index.body).toContain('page')
      expect(index.headers['content-type']).toBe('text/html; charset=utf-8')
      expect(index.headers['content-security-policy']).toBe(PAGE_CSP)
      expect(PAGE_CSP).toContain("connect-src 'none'")
      expect((await get(`${server.url}app.js`)).headers['content-type']).toBe(
        'text/javascript; charset=utf-8',
      )
      for (const path of ['secret.txt', '../package.json', '%2e%2e/package.json', 'app.js/']) {
        expect((await get(`${server.url}${path}`)).status, path).toBe(404)
      }
      expect((await get(server.url, 'POST')).status).toBe(405)
    } finally {
      await server.close()
    }
  })

  it('explains a port in use instead of failing with a stack trace', async () => {
    const first = await startPageServer({ port: 0, dir: fakePage() })
    try {
      const port = Number(new URL(first.url).port)
      await expect(startPageServer({ port, dir: fakePage() })).rejects.toMatchObject({
        message: expect.stringContaining('EADDRINUSE'),
        hint: expect.stringContaining('Another program uses that port'),
      })
    } finally {
      await first.close()
    }
  })

  it('finds dist/web of the talscale package it belongs to, and says how to build it when missing', () => {
    const root = mkdtempSync(join(tmpdir(), 'talscale-pkg-'))
    dirs.push(root)
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'talscale' }))
    mkdirSync(join(root, 'dist/chunks/abc'), { recursive: true })
    const from = join(root, 'dist/chunks/abc/serve.js')
    expect(() => pageDirectory(from)).toThrow(/not built/)
    mkdirSync(join(root, 'dist/web'))
    writeFileSync(join(root, 'dist/web/index.html'), 'x')
    expect(pageDirectory(from)).toBe(join(root, 'dist/web'))
    // Another package's package.json on the way up is not ours.
    const nested = join(root, 'node_modules/other')
    mkdirSync(nested, { recursive: true })
    writeFileSync(join(nested, 'package.json'), JSON.stringify({ name: 'other' }))
    expect(pageDirectory(join(nested, 'index.js'))).toBe(join(root, 'dist/web'))
    expect(readFileSync(join(root, 'dist/web/index.html'), 'utf8')).toBe('x')
  })
})
