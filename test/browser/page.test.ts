/**
 * The page in a real browser (Chromium from Debian, driven by playwright-core): it checks and
 * generates exactly as the CLI does, and after load it makes no network request at all.
 * The oracle for every assertion is the CLI run in-process on the same input.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { unzipSync } from 'fflate'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getExample } from '../../src/intent/examples.ts'
import { type PageServer, startPageServer } from '../../src/web/server.ts'
import { runCli } from '../support/cli.ts'

const ROOT = new URL('../../', import.meta.url).pathname
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? join(ROOT, 'docs/images') : undefined

let server: PageServer
let browser: Browser
const dirs: string[] = []

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The browser tests need Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH.`,
    )
  }
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-web.mjs')], { stdio: 'inherit' })
  server = await startPageServer({ port: 0, dir: join(ROOT, 'dist/web') })
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'talscale-browser-'))
  dirs.push(dir)
  return dir
}

/** Opens the page and records every request it makes from then on. */
async function open(): Promise<{ page: Page; requests: string[]; firstResultMs: number; bytes: number }> {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 1000 } })
  const page = await context.newPage()
  const requests: string[] = []
  let bytes = 0
  page.on('request', request => requests.push(request.url()))
  page.on('response', response => {
    const length = Number(response.headers()['content-length'] ?? 0)
    bytes += length
  })
  const started = Date.now()
  await page.goto(server.url)
  await page.waitForSelector('body[data-ready="true"]')
  return { page, requests, firstResultMs: Date.now() - started, bytes }
}

/** Sets a textarea's text as a user typing or pasting would (an input event follows). */
async function setText(page: Page, selector: string, text: string): Promise<void> {
  await page.fill(selector, text)
}

const BROKEN_ESC = `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
  - TS_EXTRA_ARGS=--port=41641 --accept-dns
  - "TS_STATE_DIR=mem:"
  - TS_AUTHKEY=\${TS_AUTHKEY_NEW}
`

