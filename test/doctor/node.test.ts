import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Finding } from '../../src/core/finding.ts'
import { DOCTOR_CHECKS } from '../../src/doctor/checks.ts'
import { diagnoseNode } from '../../src/doctor/fleet.ts'
import { type TalosctlRunner, talosctlRunner } from '../../src/doctor/talosctl.ts'
import { type CliResult, runCli } from '../support/cli.ts'
import { fakeRunner, fakeSpawn } from './fake-runner.ts'

const FIXTURES = new URL('../fixtures/doctor/', import.meta.url).pathname
const FAKE = join(FIXTURES, 'fake-talosctl.mjs')
const NODES = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6', '10.0.0.7', '10.0.0.9']

interface JsonOutput {
  findings: Array<Pick<Finding, 'code' | 'file' | 'severity' | 'message' | 'line' | 'column'>>
  summary: { error: number; warning: number; info: number }
  nodes?: Array<{
    node: string
    role: string | null
    coverage: string
    result: string
    notChecked: Array<{ check: string; reason: string }>
    tailscale: string | null
    extensionVersion: string | null
  }>
}

function codesOf(output: JsonOutput, node: string): string[] {
  return output.findings.filter(finding => finding.file === node).map(finding => finding.code)
}

let result: CliResult
let output: JsonOutput
let scratch: string

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'talscale-doctor-'))
  result = await runCli(
    [
      'doctor',
      '--talosctl',
      FAKE,
      '--nodes',
      NODES.join(','),
      '--format',
      'json',
      '--concurrency',
      '4',
      '--batch',
      '3',
      '--context',
      'home;rm -rf /',
      '--endpoints',
      '10.0.0.100',
    ],
    // In-process: the fake receives exactly the argv execFile would pass (the execFile path itself is
    // tested below with the executable fake).
    {
      env: { PATH: process.env.PATH },
      spawn: fakeSpawn({ FAKE_TALOSCTL_ARGV_LOG: join(scratch, 'argv.log') }),
    },
  )
  output = JSON.parse(result.stdout) as JsonOutput
}, 120_000)

afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('talscale doctor against the fake talosctl', () => {
  it('exits 1 with errors and writes valid JSON', () => {
    expect(result.code).toBe(1)
    expect(output.summary.error).toBeGreaterThan(0)
  })

  it('finds nothing wrong on the healthy node', () => {
    const healthy = output.findings.filter(finding => finding.file === '10.0.0.1')
    expect(healthy.filter(finding => finding.severity !== 'info')).toEqual([])
    expect(codesOf(output, '10.0.0.1')).toContain('DOC121')
  })

  it('explains a Waiting service as a missing ExtensionServiceConfig, and nothing else', () => {
    // The log "was not registered" (the service never ran) and the missing tailnet address follow from it.
    expect(codesOf(output, '10.0.0.2')).toEqual(['DOC110', 'DOC121'])
  })

  it('explains a crash loop with the log: --port in TS_EXTRA_ARGS, no install image', () => {
    const codes = codesOf(output, '10.0.0.3')
    expect(codes).toEqual(expect.arrayContaining(['DOC111', 'DOC204', 'DOC123', 'DOC130']))
    expect(codes).not.toContain('DOC220')
    const port = output.findings.find(finding => finding.file === '10.0.0.3' && finding.code === 'DOC204')!
    expect(port.message).toContain('TS_TAILSCALED_EXTRA_ARGS')
    expect(port.message).toContain('3 times')
  })

  it("runs check's rules over the ExtensionServiceConfig the node really runs", () => {
    expect(codesOf(output, '10.0.0.3')).toContain('DOC141')
    const lint = output.findings.filter(
      finding => finding.file === '10.0.0.3 (ExtensionServiceConfig tailscale)',
    )
    // The duplicated TS_AUTHKEY a strategic merge left behind (T5/T6).
    expect(lint.map(finding => finding.code)).toContain('TAL203')
    expect(lint.map(finding => finding.code)).not.toContain('TAL300')
  })

  it('flags kubelet and etcd on the tailnet address', () => {
    const codes = codesOf(output, '10.0.0.4')
    expect(codes).toEqual(expect.arrayContaining(['DOC131', 'DOC132', 'DOC133']))
    const member = output.findings.find(finding => finding.code === 'DOC133')!
    expect(member.message).toBe(
      'etcd member "cp-2" (5e8d1c2b3a4f6071) is registered with peer URL https://100.64.0.14:2380, a tailnet address',
    )
  })

  it('fails a node it could not check at all, quoting the cause without talosctl wrapping', () => {
    expect(codesOf(output, '10.0.0.9')).toEqual(['DOC151'])
    const finding = output.findings.find(finding => finding.file === '10.0.0.9')!
    expect(finding.severity).toBe('error')
    expect(finding.message).toContain('rpc error: code = Internal')
    expect(finding.message).not.toContain('error occurred')
  })

  it('reports unreachable nodes and expired certificates as findings, with the reason', () => {
    expect(codesOf(output, '10.0.0.5')).toEqual(['DOC101'])
    expect(output.findings.find(finding => finding.file === '10.0.0.5')!.message).toContain(
      'no route to host',
    )
    expect(codesOf(output, '10.0.0.6')).toEqual(['DOC102'])
    expect(output.findings.find(finding => finding.file === '10.0.0.6')!.message).toContain(
      'expired certificate',
    )
  })

  it('lists every node in the JSON report: coverage, the checks not done and why', () => {
    const nodes = new Map(output.nodes!.map(node => [node.node, node]))
    expect([...nodes.keys()]).toEqual(NODES)
    expect(nodes.get('10.0.0.1')).toMatchObject({
      role: 'controlplane',
      coverage: 'full',
      result: 'ok',
      notChecked: [],
      tailscale: 'Running',
      extensionVersion: '1.102.2',
    })
    expect(nodes.get('10.0.0.5')).toMatchObject({ coverage: 'none', tailscale: 'unreachable' })
    expect(nodes.get('10.0.0.5')!.notChecked).toHaveLength(8)
    expect(nodes.get('10.0.0.5')!.notChecked[0]!.reason).toBe('the node is unreachable')
  })

  it('shows reading progress on stderr in CI logs for long runs', async () => {
    const many = Array.from({ length: 30 }, (_, index) => `10.1.0.${index + 1}`)
    const run = await runCli(['doctor', '--nodes', many.join(','), '--batch', '1', '--format', 'compact'], {
      spawn: fakeSpawn({ FAKE_TALOSCTL_TEMPLATE: '10.0.0.1' }),
      env: { CI: 'true' },
    })
    const lines = run.stderr.trim().split('\n')
    expect(lines[0]).toBe('doctor: 30 nodes, up to 1 per talosctl call, 8 calls at a time')
    expect(lines.filter(line => line.startsWith('reading nodes: ')).length).toBeGreaterThanOrEqual(9)
    expect(
      lines.filter(line => /^\[\d+\/30\] 10\.1\.0\.\d+: Running, 100\.64\.0\.11\/32 \(ok\)$/.test(line)),
    ).toHaveLength(30)
    const quiet = await runCli(
      ['doctor', '--nodes', many.join(','), '--no-progress', '--format', 'compact'],
      {
        spawn: fakeSpawn({ FAKE_TALOSCTL_TEMPLATE: '10.0.0.1' }),
        env: { CI: 'true' },
      },
    )
    expect(quiet.stderr).toBe('')
  })

  it('prints nothing a hostile node says as terminal control characters (table, progress)', async () => {
    const hostile =
      'NODE     10.0.0.1\nID       ext-tailscale\nSTATE    Running\u001b]0;pwned\u0007\nHEALTH   ?\n'
    const run = await runCli(['doctor', '--nodes', '10.0.0.1', '--no-tailnet'], {
      tty: true,
      env: { NO_COLOR: '1' },
      spawn: async (_file, argv) =>
        argv.includes('service')
          ? { code: 0, stdout: hostile, stderr: '' }
          : { code: 0, stdout: '', stderr: '' },
    })
    expect(run.stdout).toContain('Running\\x1b]0;pwned\\x07')
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/[\u0007\u001b]/)
  })

  it('says the extension is missing, once', () => {
    expect(codesOf(output, '10.0.0.7')).toEqual(['DOC120'])
  })

  it('ends the text report with one table and counts notes apart from problems', async () => {
    const text = await runCli(['doctor', '--nodes', NODES.join(','), '--no-tailnet'], {
      spawn: fakeSpawn(),
      env: { NO_COLOR: '1' },
    })
    const table = text.stdout.slice(text.stdout.indexOf('NODE '))
    expect(table.split('\n')[0]).toMatch(
      /^NODE +ROLE +TAILSCALE +TAILNET ADDRESS +KUBELET IP +ETCD +EXTENSION +SCHEMATIC +RESULT$/,
    )
    expect(table).toMatch(
      /\n10\.0\.0\.1 +controlplane +Running +100\.64\.0\.11 +192\.168\.1\.11 +192\.168\.1\.11 +1\.102\.2 +4a0d65c669d4 +ok\n/,
    )
    expect(table).toMatch(/\n10\.0\.0\.5 +\? +unreachable .* 1 error, not checked\n/)
    expect(table).toMatch(/\n10\.0\.0\.6 +\? +TLS refused .* 1 error, not checked\n/)
    expect(text.stdout).toMatch(
      /Found \d+ problems \(\d+ errors, \d+ warnings?\) and \d+ notes\. 8 nodes: 5 fully checked, 0 partly checked, 3 not checked\.\n$/,
    )
  })

  it('uses file = node address and position 1:1 for node findings', () => {
    for (const finding of output.findings) {
      expect([...NODES, 'talosctl']).toContain(finding.file.split(' ')[0])
      if (finding.code.startsWith('DOC')) expect([finding.line, finding.column]).toEqual([1, 1])
    }
  })

  it('passes --context as one argument and batches nodes in --nodes (no shell)', () => {
    const calls = readFileSync(join(scratch, 'argv.log'), 'utf8')
      .trim()
      .split('\n')
      .map(line => JSON.parse(line) as string[])
    for (const argv of calls) {
      expect(argv.slice(0, 4)).toEqual(['--context', 'home;rm -rf /', '--endpoints', '10.0.0.100'])
      expect(argv[4]).toBe('--nodes')
    }
    expect(calls.some(argv => argv.includes('--output') && argv.includes('json'))).toBe(true)
    // Batches of three: the service state of 8 nodes takes 3 calls, not 8.
    const service = calls.filter(argv => argv[6] === 'service')
    expect(service.map(argv => argv[5]).sort()).toEqual([
      '10.0.0.1,10.0.0.2,10.0.0.3',
      '10.0.0.4,10.0.0.5,10.0.0.6',
      '10.0.0.7,10.0.0.9',
    ])
    // Unreachable nodes are asked once; far fewer calls than one per node and read.
    expect(calls.filter(argv => argv[5]!.split(',').includes('10.0.0.5'))).toHaveLength(1)
    expect(calls.length).toBeLessThan(NODES.length * 8)
  })

  it('never prints the auth keys the nodes hold', () => {
    expect(result.stdout).not.toMatch(/tskey-auth-k/)
    expect(result.stderr).not.toMatch(/tskey-auth-k/)
  })
})

