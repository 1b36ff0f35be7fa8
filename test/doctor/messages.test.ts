/**
 * Every message of every node and tailnet check, in full, from the answers or devices that cause it:
 * one case per `CODE messageId`, so a change to a template or to the data a call passes shows here.
 * test/doctor/meta.test.ts checks that the cases cover every message the checks define.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { TalscaleError } from '../../src/core/errors.ts'
import type { Finding, Severity } from '../../src/core/finding.ts'
import { explainLog } from '../../src/doctor/explain.ts'
import { diagnoseFleet } from '../../src/doctor/fleet.ts'
import { judgeNode, type NodeAnswers, type NodeExpectation, RESOURCE_READS } from '../../src/doctor/node.ts'
import { diagnoseTailnet, tailnetUnreadable } from '../../src/doctor/tailnet.ts'
import type { FailureKind, TalosctlResult } from '../../src/doctor/talosctl.ts'
import { defineRule } from '../../src/lint/rule.ts'
import { RULES } from '../../src/lint/rules/index.ts'
import { type Device, TailscaleApi } from '../../src/tailscale/api.ts'

const NODE = '10.0.0.5'
const RUNNING = 'a'.repeat(64)
const OTHER = 'b'.repeat(64)
const INSTALLER = `factory.talos.dev/metal-installer/${RUNNING}:v1.13.9`

const ok = (stdout: string): TalosctlResult => ({ ok: true, stdout })
const fail = (kind: FailureKind, detail: string, command = 'talosctl get x'): TalosctlResult => ({
  ok: false,
  failure: { kind, detail, command },
})
const resources = (...items: Array<{ id: string; spec: unknown }>): TalosctlResult =>
  ok(items.map(({ id, spec }) => JSON.stringify({ metadata: { id }, node: NODE, spec })).join('\n'))

/** `talosctl service ext-tailscale` as talosctl prints it; events newest first. */
function service(
  state: string,
  options: { health?: string; lastHealth?: string; events?: string[] } = {},
): TalosctlResult {
  const lines = [
    `NODE     ${NODE}`,
    'ID       ext-tailscale',
    `STATE    ${state}`,
    `HEALTH   ${options.health ?? '?'}`,
  ]
  if (options.lastHealth) lines.push(`LAST HEALTH MESSAGE   ${options.lastHealth}`)
  const events = options.events ?? [
    `[${state}]: Started task ext-tailscale (PID 9) for container ext-tailscale (1h ago)`,
  ]
  for (const [index, event] of events.entries())
    lines.push(`${index === 0 ? 'EVENTS   ' : '         '}${event}`)
  return ok(`${lines.join('\n')}\n`)
}

const extension = (name: string, version: string) => ({ id: name, spec: { metadata: { name, version } } })
const machineConfig = (install: string) =>
  resources({ id: 'v1alpha1', spec: `machine:\n    type: worker\n${install}` })

/** A worker that is fine on every count; each case changes what it needs. */
function healthy(): NodeAnswers {
  return {
    service: service('Running'),
    extensions: resources(extension('tailscale', '1.90.0'), extension('schematic', RUNNING)),
    addresses: resources({
      id: 'tailscale0/100.64.0.5/32',
      spec: { address: '100.64.0.5/32', linkName: 'tailscale0' },
    }),
    nodeips: resources({ id: 'kubelet', spec: { addresses: [NODE] } }),
    etcdspecs: ok(''),
    extensionserviceconfigs: ok(''),
    machineconfig: machineConfig(`    install:\n        image: ${INSTALLER}\n`),
    logs: ok(''),
  }
}

const controlPlane = (advertised: string[], peer: string[]): Partial<NodeAnswers> => ({
  etcdspecs: resources({ id: 'etcd', spec: { advertisedAddresses: advertised, listenPeerAddresses: peer } }),
})

interface NodeCase {
  answers: Partial<NodeAnswers>
  expectation?: Partial<NodeExpectation>
  rules?: JudgeRules
  message: string
  severity?: Severity
}
type JudgeRules = Parameters<typeof judgeNode>[2]['rules']

const NOT_A_RULE = defineRule({
  code: 'TAL999',
  name: 'broken-rule',
  topic: 'extension-service',
  severity: 'error',
  scope: 'target',
  kinds: ['patch'],
  messages: { never: 'never reported' },
  fixTitle: 'Nothing',
  fix: 'none',
  docs: { summary: 'A rule that throws.', why: 'To test the guard.', invalid: '', valid: '' },
  check() {
    throw new Error('the rule broke')
  },
})

