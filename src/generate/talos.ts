/**
 * The Talos patch files of the bundle: one for all nodes, one per role, one per node, each holding
 * only Talos documents in the forms of the target version (T18). Every document carries the
 * reasons it is there, written as comments above it and collected for the README.
 * @module
 */
import { Document } from 'yaml'
import { formatEnvironment, tailscaleEnvironment } from '../tailscale/env.ts'
import { DEFAULT_TUN_MTU } from '../tailscale/mtu.ts'
import { KUBERNETES_API_PORT, TALOS_API_PORT } from '../tailscale/policy.ts'
import {
  coreDnsDocuments,
  etcdDocuments,
  extensionServiceConfigDocument,
  type FirewallRule,
  FORM_SINCE,
  firewallDefaultDocument,
  firewallRuleDocument,
  hasForm,
  IPV6_FORWARDING_SYSCTL,
  installImageDocuments,
  isMainDocument,
  kubernetesCertSanDocuments,
  kubeSpanDocuments,
  mergeMain,
  nodeIpDocuments,
  type PlainDocument,
  sysctlDocuments,
  talosCertSanDocuments,
} from '../talos/forms.ts'
import { TAILNET_IPV4, TAILNET_IPV6 } from '../talos/net.ts'
import { CONTRACT_MARKER, formatRelease, formatTalosMinor } from '../talos/version.ts'
import { corednsManifest } from './kubernetes.ts'
import type { NodePlan, Plan } from './plan.ts'

/** A document with the reasons it is there. */
export interface Explained {
  doc: PlainDocument
  /** Short name of the setting, used as the README table key. */
  setting: string
  why: string
}

/** One patch file before serialisation. */
export interface PatchFile {
  /** Path inside the bundle, e.g. `talos/nodes/cp-1.yaml`. */
  path: string
  /** What the file is for, written under the generated-by header. */
  purpose: string
  /** The config contract, when older than the release the nodes run (`--config-contract`). */
  contract?: string
  items: Explained[]
}

/** A reason collected for the README: which setting, where, why. */
export interface SettingReason {
  setting: string
  where: string
  why: string
}

const KUBELET_PORT = 10250
const TRUSTD_PORT = 50001
const ETCD_PORTS = '2379-2380'
const FLANNEL_VXLAN_PORT = 4789
const KUBESPAN_PORT = 51820
const ANYWHERE = ['0.0.0.0/0', '::/0']

