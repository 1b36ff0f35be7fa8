/**
 * The intent's checks across fields, run after every field has its own shape: node names and
 * addresses, subnets against each other, platforms against the factory's data, tailnet names.
 * @module
 */
import type { z } from 'zod'
import { cidrContains, parseCidr, parseIp } from '../core/net.ts'
import { FACTORY_PLATFORMS, platformInfo } from '../factory/images.ts'
import { describeValue } from './messages.ts'
import type { IntentObject } from './schema.ts'

/** Lowercase RFC 1123 label: what Kubernetes node names, Talos hostnames and tailnet names accept. */
export const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/

type IssueSink = (path: PropertyKey[], input: unknown, tail: string) => void

/** Each node's platform must exist for its arch, and SecureBoot for its platform (factory data). */
function checkPlatforms(intent: IntentObject, issue: IssueSink): void {
  const reported = new Set<string>()
  intent.nodes.forEach((node, index) => {
    const platform = node.platform ?? intent.image.platform
    const arch = node.arch ?? intent.image.arch
    const info = platformInfo(platform)
    if (!info) return
    if (!info.arches.includes(arch)) {
      const path =
        node.arch !== undefined
          ? ['nodes', index, 'arch']
          : node.platform !== undefined
            ? ['nodes', index, 'platform']
            : ['image', 'arch']
      const key = path.join('.')
      if (!reported.has(key)) {
        reported.add(key)
        issue(
          path,
          undefined,
          `is ${arch} on platform ${platform}${node.arch !== undefined || node.platform !== undefined ? '' : ` (for nodes[${index}] and any others without an override)`}, which the Image Factory builds only for ${info.arches.join(' and ')}; expected a supported platform and arch`,
        )
      }
    }
    if (intent.image.secureboot && !info.secureBoot && !reported.has(`secureboot:${platform}`)) {
      reported.add(`secureboot:${platform}`)
      issue(
        ['image', 'secureboot'],
        undefined,
        `is true, but the Image Factory has no SecureBoot images for platform ${platform} (nodes[${index}]); expected secureboot only on ${FACTORY_PLATFORMS.filter(
          p => p.secureBoot,
        )
          .map(p => p.name)
          .join(', ')}`,
      )
    }
  })
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function hasCheckableShape(intent: unknown): boolean {
  if (
    !isRecord(intent) ||
    !isRecord(intent.cluster) ||
    !isRecord(intent.tailscale) ||
    !isRecord(intent.image)
  )
    return false
  const { cluster, tailscale, nodes } = intent
  return (
    typeof cluster.name === 'string' &&
    Array.isArray(cluster.lanSubnets) &&
    cluster.lanSubnets.every(item => typeof item === 'string') &&
    isRecord(tailscale.auth) &&
    Array.isArray(tailscale.tags) &&
    typeof tailscale.hostname === 'string' &&
    Array.isArray(nodes) &&
    nodes.every(
      node =>
        isRecord(node) &&
        typeof node.hostname === 'string' &&
        typeof node.address === 'string' &&
        typeof node.role === 'string',
    )
  )
}

/** The tailnet hostname of a node: the pattern with {node}, {cluster} and {role} filled in. */
export function expandHostname(
  pattern: string,
  cluster: string,
  node: { hostname: string; role: string },
): string {
  return pattern
    .replaceAll('{node}', node.hostname)
    .replaceAll('{cluster}', cluster)
    .replaceAll('{role}', node.role)
}

export function crossCheck(intent: IntentObject, ctx: z.RefinementCtx): void {
  // zod runs refinements even after non-fatal field issues (a failed pattern), so the shape is
  // checked here before anything is read; field issues are reported on their own.
  if (!hasCheckableShape(intent)) return
  const issue = (path: PropertyKey[], input: unknown, tail: string) =>
    ctx.addIssue({
      code: 'custom',
      path,
      input,
      message: input === undefined ? tail : `${describeValue(input, path)} ${tail}`,
    })

  const { auth } = intent.tailscale
  const sources = (['authKey', 'oauthClientSecret'] as const).filter(key => auth[key] !== undefined)
  if (sources.length === 0) {
    issue(
      ['tailscale', 'auth'],
      undefined,
      'has no auth source; expected exactly one of authKey or oauthClientSecret, as {env: NAME} or {file: PATH}',
    )
  } else if (sources.length === 2) {
    issue(
      ['tailscale', 'auth', 'oauthClientSecret'],
      undefined,
      'is set together with authKey; expected exactly one of authKey or oauthClientSecret',
    )
  }
  if (auth.oauthClientSecret !== undefined && intent.tailscale.tags.length === 0) {
    issue(
      ['tailscale', 'tags'],
      undefined,
      'is empty, but OAuth enrollment requires tags (T15); expected at least one tag like tag:talos',
    )
  }
  if (intent.tailscale.link !== undefined && intent.tailscale.mtu !== undefined) {
    issue(
      ['tailscale', 'mtu'],
      intent.tailscale.mtu,
      'is set together with link; expected either link (which decides the MTU) or mtu, not both',
    )
  }

  const lans = intent.cluster.lanSubnets.map(text => parseCidr(text)).filter(c => c !== undefined)
  const seen = new Map<string, number>()
  const addresses = new Map<string, number>()
  let longName = false
  let controlplanes = 0
  let tailscaleNodes = 0
  intent.nodes.forEach((node, index) => {
    if (node.role === 'controlplane') controlplanes++
    if (node.tailscale) tailscaleNodes++
    const first = seen.get(node.hostname)
    if (first !== undefined) {
      issue(
        ['nodes', index, 'hostname'],
        node.hostname,
        `is already used by nodes[${first}]; expected unique hostnames`,
      )
    } else seen.set(node.hostname, index)
    const address = parseIp(node.address)
    // Compare parsed values, so `fd00::1` and `fd00:0::1` are the same address.
    const addressKey = address ? `${address.family}/${address.value}` : node.address
    const sameAddress = addresses.get(addressKey)
    if (sameAddress !== undefined) {
      issue(
        ['nodes', index, 'address'],
        node.address,
        `is already the address of nodes[${sameAddress}]; expected one LAN address per node`,
      )
    } else addresses.set(addressKey, index)
    const tailnetName = expandHostname(intent.tailscale.hostname, intent.cluster.name, node)
    const partsValid =
      DNS_LABEL.test(node.hostname) &&
      DNS_LABEL.test(intent.cluster.name) &&
      DNS_LABEL.test(intent.tailscale.hostname.replace(/\{(node|cluster|role)\}/g, 'a'))
    if (node.tailscale && partsValid) {
      if (!DNS_LABEL.test(tailnetName) && !longName) {
        longName = true
        issue(
          ['tailscale', 'hostname'],
          intent.tailscale.hostname,
          `expands to ${describeValue(tailnetName)} (${tailnetName.length} characters) for nodes[${index}], which is not a DNS label (at most 63); expected a shorter pattern`,
        )
      }
    }
    if (address && lans.length > 0 && !lans.some(lan => cidrContains(lan, address))) {
      issue(
        ['nodes', index, 'address'],
        node.address,
        `is outside cluster.lanSubnets (${intent.cluster.lanSubnets.join(', ')}); expected a LAN address inside them, where kubelet and etcd are pinned (T12)`,
      )
    }
    if (!node.tailscale && node.exitNode) {
      issue(
        ['nodes', index, 'exitNode'],
        undefined,
        'is set on a node with tailscale: false; expected exit nodes only on nodes that run Tailscale',
      )
    }
    if (!node.tailscale && node.subnetRouter) {
      issue(
        ['nodes', index, 'subnetRouter'],
        undefined,
        'is set on a node with tailscale: false; expected subnet routers only on nodes that run Tailscale',
      )
    }
  })
  checkPlatforms(intent, issue)
  if (controlplanes === 0) {
    issue(
      ['nodes'],
      undefined,
      'has no controlplane node; expected at least one node with role: controlplane',
    )
  }
  if (tailscaleNodes > 1 && !intent.tailscale.hostname.includes('{node}')) {
    issue(
      ['tailscale', 'hostname'],
      intent.tailscale.hostname,
      'has no {node} placeholder, so every node would get the same tailnet name; expected a pattern with {node}',
    )
  }
}
