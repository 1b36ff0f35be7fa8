/**
 * Kubernetes-side files: a CoreDNS server block that forwards the tailnet domain to MagicDNS, and
 * Helm values for the Tailscale Kubernetes operator in the hybrid layout.
 * @module
 */
import { stringify } from 'yaml'
import { formatIp, maskCidr, parseCidr } from '../core/net.ts'
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

/** The Kubernetes cluster domain (Talos's default; the intent does not change it). */
export const CLUSTER_DOMAIN = 'cluster.local'

/**
 * The CoreDNS image Talos deploys by default, per Talos minor (pkg/machinery/constants
 * DefaultCoreDNSVersion at each release), so taking CoreDNS over changes nothing but the Corefile.
 */
export const COREDNS_VERSION: Readonly<Record<number, string>> = {
  10: 'v1.12.1',
  11: 'v1.12.4',
  12: 'v1.14.2',
  13: 'v1.14.6',
  14: 'v1.14.6',
}
export const COREDNS_IMAGE = 'registry.k8s.io/coredns/coredns'

/** The CoreDNS image for a Talos minor (the newest known for newer minors). */
export function corednsImage(minor: number): string {
  const known = Object.keys(COREDNS_VERSION).map(Number)
  const pick = known.includes(minor) ? minor : Math.max(...known)
  return `${COREDNS_IMAGE}:${COREDNS_VERSION[pick]}`
}

/** The Corefile: Talos's default server block, then the tailnet domain forwarded to MagicDNS. */
export function corefile(tailnetDomain: string): string {
  return [
    '.:53 {',
    '    errors',
    '    health {',
    '        lameduck 5s',
    '    }',
    '    ready',
    '    log . {',
    '        class error',
    '    }',
    '    prometheus :9153',
    `    kubernetes ${CLUSTER_DOMAIN} in-addr.arpa ip6.arpa {`,
    '        pods insecure',
    '        fallthrough in-addr.arpa ip6.arpa',
    '        ttl 30',
    '    }',
    '    forward . /etc/resolv.conf {',
    '        max_concurrent 1000',
    '    }',
    '    cache 30 {',
    `        disable success ${CLUSTER_DOMAIN}`,
    `        disable denial ${CLUSTER_DOMAIN}`,
    '    }',
    '    loop',
    '    reload',
    '    loadbalance',
    '}',
    corednsServerBlock(tailnetDomain),
  ].join('\n')
}

/** The kube-dns Service address Talos and kubelet use: the 10th address of a service subnet. */
export function dnsServiceIp(serviceSubnet: string): string {
  const cidr = parseCidr(serviceSubnet)
  if (!cidr) throw new Error(`not a CIDR: ${serviceSubnet}`)
  const network = maskCidr(cidr)
  return formatIp({ family: network.family, value: network.value + 10n })
}

/**
 * The CoreDNS that replaces Talos's, as one multi-document manifest (ServiceAccount, RBAC,
 * ConfigMap, Deployment, Service kube-dns). Same names, labels and Service address as Talos's own, so
 * kubelet's clusterDNS keeps pointing at it. Undefined when the intent has no tailnet domain.
 */
