import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { afterEach, describe, expect, it } from 'vitest'
import { sourceFromText } from '../../src/core/source.ts'
import { generateBundle } from '../../src/generate/index.ts'
import { describeTopology, type Topology, topologyMermaid, topologySvg } from '../../src/graph/index.ts'
import { EXAMPLE_NAMES, loadExample } from '../../src/intent/examples.ts'
import { loadIntent } from '../../src/intent/load.ts'
import { parseHujson } from '../generate/helpers.ts'
import { runCli } from '../support/cli.ts'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'talscale-graph-'))
  dirs.push(dir)
  return dir
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', preserveOrder: false })

function bundleOf(text: string) {
  return generateBundle(loadIntent(sourceFromText('talscale.yaml', text)).intent)
}

// The intent file always has tags now (default tag:talos); a library caller can still hand
// generateBundle an untagged intent, whose routes nobody auto-approves.
function untaggedBundleOf(text: string) {
  const intent = loadIntent(sourceFromText('talscale.yaml', text)).intent
  intent.tailscale.tags = []
  return generateBundle(intent)
}

const UNTAGGED_ROUTER = `version: 1
cluster:
  name: lab
  talosVersion: v1.13.0
  endpoint: https://192.168.7.10:6443
  lanSubnets: [192.168.7.0/24]
  kubespan: true
tailscale:
  auth:
    authKey: { env: TS_AUTHKEY }
nodes:
  - { hostname: cp-1, role: controlplane, address: 192.168.7.10 }
  - hostname: edge-1
    role: worker
    address: 192.168.7.20
    exitNode: true
    subnetRouter: { routes: [lan, 10.50.0.0/16] }
  - { hostname: nots-1, role: worker, address: 192.168.7.30, tailscale: false }
`

describe('topology picture', () => {
  for (const name of EXAMPLE_NAMES) {
    it(`${name}: the bundle's topology.svg is well-formed, accessible, self-contained and stable`, () => {
      const first = generateBundle(loadExample(name).intent)
      const second = generateBundle(loadExample(name).intent)
      const svg = first.files.get('topology.svg')!.content
      expect(second.files.get('topology.svg')!.content).toBe(svg)
      expect(XMLValidator.validate(svg)).toBe(true)
      const doc = parser.parse(svg).svg
      expect(doc['@xmlns']).toBe('http://www.w3.org/2000/svg')
      expect(doc['@role']).toBe('img')
      expect(doc.title['#text']).toContain(first.topology.cluster)
      expect(doc.desc['#text']).toBe(describeTopology(first.topology).join(' '))
      // Nothing is fetched or run: no script, no link, no external reference of any kind.
      expect(svg).not.toMatch(/<script|href=|url\(|@import|<image|<foreignObject/i)
      // Every node is drawn with its hostname.
      for (const node of first.topology.nodes) expect(svg).toContain(`id="node-${node.hostname}"`)
    })
  }

  it('shows exactly the routes the policy approves, with the entry that approves them (homelab)', () => {
    const bundle = generateBundle(loadExample('homelab').intent)
    const policy = parseHujson(bundle.files.get('tailnet/policy.hujson')!.content) as {
      autoApprovers?: { routes?: Record<string, string[]> }
    }
    const drawn = bundle.topology.nodes.flatMap(node => node.routes)
    expect(drawn.length).toBeGreaterThan(0)
    for (const route of drawn) {
      expect(route.approval.entry).toBe(`autoApprovers.routes["${route.cidr}"]`)
      expect(route.approval.approvers).toEqual(policy.autoApprovers!.routes![route.cidr])
    }
    expect(Object.keys(policy.autoApprovers!.routes!).sort()).toEqual(drawn.map(route => route.cidr).sort())
    const svg = bundle.files.get('topology.svg')!.content
    expect(svg).toContain('route 10.244.0.0/16 (pods) ✓ tag:talos')
    expect(bundle.files.get('README.md')!.content).toContain('![Topology')
    expect(bundle.files.get('README.md')!.content).toContain(
      `\`\`\`mermaid\n${topologyMermaid(bundle.topology)}`,
    )
  })

  it('docs/images/topology-homelab.svg is the current picture of the homelab example', () => {
    const docs = readFileSync(new URL('../../docs/images/topology-homelab.svg', import.meta.url), 'utf8')
    expect(docs).toBe(generateBundle(loadExample('homelab').intent).files.get('topology.svg')!.content)
  })

  it('marks routes and exit nodes nobody auto-approves, nodes without Tailscale, and KubeSpan', () => {
    const bundle = untaggedBundleOf(UNTAGGED_ROUTER)
    const edge = bundle.topology.nodes.find(node => node.hostname === 'edge-1')!
    expect(edge.routes.map(route => [route.cidr, route.label, route.approval.entry])).toEqual([
      ['192.168.7.0/24', 'lan', undefined],
      ['10.50.0.0/16', 'cidr', undefined],
    ])
    expect(edge.exitNode).toEqual({ approvers: [] })
    const svg = bundle.files.get('topology.svg')!.content
    expect(svg).toContain('route 10.50.0.0/16 ✗ approve by hand')
    expect(svg).toContain('exit node ✗ approve by hand')
    expect(svg).toContain('id="kubespan"')
    expect(svg).toContain('no Tailscale')
    const text = describeTopology(bundle.topology).join('\n')
    expect(text).toContain('nots-1 (worker, 192.168.7.30); does not run Tailscale.')
    expect(text).toContain('is an exit node, needs approval in the admin console')
    // A node without Tailscale has no link to the tailnet in the Mermaid flowchart.
    const mermaid = topologyMermaid(bundle.topology)
    expect(mermaid).toContain('n2 --- lan')
    expect(mermaid).not.toContain('n2 --- tailnet')
    expect(mermaid).toContain(
      'n1 -->|"192.168.7.0/24 lan ✗ approve by hand<br/>10.50.0.0/16 ✗ approve by hand<br/>exit node ✗ approve by hand"| tailnet',
    )
  })

  it('escapes every string it draws (the library may be handed any topology)', () => {
    const hostile: Topology = {
      cluster: 'c"><script>alert(1)</script>',
      talosVersion: 'v1.14.0',
      lanSubnets: ['192.168.1.0/24'],
      podSubnets: ['10.244.0.0/16'],
      serviceSubnets: ['10.96.0.0/12'],
      tailnetDomain: 'a&b.ts.net',
      tags: ['tag:x'],
      kubespan: false,
      firewall: 'allow',
      nodes: [
        {
          hostname: 'n"<1>|#',
          role: 'worker',
          address: '192.168.1.2',
          tailnetName: 'n\u0007\u001b]0;t\u0007',
          routes: [],
        },
      ],
    }
    const svg = topologySvg(hostile)
    expect(XMLValidator.validate(svg)).toBe(true)
    expect(svg).not.toContain('<script')
    expect(svg).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/)
    const mermaid = topologyMermaid(hostile)
    expect(mermaid).toContain('n0["n#quot;#lt;1#gt;#124;#35;<br/>worker 192.168.1.2"]')
    expect(mermaid).not.toMatch(/[\u0000-\u001f](?<!\n)/)
  })
})

