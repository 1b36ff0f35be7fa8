/** generate --target omni: an Omni cluster template with the extensions and patches, no secret and no install image. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseAllDocuments, stringify } from 'yaml'
import { lintSources } from '../../src/lint/index.ts'
import { runCli } from '../support/cli.ts'

const temp = mkdtempSync(join(tmpdir(), 'talscale-omni-'))
afterAll(() => rmSync(temp, { recursive: true, force: true }))
const UUID = '27c16241-96bf-4f17-9579-ea3a6c4a3ca8'

interface Patch {
  name: string
  inline: Record<string, unknown>
}
type Doc = {
  kind: string
  name?: string
  machines?: string[]
  patches?: Patch[]
  systemExtensions?: string[]
}

async function template(): Promise<{ docs: Doc[]; text: string }> {
  const dir = mkdtempSync(join(temp, 'out-'))
  const result = await runCli(
    [
      'generate',
      '--example',
      'homelab',
      '--target',
      'omni',
      '-o',
      '.',
      '--kubernetes-version',
      'v1.34.1',
      '--omni-machine',
      `cp-1=${UUID}`,
    ],
    { cwd: dir },
  )
  expect(result.code, result.stderr).toBe(0)
  const text = readFileSync(join(dir, 'cluster-template.yaml'), 'utf8')
  return {
    docs: parseAllDocuments(text)
      .map(doc => doc.toJS() as Doc)
      .filter(Boolean),
    text,
  }
}

describe('generate --target omni', () => {
  it('writes one Cluster, the machine sets and a Machine per node, each referenced', async () => {
    const { docs } = await template()
    expect(docs.filter(doc => doc.kind === 'Cluster')).toHaveLength(1)
    const cluster = docs.find(doc => doc.kind === 'Cluster')!
    expect(cluster).toMatchObject({ name: 'homelab', kubernetes: { version: 'v1.34.1' } })
    expect(cluster.systemExtensions).toContain('siderolabs/tailscale')
    const sets = docs.filter(doc => doc.kind === 'ControlPlane' || doc.kind === 'Workers')
    const referenced = sets.flatMap(set => set.machines ?? [])
    const machines = docs.filter(doc => doc.kind === 'Machine').map(doc => doc.name)
    expect(machines).toHaveLength(5)
    expect(new Set(referenced)).toEqual(new Set(machines))
    expect(docs.find(doc => doc.kind === 'ControlPlane')!.machines).toEqual([
      UUID,
      '${OMNI_MACHINE_CP_2}',
      '${OMNI_MACHINE_CP_3}',
    ])
  })

  it('carries the tailscale service per machine with the auth key as a variable, and no install image', async () => {
    const { docs, text } = await template()
    const machine = docs.find(doc => doc.kind === 'Machine' && doc.name === UUID)!
    const esc = machine.patches!.find(patch => patch.inline.kind === 'ExtensionServiceConfig')!
    expect(esc.inline.environment).toEqual(
      expect.arrayContaining(['TS_AUTHKEY=${TS_AUTHKEY}', 'TS_HOSTNAME=cp-1']),
    )
    expect(text).not.toContain('installer')
    expect(text).not.toContain('tskey-')
    const names = docs.flatMap(doc => doc.patches ?? []).map(patch => patch.name)
    expect(new Set(names).size).toBe(names.length)
  })

  it("each machine's patches, together, pass talscale check", async () => {
    const { docs } = await template()
    const shared = docs.filter(doc => doc.kind !== 'Machine').flatMap(doc => doc.patches ?? [])
    for (const machine of docs.filter(doc => doc.kind === 'Machine')) {
      const all = [...shared, ...(machine.patches ?? [])].map(patch => patch.inline)
      const text = all.map(doc => stringify(doc)).join('---\n')
      const result = lintSources([{ source: { path: `${machine.name}.yaml`, text }, explicit: true }], {
        cwd: temp,
      })
      expect(result.errors).toEqual([])
      expect(
        result.findings.filter(finding => finding.severity !== 'info').map(f => `${f.code} ${f.message}`),
      ).toEqual([])
    }
  })

  it('needs a Kubernetes version, and HOSTNAME=UUID pairs of known nodes', async () => {
    const none = await runCli(['generate', '--example', 'homelab', '--target', 'omni', '-o', 'x'], {
      cwd: temp,
    })
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('--kubernetes-version')
    const bad = await runCli(
      [
        'generate',
        '--example',
        'homelab',
        '--target',
        'omni',
        '-o',
        'x',
        '--kubernetes-version',
        'v1.34.1',
        '--omni-machine',
        'nope=1234',
      ],
      { cwd: temp },
    )
    expect(bad.code).toBe(2)
  })
})
