import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fixedClock } from '../../src/core/clock.ts'
import { diagnoseTailnet, planApproveRoutes, planPrune } from '../../src/doctor/tailnet.ts'
import type { Device } from '../../src/tailscale/api.ts'
import { type CliResult, runCli as runCliAt } from '../support/cli.ts'
import { FUZZ_RUNS } from '../support/fuzz.ts'
import { device, FAKE_API_KEY, FAKE_AUTH_KEY, type FakeApi, startFakeApi } from './fake-api.ts'

const INTENT = new URL('../fixtures/doctor/talscale.yaml', import.meta.url).pathname
const NOW = Date.parse('2026-11-26T08:00:00Z')
const DAY = 86_400_000
const iso = (offsetDays: number) => new Date(NOW + offsetDays * DAY).toISOString()
// The CLI judges key expiry and staleness against the same pinned "now" as the fixture, never the wall clock.
const runCli = (argv: string[], options: Parameters<typeof runCliAt>[1] = {}): Promise<CliResult> =>
  runCliAt(argv, { now: fixedClock(NOW), ...options })

/** The tailnet of the story: a lost identity, a wrong enrolment, half-approved routes, a stranger. */
function tailnet(): Device[] {
  return [
    device({ id: 'nCP1new', hostname: 'cp-1', name: 'cp-1-1.tail0fake.ts.net', created: iso(-2) }),
    device({
      id: 'nCP1old',
      hostname: 'cp-1',
      name: 'cp-1.tail0fake.ts.net',
      connectedToControl: false,
      lastSeen: iso(-60),
      created: iso(-300),
    }),
    device({
      id: 'nCP2',
      hostname: 'cp-2',
      isEphemeral: true,
      tags: ['tag:other'],
      keyExpiryDisabled: false,
      expires: iso(5),
    }),
    device({
      id: 'nW1',
      hostname: 'worker-1',
      advertisedRoutes: ['10.244.0.0/16', '10.96.0.0/12'],
      enabledRoutes: ['10.96.0.0/12', '192.168.99.0/24'],
    }),
    device({
      id: 'nLaptop',
      hostname: 'laptop',
      tags: [],
      keyExpiryDisabled: false,
      expires: iso(-1),
      authorized: false,
    }),
  ]
}

const NODES = [
  { hostname: 'cp-1', tags: ['tag:talos'] },
  { hostname: 'cp-2', tags: ['tag:talos'] },
  { hostname: 'worker-1', tags: ['tag:talos'], routes: ['10.244.0.0/16', '10.96.0.0/12'] },
  { hostname: 'worker-2', tags: ['tag:talos'] },
]

describe('diagnoseTailnet', () => {
  const findings = diagnoseTailnet(tailnet(), NODES, { now: NOW })
  const byCode = (code: string) =>
    findings.filter(finding => finding.code === code).map(finding => finding.message)

  it('finds the duplicate left by a lost identity', () => {
    expect(byCode('DOC301')).toEqual([
      'node "cp-1" has 2 devices: "cp-1-1" (nCP1new), "cp-1" (nCP1old); 1 offline',
    ])
  })

  it('finds routes advertised but not approved', () => {
    expect(byCode('DOC302')).toEqual(['"worker-1" (nW1) advertises 10.244.0.0/16 but it is not approved'])
  })

  it('finds expiring and expired node keys', () => {
    expect(byCode('DOC303')).toHaveLength(1)
    expect(byCode('DOC303')[0]).toContain('in 5 days, threshold 14')
    expect(byCode('DOC304')).toEqual([`the node key of "laptop" (nLaptop) expired on ${iso(-1)}`])
    expect(diagnoseTailnet(tailnet(), NODES, { now: NOW, expiryDays: 3 }).map(f => f.code)).not.toContain(
      'DOC303',
    )
  })

  it('finds an ephemeral enrolment and tag drift for intent nodes only', () => {
    expect(byCode('DOC305')).toEqual(['"cp-2" (nCP2) is ephemeral, but node "cp-2" is meant to persist'])
    expect(byCode('DOC306')).toEqual(['"cp-2" (nCP2) has tags [tag:other], the intent says [tag:talos]'])
  })

  it('finds stale devices, unauthorised devices and intent nodes missing from the tailnet', () => {
    expect(byCode('DOC307')).toEqual([
      `"cp-1" (nCP1old) has been offline since ${iso(-60)} (more than 30 days)`,
    ])
    expect(byCode('DOC309')).toEqual(['"laptop" (nLaptop) is not authorised (waits for approval)'])
    expect(byCode('DOC308')).toEqual(['node "worker-2" has no device in the tailnet'])
  })

  it('uses file "tailnet" at 1:1 and is quiet on a clean tailnet', () => {
    for (const finding of findings)
      expect([finding.file, finding.line, finding.column]).toEqual(['tailnet', 1, 1])
    const clean = [device({ id: 'a', hostname: 'cp-1' })]
    expect(diagnoseTailnet(clean, [{ hostname: 'cp-1', tags: ['tag:talos'] }], { now: NOW })).toEqual([])
  })
})