describe('doctor edge cases', () => {
  it('reports a missing talosctl once, as a finding', async () => {
    const missing = await runCli([
      'doctor',
      '--talosctl',
      '/nonexistent/talosctl',
      '--nodes',
      '10.0.0.1,10.0.0.2',
      '--format',
      'json',
    ])
    expect(missing.code).toBe(1)
    const findings = (JSON.parse(missing.stdout) as JsonOutput).findings
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ code: 'DOC100', file: 'talosctl' })
    expect(findings[0]!.message).toContain('talosctl not found on PATH; install it or pass --talosctl')
  })

  it('refuses to run without nodes, and rejects bad options (exit 2)', async () => {
    const none = await runCli(['doctor', '--talosctl', FAKE])
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('no nodes to diagnose')
    const bad = await runCli(['doctor', '--talosctl', FAKE, '--nodes', '10.0.0.1', '--concurrency', '0'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--concurrency')
    const schematic = await runCli([
      'doctor',
      '--talosctl',
      FAKE,
      '--nodes',
      '10.0.0.1',
      '--schematic',
      'abc',
    ])
    expect(schematic.code).toBe(2)
  })

  it('takes nodes and the expected schematic from the intent, and frames the checked config masked', async () => {
    const intent = join(FIXTURES, 'talscale.yaml')
    const run = await runCli(['doctor', '-c', intent, '--talosctl', FAKE, '--no-tailnet'], {
      env: { PATH: process.env.PATH, NO_COLOR: '1' },
      spawn: fakeSpawn(),
    })
    expect(run.code).toBe(1)
    // The intent's nodes are 10.0.0.1-4; its schematic (tailscale only) is what the fixtures run.
    expect(run.stdout).toContain('10.0.0.4:1:1 DOC131')
    expect(run.stdout).not.toContain('10.0.0.5')
    expect(run.stdout).not.toContain('DOC122')
    expect(run.stdout).toMatch(/\| {3}- "TS_AUTHKEY=tskey-auth-0+-0+"/)
    expect(run.stdout).not.toContain('kFAKE')
  })

  it('checks the running schematic and install image against --schematic', async () => {
    const expected = '376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba'
    const run = await runCli(
      ['doctor', '--talosctl', FAKE, '--nodes', '10.0.0.1', '--schematic', expected, '--format', 'json'],
      { env: { PATH: process.env.PATH }, spawn: fakeSpawn() },
    )
    const codes = (JSON.parse(run.stdout) as JsonOutput).findings.map(finding => finding.code)
    expect(codes).toEqual(expect.arrayContaining(['DOC122', 'DOC123']))
  })

  it('prints one progress line per node on a TTY and SARIF with every check as a rule', async () => {
    const run = await runCli(
      ['doctor', '--talosctl', FAKE, '--nodes', '10.0.0.1,10.0.0.5', '--format', 'sarif'],
      { tty: true, env: { NO_COLOR: '1', PATH: process.env.PATH }, spawn: fakeSpawn() },
    )
    const progress = run.stderr.trim().split('\n')
    expect(progress).toHaveLength(3)
    expect(progress[0]).toMatch(/^doctor: 2 nodes, up to 10 per talosctl call/)
    expect(run.stderr).toContain('10.0.0.5: not reachable (1 error, not checked)')
    expect(run.stderr).toMatch(/10\.0\.0\.1: Running, 100\.64\.0\.11/)
    const sarif = JSON.parse(run.stdout) as {
      runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } } }>
    }
    const ids = sarif.runs[0]!.tool.driver.rules.map(rule => rule.id)
    for (const check of DOCTOR_CHECKS) expect(ids).toContain(check.code)
  })

  it('--fail-on decides whether info findings fail the run', async () => {
    const run = async (failOn: string) =>
      runCli(
        ['doctor', '--talosctl', FAKE, '--nodes', '10.0.0.1', '--fail-on', failOn, '--format', 'compact'],
        { env: { PATH: process.env.PATH }, spawn: fakeSpawn() },
      )
    expect((await run('error')).code).toBe(0)
    expect((await run('info')).code).toBe(1)
  })
})

