/**
 * Issue 10 item 4: nothing from an untrusted file or API answer reaches a terminal or CI log raw.
 * A file named `x\n::error title=FAKE::...` or a device named `\e]0;...\a` injected fake GitHub
 * annotations or terminal titles before; every path below is escaped by core/escape.ts.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CONTROL_CHARACTERS } from '../../src/core/escape.ts'
import { describeDevice } from '../../src/doctor/tailnet.ts'
import { device, FAKE_API_KEY, type FakeApi, startFakeApi } from '../doctor/fake-api.ts'
import { runCli } from '../support/cli.ts'

const STALE = 'machine:\n  # talscale-ignore TAL999 -- gone\n  type: worker\n'
const TITLE = '\u001b]0;pwned\u0007'
const FAKE_LINE = '\n::error title=FAKE::injected'

/** Fails when a line of the output starts with a workflow command talscale did not write. */
function expectNoInjectedLine(output: string, format: string): void {
  for (const line of output.split('\n')) {
    expect(line, format).not.toMatch(/^::error title=FAKE/)
    expect(line, format).not.toMatch(CONTROL_CHARACTERS)
  }
}

function repo(files: Record<string, string>): string {
  const cwd = mkdtempSync(join(tmpdir(), 'talscale-term-'))
  mkdirSync(join(cwd, '.git'))
  for (const [path, text] of Object.entries(files)) writeFileSync(join(cwd, path), text)
  return cwd
}

describe('check output', () => {
  it('escapes a file name with a newline and ESC in text, compact, github and -v notes', async () => {
    const name = `x${FAKE_LINE}${TITLE}.yaml`
    const cwd = repo({ [name]: STALE, 'other.txt.yaml': 'not: talos\n' })
    for (const format of ['text', 'compact', 'github']) {
      const result = await runCli(['check', '-v', '--format', format, '--fail-on', 'info', '.'], { cwd })
      expect(result.code, format).toBe(1)
      expectNoInjectedLine(result.stdout, format)
      expectNoInjectedLine(result.stderr, format)
      expect(result.stdout, format).toContain('TAL001')
    }
  })

  it('escapes ESC and BEL in --format github messages', async () => {
    const cwd = repo({ 'p.yaml': `machine:\n  # talscale-ignore TAL${TITLE}9 -- x\n  type: worker\n` })
    const result = await runCli(['check', '--format', 'github', 'p.yaml'], { cwd })
    expect(result.stdout).toMatch(/^::warning /)
    expectNoInjectedLine(result.stdout, 'github')
  })

  it('escapes the text of a talconfig @ reference in error lines', async () => {
    const cwd = repo({
      'talconfig.yaml': `clusterName: c\nendpoint: https://10.0.0.1:6443\npatches:\n  - "@missing\\e]0;pwned\\a\\n::error title=FAKE::x.yaml"\nnodes:\n  - hostname: n1\n    ipAddress: 10.0.0.1\n`,
    })
    for (const format of ['text', 'github']) {
      const result = await runCli(['check', '--format', format, 'talconfig.yaml'], { cwd })
      // An unreadable patch is an error (a finding, or an input error): either way its text is escaped.
      expect(result.code).toBeGreaterThan(0)
      expect(result.stdout + result.stderr).toContain('cannot be read')
      expectNoInjectedLine(result.stdout, format)
      expectNoInjectedLine(result.stderr, format)
    }
  })

  it('escapes a .talscale.yaml rule name in error lines', async () => {
    const cwd = repo({
      '.talscale.yaml': 'rules:\n  "no-such\\e]0;pwned\\a\\n::error title=FAKE::x": off\n',
      'p.yaml': STALE,
    })
    const result = await runCli(['check', 'p.yaml'], { cwd })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('is not a talscale rule code or name')
    expectNoInjectedLine(result.stderr, 'text')
  })
})

describe('tailnet plans', () => {
  let server: FakeApi
  const hostile = device({
    id: `nEVIL${FAKE_LINE}`,
    hostname: 'cp-1',
    name: `cp-1${TITLE}.tail0fake.ts.net`,
    connectedToControl: false,
    created: '2020-01-01T00:00:00Z',
  })
  beforeEach(async () => {
    server = await startFakeApi({
      devices: [device({ id: 'nCP1new', hostname: 'cp-1', name: 'cp-1-1.tail0fake.ts.net' }), hostile],
    })
  })
  afterEach(async () => server.close())

  it('escapes device names and IDs from the API', async () => {
    expect(describeDevice(hostile)).not.toMatch(CONTROL_CHARACTERS)
    const intent = new URL('../fixtures/doctor/talscale.yaml', import.meta.url).pathname
    for (const command of ['prune', 'check']) {
      const result = await runCli(
        ['tailnet', command, '-c', intent, '--api-url', server.url, '--timeout', '5'],
        {
          env: { TS_API_KEY: FAKE_API_KEY, PATH: process.env.PATH },
        },
      )
      expectNoInjectedLine(result.stdout, command)
      expectNoInjectedLine(result.stderr, command)
    }
  })
})