/** Builds every Talos patch file for the plan. `installerFor` names each node's installer image. */
export function talosPatchFiles(plan: Plan, installerFor: (node: NodePlan) => string): PatchFile[] {
  const { intent, contract: version } = plan
  const lan = intent.cluster.lanSubnets
  const block = intent.cluster.firewall === 'block'
  const tailnet = [TAILNET_IPV4, TAILNET_IPV6]

  const all: Explained[] = []
  for (const doc of nodeIpDocuments(version, lan)) {
    all.push({
      doc,
      setting: 'kubelet node IP pinned to the LAN',
      why: 'Kubelet picks the first routed address in sort order, and 100.64.0.0/10 sorts before 172.16/12 and 192.168/16: without the pin a node switches to its tailnet IP (T12).',
    })
  }
  if (intent.cluster.kubespan) {
    for (const doc of kubeSpanDocuments(version, plan.version)) {
      all.push({
        doc,
        setting: 'KubeSpan with tailnet filters',
        why: `KubeSpan would advertise the 100.x address as a WireGuard endpoint and route peers' tailnet addresses; the filters keep ${TAILNET_IPV4} and ${TAILNET_IPV6} out (T9)${hasForm(plan.version, 'excludeAdvertisedNetworks') ? '' : `; excludeAdvertisedNetworks needs Talos ${formatRelease(FORM_SINCE.excludeAdvertisedNetworks)}`}. Apply on all nodes alike.`,
      })
    }
  }
  if (block) {
    all.push({
      doc: firewallDefaultDocument('block'),
      setting: 'ingress firewall: block by default',
      why: 'Asked for in the intent (cluster.firewall: block). tailscale0 is not a trusted interface, so the rules below are needed (T17).',
    })
    const rules: Array<[FirewallRule, string]> = [
      [
        { name: 'apid-ingress', protocol: 'tcp', ports: [TALOS_API_PORT], subnets: [...lan, ...tailnet] },
        'Talos API from the LAN and from the tailnet: with the firewall blocking, talosctl over Tailscale needs this rule (T17).',
      ],
      [
        { name: 'kubelet-ingress', protocol: 'tcp', ports: [KUBELET_PORT], subnets: lan },
        'Kubelet API from the cluster LAN, as the Talos ingress-firewall guide recommends.',
      ],
      [
        { name: 'cni-vxlan', protocol: 'udp', ports: [FLANNEL_VXLAN_PORT], subnets: lan },
        'Flannel (the Talos default CNI) VXLAN between nodes; block mode also blocks encapsulated traffic. Other CNIs need their own port.',
      ],
    ]
    if (intent.cluster.kubespan) {
      rules.push([
        { name: 'kubespan-wireguard', protocol: 'udp', ports: [KUBESPAN_PORT], subnets: ANYWHERE },
        'KubeSpan WireGuard (UDP 51820) from peers; the kubespan interface itself is trusted, its underlay is not (T9, T17).',
      ])
    }
    for (const [rule, why] of rules) {
      all.push({ doc: firewallRuleDocument(rule), setting: `firewall rule ${rule.name}`, why })
    }
  }

  const controlplane: Explained[] = []
  for (const doc of etcdDocuments(version, lan)) {
    controlplane.push({
      doc,
      setting: 'etcd advertised subnets pinned to the LAN',
      why: 'etcd advertises the first routed address unless pinned, which becomes the tailnet IP on 192.168/172.16 LANs (T12).',
    })
  }
  const coredns = corednsManifest(plan)
  if (coredns !== undefined) {
    for (const doc of coreDnsDocuments(version, coredns)) {
      controlplane.push({
        doc,
        setting: 'CoreDNS forwarding the tailnet domain',
        why: `Talos's CoreDNS has a fixed Corefile with no import, and talosctl upgrade-k8s re-applies it, so a forward added by hand does not last. Talos's CoreDNS is turned off and the same CoreDNS (same names, Service address and image) is deployed as an inline manifest whose Corefile also forwards ${plan.intent.tailscale.tailnetDomain} to 100.100.100.100; Talos applies it and upgrade-k8s keeps it (kubernetes/coredns.yaml is a readable copy).`,
      })
    }
  }
  if (block) {
    const cpAddresses = plan.nodes
      .filter(node => node.node.role === 'controlplane')
      .map(node => `${node.node.address}/${node.node.address.includes(':') ? 128 : 32}`)
    const rules: Array<[FirewallRule, string]> = [
      [
        { name: 'trustd-ingress', protocol: 'tcp', ports: [TRUSTD_PORT], subnets: lan },
        'trustd issues certificates to joining nodes over the LAN.',
      ],
      [
        {
          name: 'kubernetes-api-ingress',
          protocol: 'tcp',
          ports: [KUBERNETES_API_PORT],
          subnets: [...lan, ...tailnet],
        },
        'Kubernetes API from the LAN and from the tailnet (the tailnet policy grants admins tcp:6443) (T17).',
      ],
      [
        { name: 'etcd-ingress', protocol: 'tcp', ports: [ETCD_PORTS], subnets: cpAddresses },
        'etcd client and peer ports between control planes only.',
      ],
    ]
    for (const [rule, why] of rules) {
      controlplane.push({ doc: firewallRuleDocument(rule), setting: `firewall rule ${rule.name}`, why })
    }
  }

  const files: PatchFile[] = [
    { path: 'talos/all.yaml', purpose: 'Settings for every node.', items: all },
    { path: 'talos/controlplane.yaml', purpose: 'Settings for control-plane nodes.', items: controlplane },
    { path: 'talos/worker.yaml', purpose: 'Settings for worker nodes.', items: [] },
  ]
  for (const node of plan.nodes) {
    files.push({
      path: nodePatchPath(node),
      purpose: `Settings for node ${node.node.hostname} (${node.node.role}, ${node.node.address}).`,
      items: nodeItems(plan, node, installerFor(node)),
    })
  }
  if (version.minor !== plan.version.minor) {
    for (const file of files) file.contract = formatTalosMinor(version)
  }
  return files
}

