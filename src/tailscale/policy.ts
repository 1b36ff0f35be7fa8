/**
 * The tailnet policy fragment a Talos cluster needs: who may own its tags, which routes and exit
 * nodes are approved without a click, and a grant that lets admins reach the Talos and Kubernetes
 * APIs over the tailnet. Rendered as HuJSON (JSON plus comments) with a fixed key order.
 * @module
 */

/** Talos API (apid) port. */
export const TALOS_API_PORT = 50000
/** Kubernetes API server port. */
export const KUBERNETES_API_PORT = 6443

/** Tags the Tailscale Kubernetes operator uses by default (its Helm chart's values). */
export const OPERATOR_TAG = 'tag:k8s-operator'
export const OPERATOR_PROXY_TAG = 'tag:k8s'

export interface PolicyInput {
  /** Tags the nodes advertise. */
  tags: readonly string[]
  /** Who may assign the tags and who the admin grant is for, e.g. `autogroup:admin` or `group:ops`. */
  admins: readonly string[]
  /** Every route advertised by any node (canonical CIDRs). */
  routes: readonly string[]
  /** True when at least one node advertises itself as an exit node. */
  exitNode: boolean
  /** Add the operator's tags (hybrid layout). */
  operator: boolean
}

/** One grant: `src` may reach `dst` on the `ip` protocols and ports. */
export interface Grant {
  src: string[]
  dst: string[]
  ip: string[]
}

/**
 * The policy as a plain object with keys in the order they are written. A key with nothing in it is
 * left out: an empty `tagOwners` or `grants` in a fragment only invites a merge mistake.
 */
export interface Policy {
  tagOwners?: Record<string, string[]>
  autoApprovers?: { routes?: Record<string, string[]>; exitNode?: string[] }
  grants?: Grant[]
}

/** The grant selector for internet access through exit nodes. */
export const INTERNET = 'autogroup:internet'

/**
 * Builds the policy fragment. Lists and map keys are sorted so the output is deterministic. The
 * grants make it work in a default-deny tailnet (one without an allow-all rule): an approved route
 * carries no traffic unless a grant lets someone reach it, and an exit node is usable only with a
 * grant to `autogroup:internet`.
 */
export function buildPolicy(input: PolicyInput): Policy {
  const admins = sortedUnique(input.admins)
  const tags = sortedUnique(input.tags)
  const tagOwners: Record<string, string[]> = {}
  const owners: Array<[string, string[]]> = tags.map(tag => [tag, admins])
  if (input.operator) {
    owners.push([OPERATOR_TAG, admins], [OPERATOR_PROXY_TAG, [OPERATOR_TAG]])
  }
  for (const [tag, who] of owners.sort(([a], [b]) => compare(a, b))) {
    tagOwners[tag] = sortedUnique([...(tagOwners[tag] ?? []), ...who])
  }
  // Approvers are the node tags: an OAuth-enrolled node is owned by its tags, and a key-enrolled
  // node with --advertise-tags is too, so approval follows the tag, not a person. Untagged nodes
  // belong to whoever made the key, so there is nothing stable to approve for: no autoApprovers.
  const routes = sortedUnique(input.routes)
  let autoApprovers: Policy['autoApprovers']
  if (tags.length > 0 && (routes.length > 0 || input.exitNode)) {
    autoApprovers = {}
    if (routes.length > 0) {
      autoApprovers.routes = Object.fromEntries(routes.map(route => [route, [...tags]]))
    }
    if (input.exitNode) autoApprovers.exitNode = [...tags]
  }
  const grants: Grant[] = []
  if (tags.length > 0) {
    grants.push({ src: admins, dst: tags, ip: [`tcp:${KUBERNETES_API_PORT}`, `tcp:${TALOS_API_PORT}`] })
  }
  // Every advertised route (LAN, pods, services, CIDRs), all protocols: what the subnet router is for.
  if (routes.length > 0) grants.push({ src: admins, dst: routes, ip: ['*'] })
  if (input.exitNode) grants.push({ src: admins, dst: [INTERNET], ip: ['*'] })
  // Written in this key order: tagOwners, autoApprovers, grants.
  const policy: Policy = {}
  if (Object.keys(tagOwners).length > 0) policy.tagOwners = tagOwners
  if (autoApprovers !== undefined) policy.autoApprovers = autoApprovers
  if (grants.length > 0) policy.grants = grants
  return policy
}

/** Renders the policy as HuJSON: a comment header, then JSON with tab indentation and sorted keys. */
export function renderPolicy(policy: Policy, header: readonly string[]): string {
  const lines = header.map(line => (line === '' ? '//' : `// ${line}`))
  const body = JSON.stringify(policy, null, '\t')
  return `${lines.join('\n')}\n${body}\n`
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compare)
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