describe('plans', () => {
  it('prune removes only offline duplicates of intent nodes', () => {
    const devices = [
      ...tailnet(),
      device({ id: 'nLaptopOld', hostname: 'laptop', connectedToControl: false, lastSeen: iso(-90) }),
      device({ id: 'nCP2dupOnline', hostname: 'cp-2', created: iso(-1) }),
    ]
    const steps = planPrune(devices, NODES)
    expect(steps.map(step => step.device.id)).toEqual(['nCP1old'])
    expect(steps[0]!.keeps.id).toBe('nCP1new')
  })

  it('approve-routes sets exactly the intent routes on the current device', () => {
    const steps = planApproveRoutes(tailnet(), NODES)
    expect(steps).toHaveLength(1)
    expect(steps[0]).toMatchObject({
      device: { id: 'nW1' },
      from: ['10.96.0.0/12', '192.168.99.0/24'],
      to: ['10.244.0.0/16', '10.96.0.0/12'],
    })
    const done = tailnet().map(entry =>
      entry.id === 'nW1' ? { ...entry, enabledRoutes: steps[0]!.to } : entry,
    )
    expect(planApproveRoutes(done, NODES)).toEqual([])
  })
})

describe('properties', () => {
  const arbitraryDevice = fc.record({
    id: fc.stringMatching(/^n[a-zA-Z0-9]{1,8}$/),
    hostname: fc.constantFrom('cp-1', 'cp-2', 'worker-1', 'laptop'),
    connectedToControl: fc.boolean(),
    lastSeen: fc.option(fc.constantFrom(iso(-90), iso(-1), 'not a date'), { nil: undefined }),
    created: fc.constantFrom(iso(-400), iso(-3)),
    isEphemeral: fc.boolean(),
    keyExpiryDisabled: fc.boolean(),
    expires: fc.option(fc.constantFrom(iso(-2), iso(3), iso(200), '0001-01-01T00:00:00Z'), {
      nil: undefined,
    }),
    tags: fc.subarray(['tag:talos', 'tag:other']),
    advertisedRoutes: fc.subarray(['10.244.0.0/16', '10.96.0.0/12']),
    enabledRoutes: fc.subarray(['10.244.0.0/16', '10.96.0.0/12', '192.168.99.0/24']),
  })

  it('prune never deletes an online device, the kept device, or a device outside the intent', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(arbitraryDevice, { selector: entry => entry.id, maxLength: 12 }),
        devices => {
          diagnoseTailnet(devices, NODES, { now: NOW })
          const steps = planPrune(devices, NODES)
          const names = new Set(NODES.map(node => node.hostname))
          for (const step of steps) {
            expect(step.device.connectedToControl).toBe(false)
            expect(step.device.id).not.toBe(step.keeps.id)
            expect(names.has(step.device.hostname)).toBe(true)
          }
          // Every node that had devices keeps at least one.
          for (const name of names) {
            const had = devices.filter(entry => entry.hostname === name).length
            const removed = steps.filter(step => step.device.hostname === name).length
            if (had > 0) expect(removed).toBeLessThan(had)
          }
        },
      ),
      { numRuns: FUZZ_RUNS },
    )
  })
})

