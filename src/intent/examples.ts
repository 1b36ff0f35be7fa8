/**
 * Built-in intent files: the examples behind `--example NAME` and the template `talscale init`
 * writes. They are commented YAML, because they are what users copy and edit; every comment gives
 * the reason for a setting (the T-numbers are the facts in docs/facts.md).
 * @module
 */
import { UsageError } from '../core/errors.ts'
import { sourceFromText } from '../core/source.ts'
import { type LoadedIntent, loadIntent } from './load.ts'
import { SCHEMA_URL } from './schema-url.ts'

export { SCHEMA_URL }

const MODELINE = `# yaml-language-server: $schema=${SCHEMA_URL}`

const HOMELAB = `${MODELINE}
#
# homelab: three control planes and two workers on one 192.168.1.0/24 LAN. Every node joins the
# tailnet; worker-1 also routes the pod, service and LAN subnets, and the tailnet policy grants the
# admins (generate --admins) those routes, so the whole cluster is reachable over the tailnet.
# Generate the bundle with: talscale generate -c talscale.yaml --out out
version: 1

cluster:
  name: homelab
  # renovate: datasource=docker depName=ghcr.io/siderolabs/installer
  talosVersion: v1.14.0
  # The Kubernetes API. With three control planes a VIP or load balancer is more robust; the
  # first control plane keeps this example self-contained.
  endpoint: https://192.168.1.11:6443
  # kubelet and etcd are pinned to this LAN. Without the pin they pick the first address in sort
  # order, and the tailnet's 100.64.0.0/10 sorts before 192.168.0.0/16 (T12).
  lanSubnets: [192.168.1.0/24]
  # podSubnets and serviceSubnets keep the Talos defaults (10.244.0.0/16, 10.96.0.0/12).
  kubespan: false
  firewall: allow

image:
  platform: metal
  arch: amd64
  # siderolabs/tailscale is always added; list further official extensions here. The order is
  # part of the schematic ID (T1).
  extensions: [siderolabs/iscsi-tools]

tailscale:
  auth:
    # A reference, never the key itself: the value is read at apply time (export TS_AUTHKEY=...).
    # Use a reusable, pre-approved key created with the tags below.
    authKey: { env: TS_AUTHKEY }
  tags: [tag:talos]
  hostname: "{node}"
  # Off (the containerboot default): the nodes keep their own resolvers (T10).
  acceptDns: false
  # Ethernet uplink. TS_DEBUG_MTU stays unset: tailscaled's 1280 fits every path (T14).
  link: ethernet
  # Pinned with --port in TS_TAILSCALED_EXTRA_ARGS (a tailscaled flag, T8), so firewalls can match it.
  port: 41641
  # MagicDNS names <node>.tail1234.ts.net go into certSANs (Talos adds tailnet IPs, not names: T13)
  # and CoreDNS forwards ts.net to 100.100.100.100. Replace with your tailnet's DNS name.
  tailnetDomain: tail1234.ts.net

nodes:
  - { hostname: cp-1, role: controlplane, address: 192.168.1.11 }
  - { hostname: cp-2, role: controlplane, address: 192.168.1.12 }
  - { hostname: cp-3, role: controlplane, address: 192.168.1.13 }
  - hostname: worker-1
    role: worker
    address: 192.168.1.21
    # pods, services and lan expand to the cluster's subnets; the tailnet policy gets
    # autoApprovers for them, so no one has to approve routes by hand.
    subnetRouter:
      routes: [pods, services, lan]
      snat: true
  - { hostname: worker-2, role: worker, address: 192.168.1.22 }
`