describe('the page in Chromium', () => {
  it('loads only its own three files, says so, and makes no request after load', async () => {
    const { page, requests, firstResultMs, bytes } = await open()
    const origin = new URL(server.url).origin
    expect(requests.every(url => url.startsWith(origin))).toBe(true)
    expect(requests.map(url => new URL(url).pathname).sort()).toEqual(['/', '/app.css', '/app.js'])
    expect(await page.textContent('#privacy')).toContain('Nothing you paste, drop or type is sent anywhere')
    // The figures the closing note reports: what a first visit transfers and how long until findings show.
    console.log(`page: ${bytes} bytes transferred, first result after ${firstResultMs} ms`)
    requests.length = 0
    await setText(page, '#check-input', BROKEN_ESC)
    await page.click('#tab-generate')
    await page.selectOption('#example', 'edge')
    await page.click('#tab-check')
    await page.waitForTimeout(300)
    expect(requests.filter(url => !url.startsWith('blob:') && !url.startsWith('data:'))).toEqual([])
    await page.context().close()
  })

  it('shows the findings of a broken ExtensionServiceConfig at the lines the CLI reports', async () => {
    const { page } = await open()
    await page.fill('#check-name', 'tailscale.yaml')
    await setText(page, '#check-input', BROKEN_ESC)
    await page.waitForFunction(
      () =>
        document.querySelector('#findings li[data-code]') !== null &&
        document.getElementById('check-summary')?.textContent?.includes('finding'),
    )
    await page.waitForTimeout(300)
    const shown = await page.$$eval('#findings li[data-code]', items =>
      items.map(item => `${(item as HTMLElement).dataset.line} ${(item as HTMLElement).dataset.code}`),
    )
    const cli = await runCli(['check', '--format', 'json', '--stdin-filename', 'tailscale.yaml', '-'], {
      stdin: BROKEN_ESC,
      env: {},
    })
    const expected = (
      JSON.parse(cli.stdout) as { findings: Array<{ line: number; code: string }> }
    ).findings.map(finding => `${finding.line} ${finding.code}`)
    expect(expected.length).toBeGreaterThanOrEqual(3)
    expect(shown).toEqual(expected)
    // The named rules the tests rely on: the daemon flag, the state dir and the shadowed key.
    expect(shown).toEqual(expect.arrayContaining(['6 TAL401', '7 TAL500']))
    // Code frames, rule docs and the fix preview are there.
    const frame = await page.textContent('#findings li[data-code="TAL401"] pre')
    expect(frame).toContain('TS_EXTRA_ARGS=--port=41641')
    expect(await page.textContent('#findings li[data-code="TAL401"] details summary')).toContain(
      'About TAL401',
    )
    expect(await page.isHidden('#fix-preview')).toBe(false)
    expect(await page.textContent('#fix-diff')).toContain('TS_TAILSCALED_EXTRA_ARGS')
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, 'page-check.png'), fullPage: true })
    await page.context().close()
  })

  it('validates the intent at the line and follows edits in the bundle and the picture', async () => {
    const { page } = await open()
    await page.click('#tab-generate')
    const homelab = getExample('homelab')
    expect(await page.inputValue('#intent-input')).toBe(homelab)
    expect(await page.$$eval('#bundle-files button', items => items.map(item => item.textContent))).toContain(
      'talos/nodes/worker-1.yaml',
    )

    const broken = homelab.replace('lanSubnets: [192.168.1.0/24]', 'lanSubnets: [192.168.1.0/33]')
    const line = broken.split('\n').findIndex(text => text.includes('192.168.1.0/33')) + 1
    await setText(page, '#intent-input', broken)
    await page.waitForSelector('#intent-errors li[data-line]')
    const problems = await page.$$eval('#intent-errors li[data-line]', items =>
      items.map(item => ({ line: Number((item as HTMLElement).dataset.line), text: item.textContent ?? '' })),
    )
    expect(problems.some(problem => problem.line === line && problem.text.includes('192.168.1.0/33'))).toBe(
      true,
    )
    expect(await page.isDisabled('#download')).toBe(true)

    await setText(page, '#intent-input', homelab.replaceAll('worker-1', 'router-1'))
    await page.waitForSelector('#bundle-files button[data-path="talos/nodes/router-1.yaml"]')
    expect(await page.$$eval('#intent-errors li', items => items.length)).toBe(0)
    expect(await page.innerHTML('#topology')).toContain('id="node-router-1"')
    expect(await page.innerHTML('#topology')).not.toContain('id="node-worker-1"')
    await page.click('#bundle-files button[data-path="talos/nodes/router-1.yaml"]')
    expect(await page.textContent('#bundle-file')).toContain('TS_HOSTNAME=router-1')
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, 'page-generate.png'), fullPage: true })
    await page.context().close()
  })

  it('downloads a zip holding exactly the bytes and modes talscale generate writes', async () => {
    const { page } = await open()
    await page.click('#tab-generate')
    await page.selectOption('#example', 'edge')
    await page.waitForSelector('#bundle-files button[data-path="apply.sh"]')
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')])
    const zipPath = join(tempDir(), 'bundle.zip')
    await download.saveAs(zipPath)
    const entries = unzipSync(new Uint8Array(readFileSync(zipPath)))

    // The page's intent is talscale.yaml beside the bundle directory: `talscale generate --out out`.
    const cwd = tempDir()
    writeFileSync(join(cwd, 'talscale.yaml'), await page.inputValue('#intent-input'))
    const cli = await runCli(['generate', '--out', 'out'], { cwd, env: {} })
    expect(cli.code).toBe(0)
    const onDisk = new Map<string, Buffer>()
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name)
        if (statSync(path).isDirectory()) walk(path)
        else onDisk.set(relative(join(cwd, 'out'), path), readFileSync(path))
      }
    }
    walk(join(cwd, 'out'))
    expect(Object.keys(entries).sort()).toEqual([...onDisk.keys()].sort())
    for (const [path, bytes] of onDisk) expect(Buffer.from(entries[path]!).equals(bytes), path).toBe(true)
    // Modes travel in the zip's central directory: apply.sh stays executable.
    const modes = zipModes(readFileSync(zipPath))
    for (const path of onDisk.keys()) {
      expect(modes.get(path), path).toBe(statSync(join(cwd, 'out', path)).mode & 0o777)
    }
    expect(modes.get('apply.sh')).toBe(0o755)
    await page.context().close()
  })
})

/** File name to Unix permission bits, read from a zip's central directory headers. */
function zipModes(zip: Buffer): Map<string, number> {
  const modes = new Map<string, number>()
  for (let at = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at >= 0; ) {
    const nameLength = zip.readUInt16LE(at + 28)
    const extraLength = zip.readUInt16LE(at + 30)
    const commentLength = zip.readUInt16LE(at + 32)
    const external = zip.readUInt32LE(at + 38)
    modes.set(zip.toString('utf8', at + 46, at + 46 + nameLength), (external >>> 16) & 0o777)
    const next = at + 46 + nameLength + extraLength + commentLength
    at = zip.readUInt32LE(next) === 0x02014b50 ? next : -1
  }
  return modes
}
