// biome-ignore-all lint/suspicious/noTemplateCurlyInString: talhelper ${VAR} placeholders are test data
/**
 * talhelper expansion: one whole-node target per talconfig node, documents built from talconfig
 * fields with real positions, patches in talhelper's order, and the multi-file fixture under
 * test/fixtures/talhelper/ run through the real `check` pipeline.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { positionAt, readSource, sourceFromText } from '../../src/core/source.ts'
import { lintSources } from '../../src/lint/index.ts'
import { RULES } from '../../src/lint/rules/index.ts'
import { expandTalhelper, isTalhelperConfig, talhelperNodeInfo } from '../../src/lint/talhelper.ts'
import { tailscaleServices } from '../../src/tailscale/parse.ts'
import {
  extensionServices,
  installImage,
  kubeletValidSubnets,
  machineCertSANs,
  machineFiles,
} from '../../src/talos/accessors.ts'

const FIXTURE = new URL('../fixtures/talhelper/home/', import.meta.url).pathname

function fixtureFiles(dir = FIXTURE): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? fixtureFiles(path) : [relative(FIXTURE, path)]
  })
}

const read = (path: string) => readSource(join(FIXTURE, path), path)

/** 1-based line of the first line of `file` containing `needle` (after `after`, when given). */
function lineOf(file: string, needle: string, after?: string): number {
  const text = readFileSync(join(FIXTURE, file), 'utf8')
  const from = after ? text.indexOf(after) : 0
  const index = text.indexOf(needle, from)
  expect(index, `"${needle}" in ${file}`).toBeGreaterThanOrEqual(0)
  return text.slice(0, index).split('\n').length
}

describe('isTalhelperConfig', () => {
  it('recognises talconfig.yaml and nothing else', () => {
    expect(isTalhelperConfig({ clusterName: 'a', endpoint: 'https://x:6443', nodes: [] })).toBe(true)
    expect(isTalhelperConfig({ endpoint: 'https://x:6443', nodes: [{ hostname: 'a' }] })).toBe(true)
    expect(isTalhelperConfig({ clusterName: 'a' })).toBe(false)
    expect(isTalhelperConfig({ machine: {}, nodes: [], clusterName: 'a' })).toBe(false)
    expect(isTalhelperConfig({ version: 1, cluster: {}, tailscale: {} })).toBe(false)
    expect(isTalhelperConfig(['nodes'])).toBe(false)
    expect(isTalhelperConfig(null)).toBe(false)
  })
})

