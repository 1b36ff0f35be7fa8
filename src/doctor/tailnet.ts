/**
 * Tailnet hygiene from the device list: duplicates, unapproved routes, expiring keys, ephemeral
 * nodes meant to persist, tag drift, stale devices; and the plans of `tailnet prune` and
 * `tailnet approve-routes`, and the auth key `tailnet mint-key` asks for. Pure: devices and
 * expectations in, findings and plans out.
 * @module
 */
import type { TalscaleError } from '../core/errors.ts'
import { escapeTerminal } from '../core/escape.ts'
import { compareFindings, type Finding } from '../core/finding.ts'
import type { Device, KeyRequest } from '../tailscale/api.ts'
import { doctorCheck, doctorFinding } from './checks.ts'

/** A node the tailnet should contain. */
export interface TailnetNode {
  hostname: string
  /** Expected tags; empty or absent means "not checked". */
  tags?: string[]
  /** Routes the node advertises per the intent (expanded CIDRs). */
  routes?: string[]
  /** Meant to stay (not ephemeral). Default true. */
  persistent?: boolean
}

export interface TailnetOptions {
  /** Now, in ms since the epoch (injected so output does not depend on the clock in tests). */
  now: number
  /** Warn when a node key expires within this many days. Default 14. */
  expiryDays?: number
  /** Report devices offline for longer than this many days. Default 30. */
  staleDays?: number
}

const DAY = 86_400_000

/** The hostname a device was registered with, lowercased (MagicDNS may have added -1, -2). */
function baseName(device: Device): string {
  return device.hostname.toLowerCase()
}

function dnsLabel(device: Device): string {
  return (device.name ?? device.hostname).split('.')[0]!
}

function online(device: Device): boolean {
  return device.connectedToControl === true
}

function lastActivity(device: Device): number {
  if (online(device)) return Number.POSITIVE_INFINITY
  const seen = Date.parse(device.lastSeen ?? '')
  if (!Number.isNaN(seen)) return seen
  const created = Date.parse(device.created ?? '')
  return Number.isNaN(created) ? 0 : created
}

function sorted(list: readonly string[] | undefined): string[] {
  return [...new Set(list ?? [])].sort()
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index])
}

function describe(device: Device): string {
  return `"${escapeTerminal(dnsLabel(device))}" (${escapeTerminal(device.id)})`
}