const SINGLE_NODE = `${MODELINE}
#
# single-node: one control-plane machine, reachable over the tailnet. To run workloads on it as
# well, set cluster.allowSchedulingOnControlPlanes: true in its Talos config (talscale leaves
# scheduling alone).
version: 1

cluster:
  name: solo
  # renovate: datasource=docker depName=ghcr.io/siderolabs/installer
  talosVersion: v1.14.0
  endpoint: https://192.168.0.50:6443
  # kubelet and etcd stay on the LAN address, not the 100.x tailnet address (T12).
  lanSubnets: [192.168.0.0/24]

# image: metal / amd64 with siderolabs/tailscale (the defaults).

tailscale:
  auth:
    # Read from the environment at apply time; never written into the bundle.
    authKey: { env: TS_AUTHKEY }
  # A tag makes the node key not expire: an untagged node keeps node-key expiry (180 days by
  # default) and drops off the tailnet when it runs out. Use a key created with this tag.
  tags: [tag:talos]
  # Everything else keeps its default: hostname "{node}", acceptDns false (T10), TS_DEBUG_MTU
  # unset (T14), UDP port 41641 pinned as a tailscaled flag (T8), authOnce false (T16).

nodes:
  - hostname: solo
    role: controlplane
    address: 192.168.0.50
`

const EDGE = `${MODELINE}
#
# edge: a Raspberry Pi (arm64, SBC overlay) behind a mobile (LTE/5G) router, enrolled with an OAuth
# client, serving as the tailnet's exit node. The ingress firewall blocks by default.
version: 1

cluster:
  name: edge
  # renovate: datasource=docker depName=ghcr.io/siderolabs/installer
  talosVersion: v1.14.0
  endpoint: https://192.168.8.10:6443
  lanSubnets: [192.168.8.0/24]
  # The Pi boots from its SD card; talosctl gen config would install to /dev/sda.
  installDisk: { type: sd }
  # With block, tailscale0 is not trusted: talscale adds rules that let the tailnet reach the Talos
  # API (50000/tcp) and the Tailscale port, so you are not locked out (T17).
  firewall: block

image:
  platform: metal
  arch: arm64
  # The SBC overlay supplies the board's bootloader and firmware. Schematics are public (T19):
  # never put a secret in overlay options or kernel args.
  overlay:
    name: rpi_generic
    image: siderolabs/sbc-raspberrypi

tailscale:
  auth:
    # OAuth client secret (tskey-client-...) from a file beside this one, mode 0600, not committed.
    oauthClientSecret: { file: secrets/tailscale-oauth-secret }
    # OAuth registers nodes as ephemeral unless told otherwise; an ephemeral node disappears from
    # the tailnet when it goes offline, so talscale writes ephemeral=false (T15).
    ephemeral: false
    preauthorized: true
  # OAuth enrollment requires tags (T15); the tailnet policy gets tagOwners for them.
  tags: [tag:edge]
  hostname: "{cluster}-{node}"
  # Mobile links often have a smaller path MTU than Ethernet. TS_DEBUG_MTU stays unset: tailscaled's
  # default 1280 fits every path; set tailscale.mtu only for a path MTU you measured (T14). With
  # OAuth talscale sets TS_AUTH_ONCE, so a reboot while LTE is down does not crash-loop (T16).
  link: mobile
  port: 41641

nodes:
  - hostname: pi-1
    role: controlplane
    address: 192.168.8.10
    # Exit nodes need IPv6 forwarding for all interfaces, which Talos does not enable by default;
    # talscale adds the sysctl (T11).
    exitNode: true
`

