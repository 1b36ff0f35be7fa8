/**
 * Which fields Talos merges specially. Talos merges typed Go structs (`merge.Merge`): lists append,
 * except fields tagged `merge:"replace"` and list types with their own `Merge()`. talscale merges
 * YAML, so those exceptions are listed here by document kind and field path.
 * Sources: `pkg/machinery/config/merge/merge.go`, `types/v1alpha1/v1alpha1_types.go`,
 * `types/runtime/extensions/service_config.go`, `types/network/bgp_instance.go` (see docs/render.md).
 * @module
 */
import type { TalosVersion } from '../talos/version.ts'

/** How a list or map at one path is merged. */
export type FieldRule =
  | { kind: 'replace' }
  | { kind: 'keyed'; key: ListKey }
  /** `extraArgs` (Talos `Args`, v1.13+): each key replaced whole, never merged inside. */
  | { kind: 'args' }

/** Picks the identity of a list item; undefined means "never matches, append". */
export type ListKey = (item: unknown) => { matchWith: (other: unknown) => boolean } | undefined

interface RuleEntry {
  /** Document kind (`v1alpha1` for the main document). */
  doc: string
  /** Dotted path; `[]` stands for any list item. */
  path: string
  rule: FieldRule
  /** First minor that has this rule (the document or tag did not exist before). */
  since?: number
}

// `zero` is what a missing field reads as in Go: "" for strings, "0" for the numeric vlanId.
const byField =
  (field: string, zero = ''): ListKey =>
  item => {
    const own = fieldString(item, field) || zero
    return { matchWith: other => (fieldString(other, field) || zero) === own }
  }

// NetworkDeviceList.Merge: by `interface:` when set, else by an identical `deviceSelector:`.
const networkDevice: ListKey = item => {
  const name = fieldString(item, 'interface')
  if (name !== '') return { matchWith: other => fieldString(other, 'interface') === name }
  const selector = field(item, 'deviceSelector')
  if (selector === undefined || selector === null) return undefined
  const wanted = JSON.stringify(canonical(selector))
  return {
    matchWith: other => {
      const theirs = field(other, 'deviceSelector')
      return theirs !== undefined && theirs !== null && JSON.stringify(canonical(theirs)) === wanted
    },
  }
}

const REPLACE: FieldRule = { kind: 'replace' }

const RULES: readonly RuleEntry[] = [
  { doc: 'v1alpha1', path: 'cluster.network.podSubnets', rule: REPLACE },
  { doc: 'v1alpha1', path: 'cluster.network.serviceSubnets', rule: REPLACE },
  { doc: 'v1alpha1', path: 'cluster.apiServer.auditPolicy', rule: REPLACE },
  { doc: 'v1alpha1', path: 'machine.network.interfaces', rule: { kind: 'keyed', key: networkDevice } },
  {
    doc: 'v1alpha1',
    path: 'machine.network.interfaces.[].vlans',
    rule: { kind: 'keyed', key: byField('vlanId', '0') },
  },
  {
    doc: 'v1alpha1',
    path: 'cluster.apiServer.admissionControl',
    rule: { kind: 'keyed', key: byField('name') },
  },
  { doc: 'ExtensionServiceConfig', path: 'configFiles', rule: { kind: 'keyed', key: byField('mountPath') } },
  { doc: 'NetworkRuleConfig', path: 'portSelector.ports', rule: REPLACE },
  { doc: 'NetworkRuleConfig', path: 'ingress', rule: REPLACE },
  // v1.14 documents that took over v1alpha1 fields keep their replace semantics.
  { doc: 'KubeNetworkConfig', path: 'podSubnets', rule: REPLACE, since: 14 },
  { doc: 'KubeNetworkConfig', path: 'serviceSubnets', rule: REPLACE, since: 14 },
  { doc: 'KubeAuditPolicyConfig', path: 'configuration', rule: REPLACE, since: 14 },
  { doc: 'KubeAuthenticationConfig', path: 'configuration', rule: REPLACE, since: 14 },
  { doc: 'KubeCredentialProviderConfig', path: 'configuration', rule: REPLACE, since: 14 },
  { doc: 'KubeStaticPodConfig', path: 'pod', rule: REPLACE, since: 14 },
  { doc: 'CRIBaseRuntimeSpecConfig', path: 'overrides', rule: REPLACE, since: 14 },
  { doc: 'BGPInstanceConfig', path: 'advertise', rule: REPLACE, since: 14 },
  { doc: 'BGPInstanceConfig', path: 'importRoutes', rule: REPLACE, since: 14 },
  { doc: 'BGPInstanceConfig', path: 'neighbors', rule: REPLACE, since: 14 },
]

const ARGS: FieldRule = { kind: 'args' }

/**
 * The special rule for the field at `path` (list items written `[]`) in a document of `docKind`,
 * or undefined for Talos's default (scalars merge unless zero, maps per key, lists append).
 */
export function ruleFor(
  docKind: string,
  path: readonly string[],
  version: TalosVersion,
): FieldRule | undefined {
  const dotted = path.join('.')
  for (const entry of RULES) {
    if (entry.doc === docKind && entry.path === dotted && (entry.since ?? 0) <= version.minor)
      return entry.rule
  }
  // extraArgs became the `Args` type (map of string or list, merged with maps.Copy) in v1.13.
  if (version.minor >= 13 && path[path.length - 1] === 'extraArgs') return ARGS
  return undefined
}

// Map fields whose keys are free-form (Go maps, not structs): deleting a missing key there fails
// with "lookup failed", while a missing struct field is silently zeroed.
const FREE_FORM_MAPS = new Set([
  'extraArgs',
  'env',
  'sysctls',
  'sysfs',
  'nodeLabels',
  'nodeAnnotations',
  'nodeTaints',
  'labels',
  'annotations',
  'taints',
  'params',
  'variables',
  'mirrors',
  'extraConfig',
  'auditPolicy',
  'configuration',
])

/** True when the mapping at `path` is a Go map (free-form keys) rather than a struct. */
export function isFreeFormMap(path: readonly string[]): boolean {
  const last = path[path.length - 1]
  if (last === undefined) return false
  if (last === 'config' && path[path.length - 2] === 'registries') return true
  return FREE_FORM_MAPS.has(last)
}

function field(item: unknown, name: string): unknown {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return undefined
  return (item as Record<string, unknown>)[name]
}

// Go compares the typed field; a missing field is the zero value, so "" matches "".
function fieldString(item: unknown, name: string): string {
  const value = field(item, name)
  if (value === undefined || value === null) return ''
  return typeof value === 'object' ? JSON.stringify(canonical(value)) : String(value)
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical)
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort()) out[key] = canonical((value as Record<string, unknown>)[key])
    return out
  }
  return value
}
