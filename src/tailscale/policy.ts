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

/** The policy as a plain object with keys in the order they are written. */
export interface Policy {
  tagOwners: Record<string, string[]>
  autoApprovers?: { routes?: Record<string, string[]>; exitNode?: string[] }
  grants: Array<{ src: string[]; dst: string[]; ip: string[] }>
}

/** Builds the policy fragment. Lists and map keys are sorted so the output is deterministic. */
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
  const policy: Policy = { tagOwners, grants: [] }
  const grants = policy.grants
  // Approvers are the node tags: an OAuth-enrolled node is owned by its tags, and a key-enrolled
  // node with --advertise-tags is too, so approval follows the tag, not a person. Untagged nodes
  // belong to whoever made the key, so there is nothing stable to approve for: no autoApprovers.
  const routes = sortedUnique(input.routes)
  if (tags.length > 0 && (routes.length > 0 || input.exitNode)) {
    policy.autoApprovers = {}
    if (routes.length > 0) {
      policy.autoApprovers.routes = Object.fromEntries(routes.map(route => [route, [...tags]]))
    }
    if (input.exitNode) policy.autoApprovers.exitNode = [...tags]
  }
  if (tags.length > 0) {
    grants.push({
      src: admins,
      dst: tags,
      ip: [`tcp:${KUBERNETES_API_PORT}`, `tcp:${TALOS_API_PORT}`],
    })
  }
  // Written in this key order: tagOwners, autoApprovers, grants.
  const { autoApprovers } = policy
  return autoApprovers === undefined ? { tagOwners, grants } : { tagOwners, autoApprovers, grants }
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
