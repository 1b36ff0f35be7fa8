import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { intentReferenceRows, renderIntentDoc, renderIntentReference } from '../../src/intent/reference.ts'

describe('docs/intent.md', () => {
  it('is the committed output of `npm run schema`', () => {
    const committed = readFileSync(new URL('../../docs/intent.md', import.meta.url), 'utf8')
    expect(committed, 'run `npm run schema` and commit docs/intent.md').toBe(renderIntentDoc())
  })

  it('has one row per setting of the agreed shape, each described', () => {
    const paths = intentReferenceRows().map(row => row.path)
    for (const path of [
      'version',
      'cluster.lanSubnets',
      'image.overlay.options',
      'tailscale.auth.oauthClientSecret',
      'tailscale.port',
      'nodes[].subnetRouter.snat',
      'nodes[].exitNode',
    ])
      expect(paths).toContain(path)
    for (const row of intentReferenceRows()) expect(row.description.length, row.path).toBeGreaterThan(10)
  })

  it('shows defaults and required settings', () => {
    const rows = new Map(intentReferenceRows().map(row => [row.path, row]))
    expect(rows.get('tailscale.port')).toMatchObject({
      type: 'integer 1–65535 \\| `random`',
      fallback: '`41641`',
    })
    expect(rows.get('cluster.endpoint')?.fallback).toBe('required')
    expect(rows.get('image.factory')?.fallback).toBe('`https://factory.talos.dev`')
    expect(rows.get('tailscale.mtu')?.fallback).toBe('—')
    expect(renderIntentReference()).toContain('### `nodes`')
  })

  it('shows a real loader error (the sample is produced by loading a broken intent)', () => {
    const doc = renderIntentDoc()
    expect(doc).toContain('error: talscale.yaml:3:9: cluster.name: "Home" is not a DNS label')
    expect(doc).toContain('did you mean "acceptDns"?')
  })
})