describe('talscale tailnet against the local API', () => {
  let server: FakeApi
  let scratch: string
  const env = () => ({ TS_API_KEY: FAKE_API_KEY, PATH: process.env.PATH })
  const api = () => ['--api-url', server.url, '--timeout', '5']

  beforeEach(async () => {
    server = await startFakeApi({ devices: tailnet() })
    scratch = mkdtempSync(join(tmpdir(), 'talscale-tailnet-'))
  })
  afterEach(async () => {
    await server.close()
    rmSync(scratch, { recursive: true, force: true })
  })

  it('check reports the findings against the intent and exits 1', async () => {
    const result = await runCli(['tailnet', 'check', '-c', INTENT, ...api(), '--format', 'json'], {
      env: env(),
    })
    expect(result.code).toBe(1)
    const codes = (JSON.parse(result.stdout) as { findings: Array<{ code: string }> }).findings.map(
      f => f.code,
    )
    expect(codes).toEqual(
      expect.arrayContaining(['DOC301', 'DOC302', 'DOC303', 'DOC304', 'DOC305', 'DOC306', 'DOC308']),
    )
    expect(server.requests.every(request => request.method === 'GET')).toBe(true)
  })

  it('check turns an API failure into a DOC300 finding, and missing credentials into exit 2', async () => {
    server.faults.push({ path: /devices$/, kind: 'status', status: 403, times: 1 })
    const result = await runCli(['tailnet', 'check', ...api(), '--format', 'compact'], { env: env() })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('DOC300')
    expect(result.stdout).toContain('403')
    const none = await runCli(['tailnet', 'check', ...api()], { env: { PATH: process.env.PATH } })
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('TS_API_KEY')
  })

  it('prune prints the plan and changes nothing without --yes', async () => {
    const result = await runCli(['tailnet', 'prune', '-c', INTENT, ...api()], { env: env() })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Plan: delete 1 device')
    expect(result.stdout).toContain('"cp-1" (nCP1old)')
    expect(result.stdout).toContain('Nothing was changed')
    expect(server.requests.filter(request => request.method !== 'GET')).toEqual([])
    expect(server.devices).toHaveLength(5)
  })

  it('prune --yes deletes exactly the planned devices', async () => {
    const result = await runCli(['tailnet', 'prune', '-c', INTENT, ...api(), '--yes'], { env: env() })
    expect(result.code).toBe(0)
    expect(
      server.requests.filter(request => request.method === 'DELETE').map(request => request.path),
    ).toEqual(['/api/v2/device/nCP1old'])
    expect(server.devices.map(entry => entry.id)).not.toContain('nCP1old')
    const again = await runCli(['tailnet', 'prune', '-c', INTENT, ...api()], { env: env() })
    expect(again.stdout).toContain('Nothing to prune')
  })

  it('approve-routes --yes sets exactly the intent routes', async () => {
    const plan = await runCli(['tailnet', 'approve-routes', '-c', INTENT, ...api()], { env: env() })
    expect(plan.stdout).toContain('[10.96.0.0/12, 192.168.99.0/24] -> [10.244.0.0/16, 10.96.0.0/12]')
    expect(server.requests.filter(request => request.method === 'POST')).toEqual([])
    const applied = await runCli(['tailnet', 'approve-routes', '-c', INTENT, ...api(), '--yes'], {
      env: env(),
    })
    expect(applied.code).toBe(0)
    const post = server.requests.find(request => request.method === 'POST')!
    expect(post.path).toBe('/api/v2/device/nW1/routes')
    expect(JSON.parse(post.body)).toEqual({ routes: ['10.244.0.0/16', '10.96.0.0/12'] })
  })

  it('mint-key refuses a terminal before creating any key', async () => {
    const result = await runCli(['tailnet', 'mint-key', '--tags', 'tag:talos', ...api()], {
      env: env(),
      tty: true,
    })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('refusing to print an auth key to a terminal')
    expect(server.requests).toEqual([])
  })

  it('mint-key writes a tagged, pre-approved key to a 0600 file and never prints it', async () => {
    const file = join(scratch, 'authkey')
    const result = await runCli(
      ['tailnet', 'mint-key', '-c', INTENT, '--reusable', '--expiry', '30', '-o', file, ...api()],
      { env: env(), tty: true },
    )
    expect(result.code).toBe(0)
    expect(readFileSync(file, 'utf8')).toBe(`${FAKE_AUTH_KEY}\n`)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(result.stdout + result.stderr).not.toContain(FAKE_AUTH_KEY)
    expect(result.stderr).toContain('reusable, persistent, pre-approved, tags tag:talos')
    const body = JSON.parse(server.requests.at(-1)!.body)
    expect(body.capabilities.devices.create).toEqual({
      reusable: true,
      ephemeral: false,
      preauthorized: true,
      tags: ['tag:talos'],
    })
    expect(body.expirySeconds).toBe(30 * 86_400)
    const again = await runCli(['tailnet', 'mint-key', '-c', INTENT, '-o', file, ...api()], { env: env() })
    expect(again.code).toBe(2)
    expect(again.stderr).toContain('already exists')
  })

  it('mint-key prints the key to a pipe only, and needs tags', async () => {
    const piped = await runCli(['tailnet', 'mint-key', '--tags', 'tag:talos', '--ephemeral', ...api()], {
      env: env(),
    })
    expect(piped.code).toBe(0)
    expect(piped.stdout).toBe(`${FAKE_AUTH_KEY}\n`)
    expect(piped.stderr).not.toContain(FAKE_AUTH_KEY)
    const untagged = await runCli(['tailnet', 'mint-key', ...api()], { env: env() })
    expect(untagged.code).toBe(2)
    expect(untagged.stderr).toContain('needs tags')
    const badExpiry = await runCli(
      ['tailnet', 'mint-key', '--tags', 'tag:talos', '--expiry', '365', ...api()],
      {
        env: env(),
      },
    )
    expect(badExpiry.code).toBe(2)
  })

  it('doctor adds the tailnet checks when credentials are set', async () => {
    const result = await runCli(
      [
        'doctor',
        '--talosctl',
        '/nonexistent/talosctl',
        '-c',
        INTENT,
        '--api-url',
        server.url,
        '--format',
        'json',
      ],
      { env: env() },
    )
    const codes = (JSON.parse(result.stdout) as { findings: Array<{ code: string; file: string }> }).findings
    expect(codes.some(finding => finding.code === 'DOC301' && finding.file === 'tailnet')).toBe(true)
    expect(codes.some(finding => finding.code === 'DOC100')).toBe(true)
  })
})