export function corednsManifest(plan: Plan): string | undefined {
  const domain = plan.intent.tailscale.tailnetDomain
  if (domain === undefined) return undefined
  const labels = { 'k8s-app': 'kube-dns', 'app.kubernetes.io/managed-by': 'talscale' }
  const meta = (name: string, namespaced = true) => ({
    name,
    ...(namespaced ? { namespace: 'kube-system' } : {}),
    labels,
  })
  const subnets = plan.intent.cluster.serviceSubnets
  const families = [...new Set(subnets.map(subnet => (subnet.includes(':') ? 'IPv6' : 'IPv4')))]
  const clusterIPs = families.map(family =>
    dnsServiceIp(subnets.find(subnet => (subnet.includes(':') ? 'IPv6' : 'IPv4') === family)!),
  )
  const docs: unknown[] = [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('coredns') },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: meta('system:coredns', false),
      rules: [
        {
          apiGroups: [''],
          resources: ['endpoints', 'services', 'pods', 'namespaces'],
          verbs: ['list', 'watch'],
        },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: meta('system:coredns', false),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:coredns' },
      subjects: [{ kind: 'ServiceAccount', name: 'coredns', namespace: 'kube-system' }],
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta('coredns'),
      data: { Corefile: corefile(domain) },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('coredns'),
      spec: {
        replicas: 2,
        selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
        template: {
          metadata: { labels: { 'k8s-app': 'kube-dns' } },
          spec: {
            priorityClassName: 'system-cluster-critical',
            serviceAccountName: 'coredns',
            dnsPolicy: 'Default',
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            tolerations: [
              { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
              {
                key: 'node.cloudprovider.kubernetes.io/uninitialized',
                operator: 'Exists',
                effect: 'NoSchedule',
              },
            ],
            affinity: {
              podAntiAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [
                  {
                    weight: 100,
                    podAffinityTerm: {
                      labelSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
                      topologyKey: 'kubernetes.io/hostname',
                    },
                  },
                ],
              },
            },
            containers: [
              {
                name: 'coredns',
                image: corednsImage(plan.version.minor),
                imagePullPolicy: 'IfNotPresent',
                args: ['-conf', '/etc/coredns/Corefile'],
                ports: [
                  { name: 'dns', containerPort: 53, protocol: 'UDP' },
                  { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
                  { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
                ],
                resources: { requests: { cpu: '100m', memory: '70Mi' }, limits: { memory: '170Mi' } },
                livenessProbe: {
                  httpGet: { path: '/health', port: 8080, scheme: 'HTTP' },
                  initialDelaySeconds: 60,
                  timeoutSeconds: 5,
                  failureThreshold: 5,
                },
                readinessProbe: { httpGet: { path: '/ready', port: 8181, scheme: 'HTTP' } },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
                },
                volumeMounts: [{ name: 'config-volume', mountPath: '/etc/coredns', readOnly: true }],
              },
            ],
            volumes: [
              {
                name: 'config-volume',
                configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }] },
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        ...meta('kube-dns'),
        annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
      },
      spec: {
        selector: { 'k8s-app': 'kube-dns' },
        clusterIP: clusterIPs[0],
        ...(clusterIPs.length > 1
          ? { clusterIPs, ipFamilies: families, ipFamilyPolicy: 'RequireDualStack' }
          : {}),
        ports: [
          { name: 'dns', port: 53, targetPort: 53, protocol: 'UDP' },
          { name: 'dns-tcp', port: 53, targetPort: 53, protocol: 'TCP' },
          { name: 'metrics', port: 9153, targetPort: 9153, protocol: 'TCP' },
        ],
      },
    },
  ]
  return docs.map(doc => stringify(doc, { lineWidth: 0 })).join('---\n')
}

/**
 * `kubernetes/coredns.yaml`: the same manifest talos/controlplane.yaml carries inline, for reading
 * and for GitOps tools that diff the cluster; Talos applies the inline copy.
 */
export function corednsFile(plan: Plan): string | undefined {
  const manifest = corednsManifest(plan)
  if (manifest === undefined) return undefined
  const domain = plan.intent.tailscale.tailnetDomain!
  const header = yamlHeader([
    `CoreDNS with a forward for the tailnet domain ${domain} to MagicDNS (${MAGIC_DNS_RESOLVER}).`,
    '',
    "Talos's own CoreDNS has a fixed Corefile without `import`, and `talosctl upgrade-k8s` re-applies it",
    "(server-side apply), undoing any edit. So talos/controlplane.yaml turns Talos's CoreDNS off and",
    'deploys this manifest as an inline manifest: Talos applies it with the machine config and',
    'upgrade-k8s keeps it. This file is a copy for reading and diffing; do not apply it separately.',
    '',
    `Pods reach ${MAGIC_DNS_RESOLVER} through the node they run on, so CoreDNS must run on nodes with`,
    'Tailscale (in this bundle: nodes with tailscale: true). MagicDNS answers for tailnet names only.',
  ])
  return `${header}${manifest}`
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
  return `${header}${stringify(operatorValues(plan), { lineWidth: 0 })}`
}

/** The Helm values of the Tailscale operator chart for this cluster (no secret: the chart reads a Secret). */
export function operatorValues(plan: Plan): Record<string, unknown> {
  const values: Record<string, unknown> = {
    operatorConfig: {
      hostname: `${plan.intent.cluster.name}-operator`,
      defaultTags: [OPERATOR_TAG],
    },
    proxyConfig: { defaultTags: OPERATOR_PROXY_TAG },
  }
  if (plan.intent.tailscale.loginServer !== undefined) values.loginServer = plan.intent.tailscale.loginServer
  return values
}