/** Node findings by `CODE messageId`. */
const NODE_CASES: Record<string, NodeCase> = {
  'DOC100 notFound': {
    answers: { service: fail('not-found', '"talosctl" was not found') },
    message: 'talosctl not found on PATH; install it or pass --talosctl ("talosctl" was not found)',
  },
  'DOC101 timeout': {
    answers: { service: fail('timeout', 'talosctl did not finish within 0.3 s') },
    message: `${NODE} did not answer: talosctl did not finish within 0.3 s`,
  },
  'DOC101 unreachable': {
    answers: { service: fail('unreachable', 'connection refused') },
    message: `${NODE} is unreachable: connection refused`,
  },
  'DOC102 handshake': {
    answers: { service: fail('certificate', 'x509: certificate has expired') },
    message: `TLS handshake with ${NODE} failed: x509: certificate has expired`,
  },
  'DOC103 sensitive': {
    answers: { machineconfig: fail('permission', 'PermissionDenied') },
    message: `cannot read the machine config on ${NODE} (PermissionDenied): the talosconfig role needs os:admin for sensitive resources; not checked: install-image`,
  },
  'DOC104 failed': {
    answers: { nodeips: fail('other', 'boom', 'talosctl get nodeips -o json') },
    message: `cannot read the kubelet node IP on ${NODE} (\`talosctl get nodeips -o json\`): boom; not checked: kubelet-ip`,
  },
  'DOC104 unknownResource': {
    answers: { etcdspecs: fail('unknown-resource', 'resource "etcdspecs" is not known') },
    message: `cannot read the etcd addresses on ${NODE}: this Talos version does not have it (resource "etcdspecs" is not known); not checked: etcd`,
    severity: 'info',
  },
  'DOC104 unreadableOutput': {
    answers: { addresses: ok('{ not json') },
    message: `could not read the output of \`talosctl get addresses -o json\` on ${NODE} (the node addresses); not checked: tailnet-address`,
  },
  'DOC104 damagedObjects': {
    answers: {
      nodeips: ok(
        `${JSON.stringify({ metadata: { id: 'kubelet' }, node: NODE, spec: { addresses: [NODE] } })}\n${JSON.stringify({ metadata: { id: ['x'] }, node: NODE })}\n`,
      ),
    },
    message: `1 of the objects \`talosctl get nodeips -o json\` printed for ${NODE} could not be read; kubelet-ip judged the other 1`,
  },
  'DOC104 machineConfigUnparsable': {
    answers: { machineconfig: resources({ id: 'v1alpha1', spec: 'machine: [unclosed\n' }) },
    message: `the machine config of ${NODE} could not be parsed`,
  },
  'DOC104 serviceConfigUncheckable': {
    answers: {
      extensionserviceconfigs: resources({ id: 'tailscale', spec: { environment: ['TS_HOSTNAME=a'] } }),
    },
    rules: [NOT_A_RULE],
    message: `the ExtensionServiceConfig of ${NODE} could not be checked: rule TAL999 broken-rule failed on ${NODE} (ExtensionServiceConfig tailscale): the rule broke`,
  },
  'DOC110 waiting': {
    answers: {
      service: service('Waiting', {
        events: ['[Waiting]: Waiting for service "cri" to be "up", extension service config (3s ago)'],
      }),
    },
    message: `ext-tailscale is Waiting ("Waiting for service "cri" to be "up", extension service config"): no ExtensionServiceConfig named "tailscale" exists on ${NODE}`,
  },
  'DOC111 restarts': {
    answers: {
      service: service('Waiting', {
        events: [
          '[Waiting]: Error running Containerd(ext-tailscale), going to restart forever: task "ext-tailscale" failed: exit code 1 (5s ago)',
        ],
      }),
    },
    message:
      'ext-tailscale restarted 1 time among its recent events (state Waiting); last exit: task "ext-tailscale" failed: exit code 1',
  },
  'DOC112 notRunning': {
    answers: { service: service('Finished', { events: [] }) },
    message: 'ext-tailscale is Finished, not Running',
  },
  'DOC112 notRunningAfterEvent': {
    answers: { service: service('Failed', { events: ['[Failed]: Condition failed: timeout (1m ago)'] }) },
    message: 'ext-tailscale is Failed ("Condition failed: timeout"), not Running',
  },
  'DOC113 unhealthy': {
    answers: { service: service('Running', { health: 'Fail' }) },
    message: 'ext-tailscale is Running but unhealthy',
  },
  'DOC113 unhealthyWithMessage': {
    answers: { service: service('Running', { health: 'Fail', lastHealth: 'not logged in' }) },
    message: 'ext-tailscale is Running but unhealthy: not logged in',
  },
  'DOC120 noService': {
    answers: { service: ok('') },
    message: `service "ext-tailscale" does not exist on ${NODE}: the tailscale extension is not installed`,
  },
  'DOC120 notRegistered': {
    answers: { service: fail('not-registered', 'service "ext-tailscale" is not registered on any nodes') },
    message: `service "ext-tailscale" does not exist on ${NODE}: the tailscale extension is not installed (service "ext-tailscale" is not registered on any nodes)`,
  },
  'DOC120 notInstalled': {
    answers: { extensions: resources(extension('iscsi-tools', 'v0.2.0'), extension('schematic', RUNNING)) },
    message: `the tailscale extension is not installed on ${NODE} (extensions: iscsi-tools, schematic)`,
  },
  'DOC121 installed': {
    answers: { extensions: resources(extension('tailscale', '1.90.0')) },
    message: 'tailscale extension 1.90.0 is installed',
  },
  'DOC121 installedWithSchematic': {
    answers: {},
    message: `tailscale extension 1.90.0 is installed (schematic ${RUNNING})`,
  },
  'DOC122 mismatch': {
    answers: {},
    expectation: { schematicId: OTHER },
    message: `${NODE} runs schematic ${RUNNING}, expected ${OTHER}`,
  },
  'DOC123 notSet': {
    answers: { machineconfig: machineConfig('') },
    message: `machine.install.image is not set on ${NODE}: an upgrade installs the default image, which has no tailscale extension`,
  },
  'DOC123 notExpected': {
    answers: {},
    expectation: { schematicId: OTHER },
    message: `machine.install.image is "${INSTALLER}", not the installer of the expected schematic ${OTHER}; the next upgrade would install schematic ${RUNNING}`,
  },
  'DOC123 noSchematic': {
    answers: {
      machineconfig: machineConfig('    install:\n        image: ghcr.io/siderolabs/installer:v1.13.9\n'),
    },
    message: `machine.install.image is "ghcr.io/siderolabs/installer:v1.13.9", an image without a schematic: the next upgrade drops every extension, tailscale included (running schematic ${RUNNING})`,
  },
  'DOC123 otherSchematic': {
    answers: {
      machineconfig: machineConfig(
        `    install:\n        image: factory.talos.dev/metal-installer/${OTHER}:v1.13.9\n`,
      ),
    },
    message: `machine.install.image is "factory.talos.dev/metal-installer/${OTHER}:v1.13.9", but the node runs schematic ${RUNNING}; the next upgrade switches to schematic ${OTHER}, which may lack the extension`,
  },
  'DOC130 noAddress': {
    answers: {
      addresses: resources({ id: 'eth0/10.0.0.5/24', spec: { address: '10.0.0.5/24', linkName: 'eth0' } }),
    },
    message: 'no address on tailscale0 (ext-tailscale is Running): the node is not logged in to the tailnet',
  },
  'DOC130 noTailnetAddress': {
    answers: {
      addresses: resources({
        id: 'tailscale0/fe80::1/64',
        spec: { address: 'fe80::1/64', linkName: 'tailscale0' },
      }),
    },
    message: 'tailscale0 has fe80::1/64 but no 100.64.0.0/10 address',
  },
  'DOC131 tailnetNodeIp': {
    answers: { nodeips: resources({ id: 'kubelet', spec: { addresses: ['100.64.0.5', NODE] } }) },
    message: `kubelet node IP is 100.64.0.5, a tailnet address (node IPs: 100.64.0.5, ${NODE}); pods and the API server reach this node through Tailscale`,
  },
  'DOC132 tailnetAddress': {
    answers: controlPlane(['100.64.0.5'], ['100.64.0.5', NODE]),
    message: 'etcd advertises 100.64.0.5 and listens for peers on 100.64.0.5, a tailnet address',
  },
  'DOC133 tailnetPeerUrl': {
    answers: {
      ...controlPlane([NODE], [NODE]),
      etcdMembers: ok(
        [
          'NODE       ID                 HOSTNAME   PEER URLS                   CLIENT URLS                LEARNER',
          `${NODE}   2c5b7e1f0a9d3e41   cp-1       https://100.64.0.5:2380     https://10.0.0.5:2379      false`,
          '',
        ].join('\n'),
      ),
    },
    message:
      'etcd member "cp-1" (2c5b7e1f0a9d3e41) is registered with peer URL https://100.64.0.5:2380, a tailnet address',
  },
  'DOC140 sensitive': {
    answers: { extensionserviceconfigs: fail('permission', 'PermissionDenied') },
    message: `cannot read the ExtensionServiceConfig on ${NODE} (PermissionDenied): it is Sensitive since Talos v1.12.9, v1.13.4 and v1.14 and needs a talosconfig with the os:admin role; its contents were not checked`,
  },
  'DOC141 findings': {
    answers: {
      extensionserviceconfigs: resources({
        id: 'tailscale',
        spec: { environment: ['TS_HOSTNAME=a', 'TS_HOSTNAME=b'] },
      }),
    },
    rules: RULES,
    message: `the ExtensionServiceConfig running on ${NODE} has 1 finding(s) from check's rules, listed under "${NODE} (ExtensionServiceConfig tailscale)"`,
  },
  'DOC150 unreadable': {
    answers: { logs: fail('other', 'the stream broke') },
    message: `cannot read the ext-tailscale log on ${NODE}: the stream broke; not checked: log`,
    severity: 'warning',
  },
  'DOC151 nothingChecked': {
    answers: Object.fromEntries(
      (['service', 'logs', ...RESOURCE_READS] as const).map(key => [key, fail('other', 'boom')]),
    ),
    message: `nothing could be checked on ${NODE}: every talosctl call failed (talosctl failed: boom); run \`talosctl --nodes ${NODE} service ext-tailscale\` to see the whole error`,
  },
}