/** Where a node's patch lives in the bundle. */
export function nodePatchPath(node: NodePlan): string {
  return `talos/nodes/${node.node.hostname}.yaml`
}

function nodeItems(plan: Plan, node: NodePlan, installer: string): Explained[] {
  const { contract: version, intent } = plan
  const items: Explained[] = []
  for (const doc of installImageDocuments(version, installer, node.installDisk)) {
    items.push({
      doc,
      setting:
        node.installDisk === undefined ? 'install image from the Image Factory' : 'install image and disk',
      why: node.tailscale
        ? 'The factory installer of the schematic with siderolabs/tailscale; the default installer has no extensions, so the next upgrade would silently drop Tailscale (T3, T4).'
        : 'The factory installer of the schematic without siderolabs/tailscale: this node does not run Tailscale, and the extension would wait forever for its config.',
    })
    if (node.installDisk !== undefined) {
      const last = items[items.length - 1]!
      last.why += ` The install disk (${typeof node.installDisk === 'string' ? node.installDisk : `the first ${node.installDisk.type} disk`}) comes from the intent: talosctl gen config defaults to /dev/sda, which NVMe and SD-card machines do not have.`
    }
  }
  const ts = node.tailscale
  if (ts?.magicDnsName !== undefined) {
    for (const doc of talosCertSanDocuments(version, [ts.magicDnsName])) {
      items.push({
        doc,
        setting: 'Talos API certSANs: MagicDNS name',
        why: 'Talos adds every node address (tailnet IPs included) to its certificates but not MagicDNS names (T13).',
      })
    }
    if (node.node.role === 'controlplane') {
      for (const doc of kubernetesCertSanDocuments(version, [ts.magicDnsName])) {
        items.push({
          doc,
          setting: 'Kubernetes API certSANs: MagicDNS name',
          why: 'The Kubernetes API certificate gets node addresses automatically, but not MagicDNS names (T13).',
        })
      }
    }
  }
  if (node.needsIpv6Forwarding) {
    for (const doc of sysctlDocuments(version, { [IPV6_FORWARDING_SYSCTL]: '1' })) {
      items.push({
        doc,
        setting: 'IPv6 forwarding',
        why: 'Talos enables net.ipv4.ip_forward but only net.ipv6.conf.default.forwarding; IPv6 routes and exit nodes need conf.all.forwarding (T11).',
      })
    }
  }
  if (ts && intent.cluster.firewall === 'block' && ts.env.port !== undefined) {
    items.push({
      doc: firewallRuleDocument({
        name: 'tailscale-udp',
        protocol: 'udp',
        ports: [ts.env.port],
        subnets: ANYWHERE,
      }),
      setting: 'firewall rule tailscale-udp',
      why: 'Direct WireGuard connections from tailnet peers arrive on the pinned UDP port from their public or LAN addresses; the port is pinned so this rule can name it (T8, T17).',
    })
  }
  if (ts) {
    const env = tailscaleEnvironment(ts.env)
    items.push({
      doc: extensionServiceConfigDocument('tailscale', formatEnvironment(env)),
      setting: 'ExtensionServiceConfig tailscale',
      why: [
        'The extension waits forever without a config named exactly tailscale (T4, T5). TS_AUTHKEY is added at apply time from the reference, never written here.',
        ...env.map(entry => `${entry.name}: ${entry.why}`),
        ...(ts.env.mtu === undefined || ts.env.mtu === DEFAULT_TUN_MTU
          ? [
              "TS_DEBUG_MTU: not set: tailscaled's default 1280 fits every path; set tailscale.mtu only for a path MTU you have measured (T14).",
            ]
          : []),
      ].join('\n'),
    })
  }
  return items
}