describe('talscale graph', () => {
  it('prints the same SVG that generate writes as topology.svg', async () => {
    const result = await runCli(['graph', '--example', 'homelab'], { env: {} })
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(
      generateBundle(loadExample('homelab').intent).files.get('topology.svg')!.content,
    )
  })

  it('reads talscale.yaml and writes mermaid, json and text formats', async () => {
    const cwd = tempDir()
    writeFileSync(join(cwd, 'talscale.yaml'), UNTAGGED_ROUTER)
    const mermaid = await runCli(['graph', '--format', 'mermaid'], { cwd, env: {} })
    expect(mermaid.code).toBe(0)
    expect(mermaid.stdout).toBe(topologyMermaid(bundleOf(UNTAGGED_ROUTER).topology))
    const json = await runCli(['graph', '--format', 'json'], { cwd, env: {} })
    expect(JSON.parse(json.stdout).nodes.map((node: { hostname: string }) => node.hostname)).toEqual([
      'cp-1',
      'edge-1',
      'nots-1',
    ])
    const text = await runCli(['graph', '--format', 'text'], { cwd, env: {} })
    expect(text.stdout.split('\n')[0]).toContain('Talos cluster lab (v1.13.0): 3 nodes on LAN 192.168.7.0/24')
  })

  it('writes -o atomically and never overwrites without --force', async () => {
    const cwd = tempDir()
    const written = await runCli(['graph', '--example', 'edge', '-o', 'topo.svg'], { cwd, env: {} })
    expect(written.code).toBe(0)
    const svg = readFileSync(join(cwd, 'topo.svg'), 'utf8')
    expect(XMLValidator.validate(svg)).toBe(true)
    writeFileSync(join(cwd, 'mine.svg'), 'mine')
    const refused = await runCli(['graph', '--example', 'edge', '-o', 'mine.svg'], { cwd, env: {} })
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('--force')
    expect(readFileSync(join(cwd, 'mine.svg'), 'utf8')).toBe('mine')
    const forced = await runCli(['graph', '--example', 'edge', '-o', 'mine.svg', '--force'], { cwd, env: {} })
    expect(forced.code).toBe(0)
    expect(readFileSync(join(cwd, 'mine.svg'), 'utf8')).toBe(svg)
  })

  it('refuses an unknown format and a missing intent file with exit 2 and a reason', async () => {
    const cwd = tempDir()
    const format = await runCli(['graph', '--example', 'homelab', '--format', 'png'], { cwd, env: {} })
    expect(format.code).toBe(2)
    expect(format.stderr).toContain('svg, mermaid, json, text')
    const missing = await runCli(['graph'], { cwd, env: {} })
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('talscale.yaml')
    expect(missing.stderr).not.toContain('internal error')
  })
})