describe('expandTalhelper on the fixture', () => {
  const targets = expandTalhelper(read('talconfig.yaml'), { readFile: read })
  const byNode = new Map(targets.map(target => [target.hints.node, target]))

  it('makes one whole-node target per node, with role, version and cluster', () => {
    expect(targets.map(t => [t.label, t.kind, t.complete, t.role, t.cluster])).toEqual([
      ['talconfig.yaml (node cp-1)', 'talhelper-node', true, 'controlplane', 'home'],
      ['talconfig.yaml (node cp-2)', 'talhelper-node', true, 'controlplane', 'home'],
      ['talconfig.yaml (node gpu-1)', 'talhelper-node', true, 'worker', 'home'],
      ['talconfig.yaml (node worker-1)', 'talhelper-node', true, 'worker', 'home'],
    ])
    for (const target of targets) {
      expect(target.talosVersion).toMatchObject({ minor: 13, patch: 9 })
      expect(target.talosVersionFrom).toBe('talhelper')
    }
  })

  it('takes the schematic from the node, else from its group, and names talhelper’s installer', () => {
    expect(byNode.get('cp-1')!.schematic!.extensions).toEqual([
      'siderolabs/intel-ucode',
      'siderolabs/tailscale',
    ])
    expect(byNode.get('gpu-1')!.schematic!.extensions).toEqual([
      'siderolabs/nonfree-kmod-nvidia-lts',
      'siderolabs/nvidia-container-toolkit-lts',
    ])
    const cp = byNode.get('cp-1')!
    // talhelper's default installerURLTmpl names the platform installer (since v3.0.24).
    expect(installImage(cp.documents, cp.talosVersion)!.value).toBe(
      `factory.talos.dev/metal-installer/${cp.schematic!.id}:v1.13.9`,
    )
  })

  it('keeps real positions: fields, extension services from patch files, inline patches', () => {
    const cp = byNode.get('cp-1')!
    const sans = machineCertSANs(cp.documents).entries
    expect(sans).toEqual([])
    const service = extensionServices(cp.documents)[0]!
    expect(service.name).toBe('tailscale')
    expect(service.doc.source.source.path).toBe('patches/tailscale.yaml')
    const pins = kubeletValidSubnets(cp.documents).entries
    expect(pins.map(p => p.value)).toEqual(['0.0.0.0/0'])
    // The inline block-scalar patch keeps talconfig.yaml's own lines and columns.
    expect(pins[0]!.source.path).toBe('talconfig.yaml')
    expect(positionAt(pins[0]!.source, pins[0]!.node.range![0]).line).toBe(
      lineOf('talconfig.yaml', '- 0.0.0.0/0'),
    )
    const info = talhelperNodeInfo(cp)!
    expect(positionAt(cp.source, info.ipAddress!.range![0]).line).toBe(
      lineOf('talconfig.yaml', 'cp-1.tail1234'),
    )
  })

  it('reads JSON6902 group patches as the documents they amount to', () => {
    const worker = byNode.get('worker-1')!
    expect(kubeletValidSubnets(worker.documents).entries.map(p => p.value)).toEqual(['192.168.10.0/24'])
  })

  it('gives machineFiles and keeps ${VAR} and SOPS values opaque', () => {
    const gpu = byNode.get('gpu-1')!
    expect(machineFiles(gpu.documents).map(file => file.path?.value)).toEqual(['/var/etc/tailscale/auth.env'])
    expect(gpu.hints.lanSubnets).toBeUndefined()
    expect(byNode.get('cp-2')!.hints.lanSubnets).toEqual(['192.168.10.12/32'])
    expect(byNode.get('cp-1')!.hints.lanSubnets).toBeUndefined()
  })
})

describe('expandTalhelper', () => {
  it('records a patch file that cannot be read as a problem at the reference, and goes on', () => {
    const text =
      'clusterName: c\nendpoint: https://10.0.0.1:6443\npatches:\n  - "@./missing.yaml"\nnodes:\n  - hostname: a\n    ipAddress: 10.0.0.2\n    controlPlane: false\n'
    const source = sourceFromText('talconfig.yaml', text)
    const [target] = expandTalhelper(source, {
      readFile: () => {
        throw new Error('no such file')
      },
    })
    expect(target!.problems).toHaveLength(1)
    expect(target!.problems![0]).toMatchObject({ kind: 'missing-file' })
    expect(target!.problems![0]!.message).toContain('"@./missing.yaml" cannot be read (no such file)')
    const node = target!.problems![0]!.at.node!
    expect(positionAt(source, node.range![0]).line).toBe(4)
    expect(target!.partial).toBe(true)
  })

  it('uses the flag version over talosVersion, and the default for placeholders', () => {
    const text = (version: string) =>
      `clusterName: c\ntalosVersion: ${version}\nendpoint: https://10.0.0.1:6443\nnodes:\n  - hostname: a\n    ipAddress: 10.0.0.2\n    controlPlane: false\n`
    const [placeholder] = expandTalhelper(sourceFromText('t.yaml', text('${TALOS_VERSION}')))
    expect(placeholder!.talosVersionFrom).toBe('default')
    const [flagged] = expandTalhelper(sourceFromText('t.yaml', text('v1.11.0')), {
      talosVersion: { major: 1, minor: 13, patch: 1 },
    })
    expect([flagged!.talosVersionFrom, flagged!.talosVersion.minor]).toEqual(['flag', 13])
  })
})

