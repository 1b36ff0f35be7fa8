/**
 * Kubernetes-side files: a CoreDNS server block that forwards the tailnet domain to MagicDNS, and
 * Helm values for the Tailscale Kubernetes operator in the hybrid layout.
 * @module
 */
import { stringify } from 'yaml'
import { OPERATOR_PROXY_TAG, OPERATOR_TAG } from '../tailscale/policy.ts'
import type { Plan } from './plan.ts'
import { yamlHeader } from './talos.ts'

/** Tailscale's MagicDNS resolver (Quad100). */
export const MAGIC_DNS_RESOLVER = '100.100.100.100'

/** The CoreDNS server block for the tailnet domain, as it goes into a Corefile. */
export function corednsServerBlock(tailnetDomain: string): string {
  return [
    `${tailnetDomain}:53 {`,
    '    errors',
    '    cache 30',
    `    forward . ${MAGIC_DNS_RESOLVER}`,
    '}',
    '',
  ].join('\n')
}

/**
 * `kubernetes/coredns-tailnet.yaml`: a ConfigMap carrying the server block, with the explanation
 * of how it joins CoreDNS's Corefile (CoreDNS reads one Corefile; apply.sh appends the block).
 */
export function corednsFile(plan: Plan): string | undefined {
  const domain = plan.intent.tailscale.tailnetDomain
  if (domain === undefined) return undefined
  const header = yamlHeader([
    `CoreDNS forward for the tailnet domain ${domain} to MagicDNS (${MAGIC_DNS_RESOLVER}).`,
    '',
    'CoreDNS reads a single Corefile (ConfigMap kube-system/coredns, managed by Talos). This ConfigMap',
    'carries the server block to add to it; `./apply.sh coredns` appends it once (it is idempotent) and',
    'restarts CoreDNS. By hand: add the block below to the Corefile and `kubectl -n kube-system rollout',
    'restart deployment coredns`. Re-run it after `talosctl upgrade-k8s`, which may restore the Corefile.',
    '',
    `Pods reach ${MAGIC_DNS_RESOLVER} through the node they run on, so CoreDNS must run on nodes with`,
    'Tailscale (in this bundle: nodes with tailscale: true). MagicDNS answers for tailnet names only.',
  ])
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'coredns-tailnet',
      namespace: 'kube-system',
      labels: { 'app.kubernetes.io/managed-by': 'talscale' },
    },
    data: { 'tailnet.server': corednsServerBlock(domain) },
  }
  return `${header}${stringify(configMap, { lineWidth: 0 })}`
}

/** `kubernetes/tailscale-operator-values.yaml` for the operator Helm chart (hybrid layout). */
export function operatorValuesFile(plan: Plan): string | undefined {
  const ts = plan.intent.tailscale
  if (!ts.operator) return undefined
  const header = yamlHeader([
    'Helm values for the Tailscale Kubernetes operator (hybrid layout: the extension on the nodes for',
    'talosctl and node access, the operator for exposing workloads).',
    '',
    '  helm repo add tailscale https://pkgs.tailscale.com/helmcharts',
    '  kubectl create namespace tailscale',
    '  kubectl -n tailscale create secret generic operator-oauth \\',
    '    --from-literal=client_id="$OPERATOR_CLIENT_ID" --from-literal=client_secret="$OPERATOR_CLIENT_SECRET"',
    '  helm upgrade --install tailscale-operator tailscale/tailscale-operator -n tailscale \\',
    '    -f kubernetes/tailscale-operator-values.yaml',
    '',
    'The OAuth client needs the Devices Core, Auth Keys and Services write scopes and the tag',
    `${OPERATOR_TAG}; tailnet/policy.hujson already lets ${OPERATOR_TAG} own ${OPERATOR_PROXY_TAG}.`,
    'No secret is written here: the chart reads the operator-oauth Secret created above.',
  ])
  const values: Record<string, unknown> = {
    operatorConfig: {
      hostname: `${plan.intent.cluster.name}-operator`,
      defaultTags: [OPERATOR_TAG],
    },
    proxyConfig: { defaultTags: OPERATOR_PROXY_TAG },
  }
  if (ts.loginServer !== undefined) values.loginServer = ts.loginServer
  return `${header}${stringify(values, { lineWidth: 0 })}`
}
