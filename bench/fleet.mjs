/**
 * Synthetic fleets for the benchmark: an intent file with N nodes, and N realistic user machine
 * configs of the kind people keep in cluster repos (gen-config output plus a Tailscale patch, some
 * with the classic defects), so `check` has real work to do on each.
 */

/** Address of node `i` inside 172.16.0.0/16 (room for 65k nodes; a LAN that sorts after 100.64/10). */
export function nodeAddress(i) {
  return `172.16.${Math.floor((i + 10) / 250)}.${((i + 10) % 250) + 1}`
}

/** An intent file with `count` nodes: three control planes, the rest workers, one subnet router. */
export function fleetIntent(count) {
  const lines = [
    'version: 1',
    'cluster:',
    '  name: fleet',
    '  talosVersion: v1.13.9',
    '  endpoint: https://172.16.0.11:6443',
    '  lanSubnets: [172.16.0.0/16]',
    'image:',
    '  platform: metal',
    '  arch: amd64',
    'tailscale:',
    '  auth:',
    '    authKey: { env: TS_AUTHKEY }',
    '  tags: [tag:talos]',
    '  tailnetDomain: tail0fleet.ts.net',
    'nodes:',
  ]
  for (let i = 0; i < count; i++) {
    lines.push(`  - hostname: node-${String(i).padStart(5, '0')}`)
    lines.push(`    role: ${i < 3 ? 'controlplane' : 'worker'}`)
    lines.push(`    address: ${nodeAddress(i)}`)
    if (i === 3) lines.push('    subnetRouter:', '      routes: [pods, services, lan]')
  }
  return `${lines.join('\n')}\n`
}

/**
 * A machine config as `talosctl gen config` writes it (trimmed of certificates' bulk but with the same
 * structure), with a tailscale ExtensionServiceConfig. Nodes vary (role, VLANs, extra documents) and
 * some carry the defects users really make, each on its own cadence so the mix is realistic:
 * every 7th the daemon flag `--port` in TS_EXTRA_ARGS, no node-IP pin and a duplicated auth key;
 * every 11th a quoted value; every 13th `TS_ACCEPT_DNS=yes`; every 17th the ignored auth.env file;
 * every 19th `TS_KUBE_SECRET`; every 23rd the extensionless generic installer.
 */
export function userMachineConfig(i) {
  const controlplane = i < 3
  const defective = i % 7 === 0
  const address = nodeAddress(i)
  const hostname = `node-${String(i).padStart(5, '0')}`
  const pins = defective
    ? ''
    : `    kubelet:\n        image: ghcr.io/siderolabs/kubelet:v1.34.1\n        nodeIP:\n            validSubnets:\n                - 172.16.0.0/16\n`
  const kubelet = defective ? '    kubelet:\n        image: ghcr.io/siderolabs/kubelet:v1.34.1\n' : pins
  const etcd = controlplane
    ? `    etcd:\n        ca:\n            crt: LS0tLS1CRUdJTiBGQUtFIENFUlRJRklDQVRFLS0tLS0=\n            key: LS0tLS1CRUdJTiBGQUtFIEtFWS0tLS0t\n${defective ? '' : '        advertisedSubnets:\n            - 172.16.0.0/16\n'}`
    : ''
  const extraArgs = defective
    ? '--advertise-tags=tag:talos --port=41641'
    : '--advertise-tags=tag:talos --reset'
  const daemonArgs = defective ? '' : '    - TS_TAILSCALED_EXTRA_ARGS=--port=41641\n'
  const duplicate = defective ? '    - TS_AUTHKEY=$' + '{TS_AUTHKEY_NEW}\n' : ''
  const hostnameEntry = i % 11 === 0 ? `"${hostname}"` : hostname
  const acceptDns = i % 13 === 0 ? '    - TS_ACCEPT_DNS=yes\n' : '    - TS_ACCEPT_DNS=false\n'
  const kubeSecret = i % 19 === 0 ? '    - TS_KUBE_SECRET=tailscale\n' : ''
  const files =
    i % 17 === 0
      ? '    files:\n        - content: |\n            TS_AUTHKEY=$' +
        '{TS_AUTHKEY}\n          permissions: 0o600\n          path: /var/etc/tailscale/auth.env\n          op: create\n'
      : ''
  const installer =
    i % 23 === 0
      ? 'ghcr.io/siderolabs/installer:v1.13.9'
      : 'factory.talos.dev/metal-installer/4a0d65c669d46663f377e7161e50cfd570c401f26fd9e7bda34a0216b6f1922b:v1.13.9'
  const vlans =
    i % 5 === 0
      ? `              vlans:\n                  - vlanId: 20\n                    addresses:\n                        - 10.20.${Math.floor(i / 250) % 250}.${(i % 250) + 1}/16\n                    mtu: 1500\n`
      : ''
  const extra =
    i % 3 === 0
      ? `---\napiVersion: v1alpha1\nkind: HostnameConfig\nhostname: ${hostname}\nauto: off\n---\napiVersion: v1alpha1\nkind: ResolverConfig\nnameservers:\n    - address: 1.1.1.1\n    - address: 9.9.9.9\n`
      : ''
  return `version: v1alpha1
debug: false
persist: true
machine:
    type: ${controlplane ? 'controlplane' : 'worker'}
    token: fake0t.fakefakefakefake
    ca:
        crt: LS0tLS1CRUdJTiBGQUtFIENFUlRJRklDQVRFLS0tLS0=
        key: LS0tLS1CRUdJTiBGQUtFIEtFWS0tLS0t
    certSANs: []
${kubelet}${files}    network:
        hostname: ${hostname}
        interfaces:
            - interface: eth0
              addresses:
                  - ${address}/16
              routes:
                  - network: 0.0.0.0/0
                    gateway: 172.16.0.1
${vlans}    install:
        disk: /dev/sda
        image: ${installer}
        wipe: false
    features:
        rbac: true
        stableHostname: true
        apidCheckExtKeyUsage: true
        diskQuotaSupport: true
        kubePrism:
            enabled: true
            port: 7445
        hostDNS:
            enabled: true
            forwardKubeDNSToHost: true
cluster:
    id: ZmFrZS1jbHVzdGVyLWlkLWZvci1iZW5jaG1hcmtz
    secret: ZmFrZS1jbHVzdGVyLXNlY3JldC1mb3ItYmVuY2g=
    controlPlane:
        endpoint: https://172.16.0.11:6443
    clusterName: fleet
    network:
        dnsDomain: cluster.local
        podSubnets:
            - 10.244.0.0/16
        serviceSubnets:
            - 10.96.0.0/12
    token: fake00.fakefakefakefake
    ca:
        crt: LS0tLS1CRUdJTiBGQUtFIENFUlRJRklDQVRFLS0tLS0=
        key: LS0tLS1CRUdJTiBGQUtFIEtFWS0tLS0t
${etcd}    discovery:
        enabled: true
        registries:
            kubernetes:
                disabled: true
            service: {}
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
    - TS_AUTHKEY=\${TS_AUTHKEY}
${duplicate}    - TS_HOSTNAME=${hostnameEntry}
${acceptDns}${kubeSecret}    - TS_EXTRA_ARGS=${extraArgs}
${daemonArgs}${extra}`
}