describe('check on the talhelper fixture', () => {
  it('finds exactly the Talos-side defects, each once, and never judges ${VAR} or SOPS values', () => {
    const inputs = fixtureFiles().map(path => ({ source: read(path), explicit: false }))
    const result = lintSources(inputs, { cwd: FIXTURE, read })
    expect(result.errors.map(e => e.message)).toEqual([])
    const mine = new Set(
      RULES.filter(rule => /^TAL(1\d\d|24\d|6\d\d|8\d\d|9\d\d)$/.test(rule.code)).map(rule => rule.code),
    )
    const found = result.findings
      .filter(finding => mine.has(finding.code))
      .map(finding => `${finding.code} ${finding.file}:${finding.line}`)
      .sort()
    const gpuSchematic = lineOf('talconfig.yaml', 'customization:', 'hostname: gpu-1')
    expect(found).toEqual(
      [
        `TAL101 talconfig.yaml:${gpuSchematic}`,
        `TAL602 talconfig.yaml:${lineOf('talconfig.yaml', '- 0.0.0.0/0')}`,
        `TAL603 patches/etcd.yaml:${lineOf('patches/etcd.yaml', '!100.64.0.0/10')}`,
        `TAL803 patches/tailscale.yaml:${lineOf('patches/tailscale.yaml', '--advertise-exit-node')}`,
        `TAL850 talconfig.yaml:${lineOf('talconfig.yaml', 'ipAddress: cp-1.tail1234.ts.net')}`,
        `TAL950 talconfig.yaml:${lineOf('talconfig.yaml', 'defaultAction: block')}`,
        `TAL951 talconfig.yaml:${lineOf('talconfig.yaml', 'defaultAction: block')}`,
      ].sort(),
    )
    for (const finding of result.findings) {
      expect(finding.message).not.toMatch(/ENC\[|\$\{/)
      expect(finding.file).not.toBe('patches/dns.sops.yaml')
    }
  })
})

describe('talhelper in full', () => {
  const files: Record<string, string> = {
    'patches/a.yaml': 'machine:\n  network:\n    hostname: from-a\n',
    'firewall/esc.yaml':
      'apiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: tailscale\nenvironment:\n  - TS_AUTHKEY=${TS_AUTHKEY}\n',
    'talenv.yaml': 'TS_HOSTNAME: edge-1\nDOMAIN: example.com\n',
  }
  const readFile = (path: string) => {
    const text = files[path]
    if (text === undefined) throw new Error('no such file')
    return sourceFromText(path, text)
  }
  const base = (rest: string) =>
    `clusterName: c\ntalosVersion: v1.12.3\nendpoint: https://10.0.0.1:6443\n${rest}`

  it('renders installerURLTmpl: machineSpec mode and secureboot, a custom template, the empty schematic', () => {
    const text = base(
      'imageFactory:\n  registryURL: factory.example.org\nnodes:\n  - hostname: a\n    ipAddress: 10.0.0.2\n    machineSpec:\n      mode: hcloud\n      secureboot: true\n  - hostname: b\n    ipAddress: 10.0.0.3\n',
    )
    const [a, b] = expandTalhelper(sourceFromText('talconfig.yaml', text), { readFile })
    expect(installImage(a!.documents, a!.talosVersion)!.value).toBe(
      'factory.example.org/hcloud-installer-secureboot/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.12.3',
    )
    expect(installImage(b!.documents, b!.talosVersion)!.value).toMatch(
      /^factory\.example\.org\/metal-installer\/376567988ad3/,
    )
    const custom = base(
      'imageFactory:\n  installerURLTmpl: "{{.RegistryURL}}/installer{{if .Secureboot}}-secureboot{{end}}/{{.ID}}:{{.Version}}"\nnodes:\n  - hostname: a\n    ipAddress: 10.0.0.2\n',
    )
    const [c] = expandTalhelper(sourceFromText('talconfig.yaml', custom), { readFile })
    expect(installImage(c!.documents, c!.talosVersion)!.value).toBe(
      'factory.talos.dev/installer/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.12.3',
    )
  })

  it('writes nodeLabels, nodeTaints and kernelModules where talhelper does', () => {
    const text = base(
      'inlineManifests:\n  - name: cilium\n    contents: "kind: ConfigMap"\nworker:\n  nodeLabels:\n    role: edge\nnodes:\n  - hostname: a\n    ipAddress: 10.0.0.2\n    nodeTaints:\n      dedicated: edge:NoSchedule\n    kernelModules:\n      - name: nvidia\n',
    )
    const [a] = expandTalhelper(sourceFromText('talconfig.yaml', text), { readFile })
    const main = a!.documents[0]!
    expect(main.source.doc.toJS()).toMatchObject({
      machine: {
        nodeLabels: { role: 'edge' },
        nodeTaints: { dedicated: 'edge:NoSchedule' },
        kernel: { modules: [{ name: 'nvidia' }] },
      },
    })
  })

  it('orders documents as talhelper applies them: group patches, node patches, global patches, then extraManifests', () => {
    const text = base(
      'patches:\n  - "@./patches/a.yaml"\nworker:\n  patches:\n    - |-\n      machine:\n        network:\n          hostname: from-group\n  extraManifests:\n    - firewall/esc.yaml\nnodes:\n  - hostname: a\n    ipAddress: 10.0.0.2\n    patches:\n      - "machine: {network: {hostname: from-node}}"\n',
    )
    const [a] = expandTalhelper(sourceFromText('talconfig.yaml', text), { readFile })
    const hostnames = a!.documents
      .map(
        doc =>
          (doc.source.doc.toJS() as { machine?: { network?: { hostname?: string } } }).machine?.network
            ?.hostname,
      )
      .filter(Boolean)
    expect(hostnames).toEqual(['from-group', 'from-node', 'from-a'])
    // The extraManifests file (read with or without "@") is a document of the node's config.
    expect(extensionServices(a!.documents).map(service => service.name)).toEqual(['tailscale'])
  })

  it('reads an inline patch that begins with --- (issue 11 example) at its real lines', () => {
    const text = base(
      'nodes:\n  - hostname: a\n    ipAddress: 10.0.0.2\n    patches:\n      - |-\n        ---\n        apiVersion: v1alpha1\n        kind: ExtensionServiceConfig\n        name: tailscale\n        environment:\n          - TS_AUTHKEY=${ts_authkey}\n',
    )
    const source = sourceFromText('talconfig.yaml', text)
    const [a] = expandTalhelper(source, { readFile })
    expect(a!.problems).toBeUndefined()
    const [service] = tailscaleServices(a!.documents)
    expect(service!.doc.name).toBe('tailscale')
    const entry = service!.entries[0]!
    expect(entry.text).toBe('TS_AUTHKEY=${ts_authkey}')
    expect(positionAt(source, entry.node.range![0])).toEqual({ line: 14, column: 13 })
  })

  it('reads machineFiles content: "@./file" as talhelper does, and a missing one is a problem', () => {
    const withFile = { ...files, 'files/tailscale.env': 'TS_AUTHKEY=${TS_AUTHKEY}\n' }
    const text = base(
      'nodes:\n  - hostname: a\n    ipAddress: 10.0.0.2\n    machineFiles:\n      - path: /var/etc/tailscale/auth.env\n        op: create\n        permissions: 0o600\n        content: "@./files/tailscale.env"\n      - path: /var/etc/x\n        op: create\n        content: "@./files/gone"\n',
    )
    const [a] = expandTalhelper(sourceFromText('talconfig.yaml', text), {
      readFile: path => {
        const content = withFile[path as keyof typeof withFile]
        if (content === undefined) throw new Error('no such file')
        return sourceFromText(path, content)
      },
    })
    expect(machineFiles(a!.documents).map(file => file.content?.value)).toEqual([
      'TS_AUTHKEY=${TS_AUTHKEY}\n',
      '@./files/gone',
    ])
    expect(a!.problems!.map(problem => problem.message)).toEqual([
      'talhelper machineFiles content "@./files/gone" cannot be read (no such file), so talhelper genconfig fails; talhelper resolves the path against the directory of talconfig.yaml',
    ])
  })

  it('a missing extraManifests file is a problem at its entry', () => {
    const text = base(
      'nodes:\n  - hostname: a\n    ipAddress: 10.0.0.2\n    extraManifests:\n      - firewall/gone.yaml\n',
    )
    const [a] = expandTalhelper(sourceFromText('talconfig.yaml', text), { readFile })
    expect(a!.problems!.map(problem => problem.message)).toEqual([
      'talhelper extraManifests file "@firewall/gone.yaml" cannot be read (no such file), so talhelper genconfig fails; talhelper resolves the path against the directory of talconfig.yaml',
    ])
  })

  it('expands anchors, aliases and << merge keys: a schematic by alias is the node’s schematic', () => {
    const text = base(
      'x-schematic: &schematic\n  customization:\n    systemExtensions:\n      officialExtensions: [siderolabs/tailscale]\nx-net: &net\n  mtu: 1400\n  dhcp: true\nnodes:\n  - hostname: a\n    ipAddress: 10.0.0.2\n    schematic: *schematic\n    networkInterfaces:\n      - <<: *net\n        interface: eth0\n',
    )
    const [a] = expandTalhelper(sourceFromText('talconfig.yaml', text), { readFile })
    expect(a!.schematic!.extensions).toEqual(['siderolabs/tailscale'])
    expect(a!.documents[0]!.source.doc.toJS()).toMatchObject({
      machine: { network: { interfaces: [{ mtu: 1400, dhcp: true, interface: 'eth0' }] } },
    })
  })

  it('substitutes ${VAR} from talenv.yaml and the environment (talenv wins), defaults included', () => {
    const text = base(
      'nodes:\n  - hostname: ${TS_HOSTNAME}\n    ipAddress: 10.0.0.2\n    certSANs: ["${TS_HOSTNAME}.${DOMAIN}", "${MISSING:-fallback.example}", "${UNKNOWN}"]\n',
    )
    const [a] = expandTalhelper(sourceFromText('talconfig.yaml', text), {
      readFile,
      env: { TS_HOSTNAME: 'from-env', DOMAIN: 'env.example' },
    })
    expect(a!.hints.node).toBe('edge-1')
    expect(machineCertSANs(a!.documents).entries.map(san => san.value)).toEqual([
      'edge-1.example.com',
      'fallback.example',
      '${UNKNOWN}',
    ])
  })

  it('keeps ${VAR} opaque while talenv.sops.yaml is encrypted', () => {
    const sops = {
      ...files,
      'talenv.sops.yaml':
        'TS_HOSTNAME: ENC[AES256_GCM,data:Zm9vYmFy,iv:YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo=,tag:MDEyMzQ1Njc4OWFiY2RlZg==,type:str]\nsops:\n    lastmodified: "2025-03-14T09:21:44Z"\n    mac: ENC[AES256_GCM,data:bWFj,iv:aXY=,tag:dGFn,type:str]\n    version: 3.9.4\n',
    }
    const text = base('nodes:\n  - hostname: ${TS_HOSTNAME}\n    ipAddress: 10.0.0.2\n')
    const [a] = expandTalhelper(sourceFromText('talconfig.yaml', text), {
      readFile: path => {
        const content = sops[path as keyof typeof sops]
        if (content === undefined) throw new Error('no such file')
        return sourceFromText(path, content)
      },
    })
    expect(a!.hints.node).toBe('${TS_HOSTNAME}')
  })
})
