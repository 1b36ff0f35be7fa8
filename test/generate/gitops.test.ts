/** GitOps-ready kubernetes/ for the Tailscale operator (issue 12 item 8). */
import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { parse, parseAllDocuments } from 'yaml'
import { sourceFromText } from '../../src/core/source.ts'
import { generateBundle } from '../../src/generate/index.ts'
import { getExample, loadExample } from '../../src/intent/examples.ts'
import { loadIntent } from '../../src/intent/load.ts'
import { runCli } from '../support/cli.ts'

const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true })
addFormats.default(ajv)
const validate = ajv.compile(
  JSON.parse(readFileSync(new URL('../fixtures/gitops/manifests.schema.json', import.meta.url), 'utf8')),
)

const operatorIntent = () =>
  loadIntent(
    sourceFromText(
      'talscale.yaml',
      getExample('homelab').replace('\ntailscale:\n', '\ntailscale:\n  operator: true\n'),
    ),
  ).intent

describe('--gitops', () => {
  for (const tool of ['flux', 'argocd'] as const) {
    it(`${tool}: every manifest validates, the chart is pinned and annotated, kustomization lists them all`, () => {
      const bundle = generateBundle(operatorIntent(), { gitops: tool })
      const files = [...bundle.files].filter(([path]) => path.startsWith('kubernetes/tailscale-operator/'))
      for (const [path, file] of files) {
        for (const doc of parseAllDocuments(file.content)) {
          const value = doc.toJS()
          expect(validate(value) ? [] : validate.errors?.slice(0, 3), path).toEqual([])
        }
      }
      const kustomization = parse(
        bundle.files.get('kubernetes/tailscale-operator/kustomization.yaml')!.content,
      )
      expect(kustomization.resources.map((r: string) => `kubernetes/tailscale-operator/${r}`).sort()).toEqual(
        files
          .map(([path]) => path)
          .filter(path => !path.endsWith('kustomization.yaml'))
          .sort(),
      )
      const chartFile = tool === 'flux' ? 'helmrelease.yaml' : 'application.yaml'
      const text = bundle.files.get(`kubernetes/tailscale-operator/${chartFile}`)!.content
      expect(text).toMatch(
        /# renovate: datasource=helm depName=tailscale-operator registryUrl=https:\/\/pkgs\.tailscale\.com\/helmcharts\n\s+(version|targetRevision): 1\.102\.2\n/,
      )
      const secret = bundle.files.get('kubernetes/tailscale-operator/operator-oauth.secret.yaml')!.content
      expect(secret).toContain('sops --encrypt')
      expect(secret).not.toMatch(/tskey-/)
    })
  }

  it('none, or no operator, writes nothing (and warns when asked for without the operator)', () => {
    expect(
      [...generateBundle(operatorIntent()).files.keys()].some(p => p.includes('tailscale-operator/')),
    ).toBe(false)
    const without = generateBundle(loadExample('homelab').intent, { gitops: 'flux' })
    expect([...without.files.keys()].some(p => p.includes('tailscale-operator/'))).toBe(false)
    expect(without.warnings.join('\n')).toContain('tailscale.operator is off')
  })

  it('the schema can fail', () => {
    expect(
      validate({
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: { name: 'x' },
        spec: {},
      }),
    ).toBe(false)
    expect(
      validate({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { name: 'x' },
        spec: {
          project: 'default',
          source: { repoURL: 'r', targetRevision: '1.x' },
          destination: { server: 'https://k' },
        },
      }),
    ).toBe(false)
  })

  it('the CLI refuses an unknown tool with exit 2', async () => {
    const result = await runCli(['generate', '--example', 'homelab', '--out', 'out', '--gitops', 'jenkins'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('flux, argocd, none')
  })
})