function judge(test: NodeCase): Finding[] {
  const answers = { ...healthy(), ...test.answers }
  return judgeNode({ address: NODE, ...test.expectation }, answers, { rules: test.rules ?? [] }).findings
}

describe('node check messages', () => {
  it.each(Object.entries(NODE_CASES))('%s', (key, test) => {
    const code = key.split(' ')[0]!
    const finding = judge(test).find(finding => finding.code === code && finding.message === test.message)
    expect(
      finding,
      `${key}: ${JSON.stringify(judge(test).map(finding => `${finding.code} ${finding.message}`))}`,
    ).toBeDefined()
    if (test.severity) expect(finding!.severity).toBe(test.severity)
  })

  it('DOC151 diagnosisFailed: a judgement that throws fails its node', async () => {
    const rules = new Proxy([], {
      get(target, property) {
        if (property === 'length') throw new Error('no rules today')
        return Reflect.get(target, property)
      },
    })
    const extensionServiceConfig = resources({ id: 'tailscale', spec: {} })
    const run = async (nodes: readonly string[], args: readonly string[]) => {
      const answer: TalosctlResult =
        args[0] === 'service'
          ? service('Running')
          : args[1] === 'extensionserviceconfigs'
            ? extensionServiceConfig
            : ok('')
      return { nodes, command: args.join(' '), code: 0, stdout: answer.ok ? answer.stdout : '', stderr: '' }
    }
    const fleet = await diagnoseFleet([{ address: NODE }], { run, rules, batchSize: 1 })
    expect(fleet.findings.map(finding => finding.message)).toEqual([
      `diagnosing ${NODE} failed: no rules today`,
    ])
  })
})

