import { describe, expect, it } from 'vitest'
import { sourceFromText } from '../../src/core/source.ts'
import { EMPTY_SCHEMATIC_ID } from '../../src/factory/index.ts'
import { lanOrder } from '../../src/lint/facts/node-ip.ts'
import { knownSchematic, nodeSchematic } from '../../src/lint/facts/schematics.ts'
import { tailscaleIntent } from '../../src/lint/facts/tailscale-intent.ts'
import { usesTailscale } from '../../src/lint/facts/tailscale-use.ts'
import { targetFromSource } from '../../src/lint/targets.ts'
import { parseTalosVersion } from '../../src/talos/version.ts'

const target = (text: string, options: Parameters<typeof targetFromSource>[1] = {}) =>
  targetFromSource(sourceFromText('n.yaml', text), options)

describe('knownSchematic', () => {
  // Agreement with every reference vector: test/conformance/lint-known-schematics.test.ts.
  it('knows the empty schematic and tailscale alone', () => {
    expect(knownSchematic(EMPTY_SCHEMATIC_ID)).toEqual([])
    expect(knownSchematic('4a0d65c669d46663f377e7161e50cfd570c401f26fd9e7bda34a0216b6f1922b')).toEqual([
      'siderolabs/tailscale',
    ])
  })
})

describe('nodeSchematic', () => {
  it('knows the default image of each version has no extensions', () => {
    const node = 'machine:\n  type: worker\n  token: t\n'
    const v13 = nodeSchematic(target(node, { talosVersion: parseTalosVersion('v1.13.9') }))
    expect([v13.from, v13.extensions, v13.id]).toEqual(['default', [], undefined])
    const v14 = nodeSchematic(target(node))
    expect([v14.from, v14.extensions, v14.id]).toEqual(['default', [], EMPTY_SCHEMATIC_ID])
  })

  it('reads the image, and cannot tell a custom image or a lone patch', () => {
    const ghcr = nodeSchematic(
      target('machine:\n  install:\n    image: ghcr.io/siderolabs/installer:v1.13.9\n'),
    )
    expect([ghcr.from, ghcr.extensions]).toEqual(['image', []])
    const custom = nodeSchematic(target('machine:\n  install:\n    image: registry.lan/installer:v1\n'))
    expect(custom.extensions).toBeUndefined()
    expect(nodeSchematic(target('machine:\n  sysctls: {}\n')).extensions).toBeUndefined()
  })
})

describe('lanOrder (T12)', () => {
  it('says which LANs lose to the tailnet address', () => {
    const order = (lan: string[]) => lanOrder(target('machine: {}\n', { hints: { lanSubnets: lan } }))
    expect(order(['10.0.0.0/8'])).toMatchObject({ safe: true, affected: [] })
    expect(order(['192.168.1.0/24'])).toMatchObject({ safe: false, affected: ['192.168.1.0/24'] })
    expect(order(['172.16.5.0/24', '10.1.0.0/16'])).toMatchObject({
      safe: false,
      affected: ['172.16.5.0/24'],
    })
    expect(order([])).toMatchObject({ safe: false, affected: [], lan: [] })
  })
})

describe('tailscaleIntent', () => {
  const esc = (...env: string[]) =>
    `apiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: tailscale\nenvironment:\n${env.map(e => `  - ${e}\n`).join('')}`

  it('reads routes, exit node, SNAT and the pinned port, first occurrence winning (T5)', () => {
    const intent = tailscaleIntent(
      target(
        esc(
          'TS_ROUTES=10.0.0.0/8,fd00::/64',
          'TS_EXTRA_ARGS=--advertise-exit-node --snat-subnet-routes=false --advertise-routes 192.168.0.0/16',
          'TS_TAILSCALED_EXTRA_ARGS=--port=41641',
          'TS_ROUTES=172.16.0.0/12',
        ),
      ).documents,
    )
    expect(intent.routes.map(route => route.cidr)).toEqual(['10.0.0.0/8', 'fd00::/64', '192.168.0.0/16'])
    expect(intent.exitNode).toBeDefined()
    expect(intent.snatOff).toBeDefined()
    expect(intent.port?.value).toBe('41641')
  })

  it('treats placeholders as opaque and PORT as the daemon port', () => {
    const intent = tailscaleIntent(target(esc('TS_ROUTES=${ROUTES}', 'PORT=41641')).documents)
    expect(intent.routes).toEqual([])
    expect(intent.port?.value).toBe('41641')
    expect(
      tailscaleIntent(target(esc('TS_EXTRA_ARGS=--advertise-exit-node=false')).documents).exitNode,
    ).toBeUndefined()
  })

  it('counts a node with the service config or the extension as a Tailscale node', () => {
    expect(usesTailscale(target(esc('TS_AUTHKEY=x')))).toBe(true)
    expect(
      usesTailscale(
        target(
          'machine:\n  install:\n    image: factory.talos.dev/metal-installer/4a0d65c669d46663f377e7161e50cfd570c401f26fd9e7bda34a0216b6f1922b:v1.13.9\n',
        ),
      ),
    ).toBe(true)
    expect(
      usesTailscale(target('machine:\n  install:\n    image: ghcr.io/siderolabs/installer:v1.13.9\n')),
    ).toBe(false)
  })
})