/** Groups devices by registered hostname; the first device of each group is the current one. */
export function groupDevices(devices: readonly Device[]): Map<string, Device[]> {
  const groups = new Map<string, Device[]>()
  for (const device of devices) {
    const key = baseName(device)
    const group = groups.get(key)
    if (group) group.push(device)
    else groups.set(key, [device])
  }
  for (const group of groups.values()) {
    group.sort((a, b) => lastActivity(b) - lastActivity(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  }
  return groups
}

/**
 * The finding for a tailnet that could not be read (DOC300): the API client's error and what to do.
 * The client gives every error a hint; one without falls back to the check's own advice.
 */
export function tailnetUnreadable(error: TalscaleError): Finding {
  const hint = error.hint ?? doctorCheck('DOC300').fix
  return doctorFinding('tailnet', 'DOC300', 'apiFailed', { error: error.message, hint })
}

/** Findings about the tailnet. Without expected nodes, only intent-free checks run. */
export function diagnoseTailnet(
  devices: readonly Device[],
  nodes: readonly TailnetNode[],
  options: TailnetOptions,
): Finding[] {
  const findings: Finding[] = []
  const expiryDays = options.expiryDays ?? 14
  const staleDays = options.staleDays ?? 30
  const groups = groupDevices(devices)
  const expected = new Map(nodes.map(node => [node.hostname.toLowerCase(), node]))
  const add = (finding: Finding) => findings.push(finding)

  for (const [name, group] of groups) {
    if (group.length > 1 && (expected.size === 0 || expected.has(name))) {
      const offline = group.filter(device => !online(device))
      add(
        doctorFinding('tailnet', 'DOC301', 'duplicates', {
          node: name,
          count: group.length,
          devices: group.map(describe).join(', '),
          offline: offline.length,
        }),
      )
    }
  }

  for (const device of [...devices].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const node = expected.get(baseName(device))
    const advertised = sorted(device.advertisedRoutes)
    const enabled = new Set(device.enabledRoutes ?? [])
    const pending = advertised.filter(route => !enabled.has(route))
    if (pending.length > 0) {
      const data = { device: describe(device), routes: pending.join(', ') }
      add(
        pending.length === 1
          ? doctorFinding('tailnet', 'DOC302', 'routeNotApproved', data)
          : doctorFinding('tailnet', 'DOC302', 'routesNotApproved', data),
      )
    }
    if (device.authorized === false)
      add(doctorFinding('tailnet', 'DOC309', 'unauthorized', { device: describe(device) }))
    if (!device.keyExpiryDisabled && device.expires) {
      const expires = Date.parse(device.expires)
      if (!Number.isNaN(expires) && expires > 0) {
        const days = (expires - options.now) / DAY
        if (days <= 0) {
          add(
            doctorFinding('tailnet', 'DOC304', 'expired', {
              device: describe(device),
              expires: device.expires,
            }),
          )
        } else if (days <= expiryDays) {
          add(
            doctorFinding('tailnet', 'DOC303', 'expiring', {
              device: describe(device),
              expires: device.expires,
              days: `${Math.ceil(days)} day${Math.ceil(days) === 1 ? '' : 's'}`,
              threshold: expiryDays,
            }),
          )
        }
      }
    }
    if (node && device.isEphemeral && node.persistent !== false) {
      add(doctorFinding('tailnet', 'DOC305', 'ephemeral', { device: describe(device), node: node.hostname }))
    }
    if (node?.tags && node.tags.length > 0) {
      const want = sorted(node.tags)
      const have = sorted(device.tags)
      if (!sameSet(want, have)) {
        add(
          doctorFinding('tailnet', 'DOC306', 'tags', {
            device: describe(device),
            have: have.join(', '),
            want: want.join(', '),
          }),
        )
      }
    }
    if (!online(device) && device.lastSeen) {
      const seen = Date.parse(device.lastSeen)
      if (!Number.isNaN(seen) && options.now - seen > staleDays * DAY) {
        add(
          doctorFinding('tailnet', 'DOC307', 'stale', {
            device: describe(device),
            lastSeen: device.lastSeen,
            days: staleDays,
          }),
        )
      }
    }
  }

  for (const node of nodes) {
    if (!groups.has(node.hostname.toLowerCase())) {
      add(doctorFinding('tailnet', 'DOC308', 'missing', { node: node.hostname }))
    }
  }
  return findings.sort(compareFindings)
}

/** One device `tailnet prune` would delete, and why. */
export interface PruneStep {
  device: Device
  keeps: Device
  reason: string
}

/**
 * Offline duplicates of current nodes: for each expected hostname with several devices, every device
 * but the most recently active one, and only those that are offline now. Nothing else is touched.
 */
export function planPrune(devices: readonly Device[], nodes: readonly TailnetNode[]): PruneStep[] {
  const steps: PruneStep[] = []
  const groups = groupDevices(devices)
  for (const node of [...nodes].sort((a, b) => (a.hostname < b.hostname ? -1 : 1))) {
    const group = groups.get(node.hostname.toLowerCase())
    if (!group || group.length < 2) continue
    const [keeps, ...rest] = group
    for (const device of rest) {
      if (online(device)) continue
      steps.push({
        device,
        keeps: keeps!,
        reason: `offline duplicate of node "${node.hostname}" (keeping ${describe(keeps!)}${online(keeps!) ? ', online' : ''})`,
      })
    }
  }
  return steps
}

/** One route change `tailnet approve-routes` would make. */
export interface RouteStep {
  device: Device
  /** Currently approved routes. */
  from: string[]
  /** Routes to approve: exactly the intent's. */
  to: string[]
}

/**
 * Sets each node's approved routes to exactly the routes the intent advertises for it, on the node's
 * current device. Routes approved outside the intent are removed; nodes without routes are left alone.
 */
export function planApproveRoutes(devices: readonly Device[], nodes: readonly TailnetNode[]): RouteStep[] {
  const steps: RouteStep[] = []
  const groups = groupDevices(devices)
  for (const node of [...nodes].sort((a, b) => (a.hostname < b.hostname ? -1 : 1))) {
    if (!node.routes || node.routes.length === 0) continue
    const current = groups.get(node.hostname.toLowerCase())?.[0]
    if (!current) continue
    const to = sorted(node.routes)
    const from = sorted(current.enabledRoutes)
    if (!sameSet(from, to)) steps.push({ device: current, from, to })
  }
  return steps
}

/** What `tailnet mint-key` asks for: always pre-approved, so a node joins without a click. */
export function mintKeyRequest(options: {
  tags: string[]
  reusable: boolean
  ephemeral: boolean
  expiryDays?: number
  description: string
}): KeyRequest {
  return {
    reusable: options.reusable,
    ephemeral: options.ephemeral,
    preauthorized: true,
    tags: options.tags,
    ...(options.expiryDays === undefined ? {} : { expirySeconds: options.expiryDays * 86_400 }),
    description: options.description,
  }
}

/** The kind of key, for the line that reports it: `reusable, persistent, pre-approved, tags tag:a`. */
export function describeKeyRequest(request: KeyRequest): string {
  return `${request.reusable ? 'reusable' : 'one-off'}, ${request.ephemeral ? 'ephemeral' : 'persistent'}, pre-approved, tags ${request.tags.join(',')}`
}

export { describe as describeDevice }