/**
 * The other files a cluster repository holds next to machine configs: a talhelper `talconfig.yaml`
 * for up to 50 nodes with its Tailscale patch (in talhelper's docs' form, with the auth.env mistake
 * on one node), a strategic-merge patch, a JSON6902 patch and an Image Factory schematic.
 * Returns `[relative path, content]` pairs.
 */
export function repositoryFiles(count) {
  const nodes = []
  for (let i = 0; i < Math.min(count, 50); i++) {
    nodes.push(`  - hostname: th-${String(i).padStart(3, '0')}`)
    nodes.push(`    ipAddress: ${nodeAddress(i)}`)
    nodes.push(`    controlPlane: ${i < 3}`)
    nodes.push('    installDisk: /dev/sda')
    if (i === 4) {
      nodes.push('    machineFiles:', '      - content: |', '          TS_AUTHKEY=$' + '{TS_AUTHKEY}')
      nodes.push(
        '        permissions: 0o644',
        '        path: /var/etc/tailscale/auth.env',
        '        op: create',
      )
    }
  }
  const talconfig = `clusterName: fleet
talosVersion: v1.13.9
endpoint: https://172.16.0.11:6443
clusterPodNets:
  - 10.244.0.0/16
clusterSvcNets:
  - 10.96.0.0/12
patches:
  - "@./patches/tailscale.yaml"
nodes:
${nodes.join('\n')}
controlPlane:
  schematic:
    customization:
      systemExtensions:
        officialExtensions:
          - siderolabs/tailscale
worker:
  schematic:
    customization:
      systemExtensions:
        officialExtensions:
          - siderolabs/tailscale
          - siderolabs/iscsi-tools
`
  const tailscalePatch =
    `---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=$` +
    `{TS_AUTHKEY}
  - TS_ROUTES=10.244.0.0/16,10.96.0.0/12
  - TS_EXTRA_ARGS=--advertise-tags=tag:talos
`
  const mergePatch = `machine:
  kubelet:
    nodeIP:
      validSubnets:
        - 172.16.0.0/16
  sysctls:
    net.ipv4.ip_forward: "1"
cluster:
  etcd:
    advertisedSubnets:
      - 172.16.0.0/16
`
  const jsonPatch = `- op: add
  path: /machine/network/interfaces/0/mtu
  value: 1500
- op: replace
  path: /cluster/network/cni/name
  value: none
`
  const schematic = `customization:
  extraKernelArgs:
    - net.ifnames=0
  systemExtensions:
    officialExtensions:
      - siderolabs/tailscale
      - siderolabs/iscsi-tools
`
  return [
    ['talhelper/talconfig.yaml', talconfig],
    ['talhelper/patches/tailscale.yaml', tailscalePatch],
    ['patches/node-ip.yaml', mergePatch],
    ['patches/mtu.json6902.yaml', jsonPatch],
    ['schematic.yaml', schematic],
  ]
}