describe('log messages', () => {
  const line = 'flag provided but not defined: -port'
  it('DOC2xx log: a live node names the log', () => {
    const findings = judge({ answers: { logs: ok(`${NODE}: ${line}\n${NODE}: ${line}\n`) }, message: '' })
    const log = findings.find(finding => finding.code.startsWith('DOC2'))!
    expect(log.message).toMatch(
      /^ext-tailscale log: "flag provided but not defined: -port" \(2 times in the last 200 lines\): .+\. Fix: .+$/,
    )
  })

  it('DOC2xx savedLog: a saved log points at the line instead', () => {
    const [finding] = explainLog('saved.log', `${line}\n`)
    expect(finding!.message).toMatch(/^"flag provided but not defined: -port": .+\. Fix: .+$/)
    expect(finding!.line).toBe(1)
  })
})

const NOW = Date.parse('2026-11-26T08:00:00Z')
const DAY = 86_400_000
const iso = (days: number) => new Date(NOW + days * DAY).toISOString()
const device = (fields: Partial<Device> & { id: string; hostname: string }): Device => ({
  connectedToControl: true,
  authorized: true,
  keyExpiryDisabled: true,
  ...fields,
})

interface TailnetCase {
  devices: Device[]
  nodes?: Array<{ hostname: string; tags?: string[]; persistent?: boolean }>
  message: string
}