const TEMPLATE = `${MODELINE}
#
# talscale intent file: describe the cluster once, then run
#   talscale generate -c talscale.yaml --out out
# Settings shown commented out are optional and show their default. The reasons behind the
# defaults are the facts T1-T19 in talscale's README ("Why these settings").
version: 1

cluster:
  name: my-cluster                 # DNS label; also the {cluster} hostname placeholder
  # The comment above talosVersion lets Renovate bump it; then regenerate the bundle.
  # renovate: datasource=docker depName=ghcr.io/siderolabs/installer
  talosVersion: v1.14.0            # v1.10 or later; document forms and image names depend on it (T3, T18)
  endpoint: https://192.168.1.11:6443   # Kubernetes API endpoint
  lanSubnets: [192.168.1.0/24]     # kubelet and etcd are pinned here, off the tailnet (T12)
  # podSubnets: [10.244.0.0/16]    # Talos default
  # serviceSubnets: [10.96.0.0/12] # Talos default
  # kubespan: false                # when on, KubeSpan is told to ignore 100.x addresses (T9)
  # firewall: allow                # block: rules for the Talos API and Tailscale port are added (T17)
  # installDisk: /dev/nvme0n1      # or {type: nvme|ssd|hdd|sd}; gen config defaults to /dev/sda

# image:
#   platform: metal                # metal, nocloud, aws, gcp, azure, hcloud, vmware, ...
#   arch: amd64                    # amd64 or arm64
#   secureboot: false
#   extensions: []                 # further official extensions; siderolabs/tailscale is always added
#   extraKernelArgs: []            # schematics are public: never a secret here (T19)
#   overlay:                       # single-board computers, e.g.
#     name: rpi_generic
#     image: siderolabs/sbc-raspberrypi
#     options: {}
#   factory: https://factory.talos.dev   # or a self-hosted Image Factory

tailscale:
  auth:
    authKey: { env: TS_AUTHKEY }   # or { file: PATH }; a plain string works but warns
    # oauthClientSecret: { env: TS_OAUTH_CLIENT_SECRET }   # instead of authKey; needs tags (T15)
    # ephemeral: false             # OAuth only; OAuth's own default is true (T15)
    # preauthorized: true          # OAuth only
  tags: [tag:talos]                # tagged nodes do not expire; required with OAuth (T15)
  # hostname: "{node}"             # placeholders {node}, {cluster}, {role}
  # acceptDns: false               # containerboot's default; on makes host DNS depend on the tailnet (T10)
  # link: ethernet                 # ethernet, pppoe, mobile or overlay: the uplink (documentation only)
  # mtu: 1280                      # instead of link: explicit TS_DEBUG_MTU, a debugging knob (T14)
  # port: 41641                    # pinned tailscaled port (T8); "random" leaves it unpinned
  # loginServer: https://headscale.example.com   # Headscale or another coordination server
  # ssh: false                     # Tailscale SSH
  # authOnce: false                # TS_AUTH_ONCE; always on with OAuth; see T16 before changing flags later
  # tailnetDomain: tail1234.ts.net # MagicDNS names in certSANs (T13) and CoreDNS forwarding
  # operator: false                # hybrid layout: Helm values for the Tailscale Kubernetes operator

nodes:
  - hostname: cp-1                 # DNS label, unique
    role: controlplane             # controlplane or worker
    address: 192.168.1.11          # LAN address inside cluster.lanSubnets
    # platform: metal              # per-node override of image.platform
    # arch: amd64                  # per-node override of image.arch
    # installDisk: /dev/sda        # per-node override of cluster.installDisk
    # tailscale: true              # run Tailscale on this node
    # subnetRouter:
    #   routes: [pods, services, lan]   # names expand to the cluster subnets, or CIDRs
    #   snat: true
    # exitNode: false              # IPv6 forwarding is added for exit nodes (T11)
`

const EXAMPLES = {
  edge: EDGE,
  homelab: HOMELAB,
  'single-node': SINGLE_NODE,
} as const

export type ExampleName = keyof typeof EXAMPLES

/** Names accepted by `--example`, sorted. */
export const EXAMPLE_NAMES: readonly ExampleName[] = Object.keys(EXAMPLES).sort() as ExampleName[]

/** The intent `talscale init` writes without `--example`: every setting, optional ones commented out. */
export const INTENT_TEMPLATE: string = TEMPLATE

/** True when `name` is a built-in example. */
export function isExampleName(name: string): name is ExampleName {
  return Object.hasOwn(EXAMPLES, name)
}

/** The commented YAML text of a built-in example; unknown names are a UsageError listing the names. */
export function getExample(name: string): string {
  if (!isExampleName(name)) {
    throw new UsageError(`there is no built-in example named ${JSON.stringify(name)}.`, {
      hint: `Pick one of: ${EXAMPLE_NAMES.join(', ')}.`,
    })
  }
  return EXAMPLES[name]
}

/** Loads a built-in example as if it were a file named `<example NAME>`. */
export function loadExample(name: string): LoadedIntent {
  return loadIntent(sourceFromText(`<example ${name}>`, getExample(name)))
}