/** The header every generated YAML file starts with. */
export function yamlHeader(lines: readonly string[]): string {
  return `${[
    'Generated by talscale, do not edit: change talscale.yaml and run `talscale generate`.',
    ...lines,
  ]
    .map(line => (line === '' ? '#' : `# ${line}`))
    .join('\n')}\n`
}

/** Serialises a patch file: header, then each document with its reasons as comments. */
export function renderPatchFile(file: PatchFile): string {
  const header = yamlHeader(
    file.contract === undefined
      ? [file.purpose]
      : [
          file.purpose,
          `${CONTRACT_MARKER} ${file.contract} (document forms of \`talosctl gen config --talos-version ${file.contract}\`; talscale check reads this line)`,
        ],
  )
  const docs = explainedDocuments(file.items)
  if (docs.length === 0) {
    return `${header}#\n# Nothing to set here for this bundle; apply.sh does not pass this file.\n`
  }
  const body = docs
    .map(({ doc, why }) => {
      const document = new Document(doc)
      document.commentBefore = why.map(line => ` ${line}`).join('\n')
      return document.toString({ lineWidth: 0, indent: 2, indentSeq: true })
    })
    .join('---\n')
  return `${header}${body}`
}

/** True when the file holds at least one document (an empty patch is not passed to talosctl). */
export function hasDocuments(file: PatchFile): boolean {
  return file.items.length > 0
}

// Main-document fragments fold into one document (a patch holds at most one) whose comment
// lists every reason; typed documents keep their own.
function explainedDocuments(items: readonly Explained[]): Array<{ doc: PlainDocument; why: string[] }> {
  const mainItems = items.filter(item => isMainDocument(item.doc))
  const out: Array<{ doc: PlainDocument; why: string[] }> = []
  if (mainItems.length > 0) {
    const [main] = mergeMain(mainItems.map(item => item.doc))
    out.push({ doc: main!, why: mainItems.flatMap(item => reasonLines(item)) })
  }
  for (const item of items) {
    if (!isMainDocument(item.doc)) out.push({ doc: item.doc, why: reasonLines(item) })
  }
  return out
}

function reasonLines(item: Explained): string[] {
  const [first = '', ...rest] = item.why.split('\n')
  return [`${item.setting}: ${first}`, ...rest.map(line => `  ${line}`)]
}

/** Reasons for the README, one row per setting and file group (service variables get their own rows). */
export function settingReasons(files: readonly PatchFile[]): SettingReason[] {
  const rows = new Map<string, { setting: string; why: string; where: string }>()
  const add = (setting: string, why: string, where: string) => {
    const key = `${setting}\u0000${where}`
    if (!rows.has(key)) rows.set(key, { setting, why, where })
  }
  for (const file of files) {
    const where = file.path.startsWith('talos/nodes/') ? 'talos/nodes/*.yaml' : file.path
    for (const item of file.items) {
      const [first = '', ...rest] = item.why.split('\n')
      add(item.setting, first, where)
      for (const line of rest) {
        const match = /^(TS_[A-Z_]+): (.*)$/.exec(line)
        if (match) add(`${item.setting}: ${match[1]}`, match[2]!, where)
      }
    }
  }
  return [...rows.values()]
}

/**
 * A copy of a v1alpha1 document without `machine.install.image` (and without the sections that
 * leaves empty), or undefined when nothing else is left: the talhelper and Omni targets write the
 * installer image themselves (talosImageURL, the Omni schematic), so the patches must not pin it.
 */
export function withoutMainInstallImage(doc: PlainDocument): PlainDocument | undefined {
  const copy = JSON.parse(JSON.stringify(doc)) as { machine?: { install?: Record<string, unknown> } }
  if (copy.machine?.install) {
    delete copy.machine.install.image
    if (Object.keys(copy.machine.install).length === 0) delete copy.machine.install
    if (Object.keys(copy.machine).length === 0) delete copy.machine
  }
  return Object.keys(copy).length === 0 ? undefined : (copy as PlainDocument)
}