/** Tailnet findings by `CODE messageId`. */
const TAILNET_CASES: Record<string, TailnetCase> = {
  'DOC301 duplicates': {
    devices: [
      device({ id: 'n1', hostname: 'cp-1', name: 'cp-1.ts.net' }),
      device({ id: 'n2', hostname: 'cp-1', name: 'cp-1-1.ts.net', connectedToControl: false }),
    ],
    message: 'node "cp-1" has 2 devices: "cp-1" (n1), "cp-1-1" (n2); 1 offline',
  },
  'DOC302 routeNotApproved': {
    devices: [device({ id: 'n1', hostname: 'r', advertisedRoutes: ['10.0.0.0/24'] })],
    message: '"r" (n1) advertises 10.0.0.0/24 but it is not approved',
  },
  'DOC302 routesNotApproved': {
    devices: [device({ id: 'n1', hostname: 'r', advertisedRoutes: ['10.0.0.0/24', '10.1.0.0/24'] })],
    message: '"r" (n1) advertises 10.0.0.0/24, 10.1.0.0/24 but they are not approved',
  },
  'DOC303 expiring': {
    devices: [device({ id: 'n1', hostname: 'k', keyExpiryDisabled: false, expires: iso(1) })],
    message: `the node key of "k" (n1) expires on ${iso(1)} (in 1 day, threshold 14)`,
  },
  'DOC304 expired': {
    devices: [device({ id: 'n1', hostname: 'k', keyExpiryDisabled: false, expires: iso(-1) })],
    message: `the node key of "k" (n1) expired on ${iso(-1)}`,
  },
  'DOC305 ephemeral': {
    devices: [device({ id: 'n1', hostname: 'cp-1', isEphemeral: true })],
    nodes: [{ hostname: 'cp-1' }],
    message: '"cp-1" (n1) is ephemeral, but node "cp-1" is meant to persist',
  },
  'DOC306 tags': {
    devices: [device({ id: 'n1', hostname: 'cp-1', tags: ['tag:b'] })],
    nodes: [{ hostname: 'cp-1', tags: ['tag:a', 'tag:c'] }],
    message: '"cp-1" (n1) has tags [tag:b], the intent says [tag:a, tag:c]',
  },
  'DOC307 stale': {
    devices: [device({ id: 'n1', hostname: 'old', connectedToControl: false, lastSeen: iso(-40) })],
    message: `"old" (n1) has been offline since ${iso(-40)} (more than 30 days)`,
  },
  'DOC308 missing': {
    devices: [],
    nodes: [{ hostname: 'cp-9' }],
    message: 'node "cp-9" has no device in the tailnet',
  },
  'DOC309 unauthorized': {
    devices: [device({ id: 'n1', hostname: 'new', authorized: false })],
    message: '"new" (n1) is not authorised (waits for approval)',
  },
}

describe('tailnet check messages', () => {
  it.each(Object.entries(TAILNET_CASES))('%s', (key, test) => {
    const findings = diagnoseTailnet(test.devices, test.nodes ?? [], { now: NOW })
    const code = key.split(' ')[0]!
    expect(findings.filter(finding => finding.code === code).map(finding => finding.message)).toContain(
      test.message,
    )
  })
})

describe('tailnet read failure message', () => {
  it('DOC300 apiFailed: the API client error as the client words it, and its hint', async () => {
    const server = createServer((_request, response) => {
      response.writeHead(403, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ message: 'calling actor does not have enough permissions' }))
    })
    await new Promise<void>(done => server.listen(0, '127.0.0.1', done))
    const { port } = server.address() as AddressInfo
    const api = new TailscaleApi({
      credentials: { kind: 'token', token: 'tskey-api-canary' },
      baseUrl: `http://127.0.0.1:${port}`,
      maxRetries: 0,
    })
    try {
      const error = await api.listDevices().then(
        () => undefined,
        (thrown: unknown) => thrown,
      )
      expect(error).toBeInstanceOf(TalscaleError)
      expect(tailnetUnreadable(error as TalscaleError).message).toBe(
        'GET /api/v2/tailnet/-/devices was refused (403 Forbidden): "calling actor does not have enough permissions". ' +
          'The credential lacks a scope for this call (devices:core, devices:routes, auth_keys); grant it or use another credential.',
      )
    } finally {
      await api.close()
      server.close()
    }
  })
})
