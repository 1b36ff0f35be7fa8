import { describe, expect, it } from 'vitest'
import { buildPolicy, renderPolicy } from '../../src/tailscale/policy.ts'
import { parseHujson } from './helpers.ts'

describe('tailnet policy', () => {
  const policy = buildPolicy({
    tags: ['tag:talos', 'tag:edge'],
    admins: ['autogroup:admin'],
    routes: ['10.96.0.0/12', '10.244.0.0/16'],
    exitNode: true,
    operator: true,
  })
  it('owns every tag, approves every route and the exit node, grants the APIs', () => {
    expect(Object.keys(policy.tagOwners!)).toEqual(['tag:edge', 'tag:k8s', 'tag:k8s-operator', 'tag:talos'])
    expect(policy.tagOwners!['tag:k8s']).toEqual(['tag:k8s-operator'])
    expect(Object.keys(policy.autoApprovers!.routes!)).toEqual(['10.244.0.0/16', '10.96.0.0/12'])
    expect(policy.autoApprovers!.exitNode).toEqual(['tag:edge', 'tag:talos'])
    expect(policy.grants).toEqual([
      { src: ['autogroup:admin'], dst: ['tag:edge', 'tag:talos'], ip: ['tcp:6443', 'tcp:50000'] },
      { src: ['autogroup:admin'], dst: ['10.244.0.0/16', '10.96.0.0/12'], ip: ['*'] },
      { src: ['autogroup:admin'], dst: ['autogroup:internet'], ip: ['*'] },
    ])
  })
  it('renders valid HuJSON with keys in a fixed order', () => {
    const text = renderPolicy(policy, ['header'])
    expect(text.startsWith('// header\n{')).toBe(true)
    expect(Object.keys(parseHujson(text) as object)).toEqual(['tagOwners', 'autoApprovers', 'grants'])
  })
  it('leaves autoApprovers out when nothing is advertised', () => {
    const bare = buildPolicy({
      tags: ['tag:a'],
      admins: ['autogroup:admin'],
      routes: [],
      exitNode: false,
      operator: false,
    })
    expect(Object.keys(bare)).toEqual(['tagOwners', 'grants'])
  })
})

describe('untagged nodes', () => {
  it('get no autoApprovers, since no stable owner can approve them', () => {
    const policy = buildPolicy({
      tags: [],
      admins: ['autogroup:admin'],
      routes: ['10.96.0.0/12'],
      exitNode: true,
      operator: false,
    })
    expect(policy.autoApprovers).toBeUndefined()
    expect(policy.tagOwners).toBeUndefined()
    // No tag to grant the APIs on; the routes and the exit node are still reachable once approved.
    expect(policy.grants).toEqual([
      { src: ['autogroup:admin'], dst: ['10.96.0.0/12'], ip: ['*'] },
      { src: ['autogroup:admin'], dst: ['autogroup:internet'], ip: ['*'] },
    ])
  })
})

describe('the policy fragment has no empty section', () => {
  it('leaves tagOwners and grants out when there is nothing to put in them', () => {
    const empty = buildPolicy({
      tags: [],
      admins: ['autogroup:admin'],
      routes: [],
      exitNode: false,
      operator: false,
    })
    expect(empty).toEqual({})
  })
})