/** A runner from a per-command answer function (one node per call, as with --batch 1). */
function answering(
  answer: (args: readonly string[]) => { stdout: string; stderr?: string; code?: number },
): TalosctlRunner {
  return async (nodes, args) => {
    const result = answer(args)
    return {
      nodes,
      command: `talosctl --nodes ${nodes.join(',')} ${args.join(' ')}`,
      code: result.code ?? 0,
      stdout: result.stdout,
      stderr: result.stderr ?? '',
    }
  }
}

/** Answers like the fake for node 10.0.0.1, except where `override` answers. */
function healthyExcept(override: (args: readonly string[]) => string | undefined): TalosctlRunner {
  const fake = fakeRunner()
  return async (nodes, args) => {
    const text = override(args)
    if (text === undefined) return fake(nodes, args)
    return { nodes, command: args.join(' '), code: 0, stdout: text, stderr: '' }
  }
}

describe('judging one node', () => {
  it('judges the install image against the running schematic when nothing is expected', async () => {
    const withImage = (image: string) =>
      healthyExcept(args => {
        if (args[0] !== 'get' || args[1] !== 'machineconfig') return undefined
        const text = `machine:\n    install:\n        image: ${image}\n`
        return JSON.stringify({ metadata: { id: 'v1alpha1' }, spec: text, node: '10.0.0.1' })
      })
    const diagnose = async (image: string) =>
      (await diagnoseNode({ address: '10.0.0.1' }, { run: withImage(image), rules: [] })).findings
        .filter(finding => finding.code === 'DOC123')
        .map(finding => finding.message)
    expect(await diagnose('ghcr.io/siderolabs/installer:v1.13.9')).toEqual([
      expect.stringContaining('an image without a schematic: the next upgrade drops every extension'),
    ])
    const other = '376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba'
    expect(await diagnose(`factory.talos.dev/metal-installer/${other}:v1.13.9`)).toEqual([
      expect.stringContaining(`switches to schematic ${other}`),
    ])
    const running = '4a0d65c669d46663f377e7161e50cfd570c401f26fd9e7bda34a0216b6f1922b'
    expect(await diagnose(`factory.talos.dev/metal-installer/${running}:v1.13.9`)).toEqual([])
  })

  it('warns about past restarts of a service that runs now, and errs when it is down', async () => {
    const service = (state: string) =>
      [
        'NODE     10.0.0.9',
        'ID       ext-tailscale',
        `STATE    ${state}`,
        'HEALTH   ?',
        'EVENTS   [Running]: Started task ext-tailscale (PID 9) for container ext-tailscale (2h0m3s ago)',
        '         [Waiting]: Error running Containerd(ext-tailscale), going to restart forever: task "ext-tailscale" failed: exit code 1 (2h0m8s ago)',
        '         [Waiting]: Error running Containerd(ext-tailscale), going to restart forever: task "ext-tailscale" failed: exit code 1 (2h0m20s ago)',
        '',
      ].join('\n')
    const restartsOf = async (state: string) =>
      (
        await diagnoseNode(
          { address: '10.0.0.9' },
          {
            run: answering(args => ({ stdout: args[0] === 'service' ? service(state) : '' })),
            rules: [],
          },
        )
      ).findings.filter(finding => finding.code === 'DOC111')
    const running = await restartsOf('Running')
    expect(running.map(finding => finding.severity)).toEqual(['warning'])
    expect(running[0]!.message).toContain('last event 2h0m3s ago')
    expect((await restartsOf('Waiting')).map(finding => finding.severity)).toEqual(['error'])
  })

  it('kills a talosctl that does not answer in time, and refuses oversized output', async () => {
    const slow = talosctlRunner({
      path: FAKE,
      timeoutMs: 300,
      env: { PATH: process.env.PATH, FAKE_TALOSCTL_DELAY_MS: '5000' },
    })
    const started = performance.now()
    const late = await slow(['10.0.0.1'], ['service', 'ext-tailscale'])
    expect(performance.now() - started).toBeLessThan(4000)
    expect(late.failure).toMatchObject({ kind: 'timeout', detail: 'talosctl did not finish within 0.3 s' })
    const small = talosctlRunner({
      path: FAKE,
      timeoutMs: 10_000,
      maxBuffer: 64,
      env: { PATH: process.env.PATH },
    })
    const big = await small(['10.0.0.1'], ['get', 'addresses', '--output', 'json'])
    expect(big.failure).toMatchObject({ kind: 'other' })
    const diagnosis = await diagnoseNode({ address: '10.0.0.1' }, { run: slow, rules: [] })
    expect(diagnosis.findings.map(finding => finding.code)).toEqual(['DOC101'])
    expect(diagnosis.findings[0]!.message).toContain('did not answer')
  })

  it('diagnoseNode survives a runner that returns nonsense, and fails the node it could not judge', async () => {
    const nonsense = await diagnoseNode(
      { address: '10.9.9.9' },
      { run: answering(() => ({ stdout: '\u0000{{{ not talosctl output' })), rules: [] },
    )
    expect(nonsense.facts.reachable).toBe(true)
    expect(nonsense.coverage).toBe('none')
    expect(nonsense.findings.map(finding => finding.code)).toEqual(['DOC151'])
    const throwing = await diagnoseNode(
      { address: '10.9.9.9' },
      {
        run: async () => {
          throw new Error('boom')
        },
        rules: [],
      },
    )
    expect(throwing.findings.map(finding => [finding.code, finding.severity])).toEqual([['DOC151', 'error']])
  })

  it('says when part of a resource list could not be read', async () => {
    const run = healthyExcept(args =>
      args[1] === 'nodeips'
        ? `{"metadata": {"id": "kubelet"}, "node": "10.0.0.1", "spec": {"addresses": ["100.64.0.11"]}}\n{"metadata": {"id": ["x"]}, "node": "10.0.0.1"}\n`
        : undefined,
    )
    const node = await diagnoseNode({ address: '10.0.0.1' }, { run, rules: [] })
    expect(node.findings.map(finding => finding.code)).toEqual(expect.arrayContaining(['DOC104', 'DOC131']))
    expect(node.findings.find(finding => finding.code === 'DOC104')!.message).toContain(
      '1 of the objects `talosctl get nodeips -o json` printed for 10.0.0.1 could not be read',
    )
  })

  it('a health gate never passes blind: every call failing in an unknown way exits 1', async () => {
    const strange = await runCli(
      ['doctor', '--nodes', '10.0.0.9', '--format', 'json', '--fail-on', 'error'],
      {
        spawn: async () => ({ code: 3, stdout: '', stderr: 'panic: something nobody has seen\n' }),
      },
    )
    expect(strange.code).toBe(1)
    const codes = (JSON.parse(strange.stdout) as JsonOutput).findings.map(finding => finding.code)
    expect(codes).toEqual(['DOC151'])
  })
})
