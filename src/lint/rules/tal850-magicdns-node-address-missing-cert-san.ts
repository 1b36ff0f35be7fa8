import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml'
import { machineCertSANs } from '../../talos/accessors.ts'
import { defineRule } from '../rule.ts'
import { talhelperNodeInfo } from '../talhelper.ts'
import { appendToSeq, insertIntoMap } from '../yaml-edits.ts'

export default defineRule({
  code: 'TAL850',
  name: 'magicdns-node-address-missing-cert-san',
  topic: 'certs',
  severity: 'error',
  scope: 'target',
  kinds: ['talhelper-node'],
  messages: {
    missing:
      'talosctl reaches node "{{node}}" at the MagicDNS name "{{name}}", which is not in its certSANs: Talos puts node addresses (tailnet IPs included) in the Talos API certificate, but not MagicDNS names, so TLS verification fails',
  },
  fixTitle: 'Add the MagicDNS name to the node’s certSANs',
  fix: 'safe',
  docs: {
    summary: 'A talhelper node reached at a MagicDNS name (*.ts.net) that is not in its certificate SANs.',
    why: 'talhelper writes each node’s ipAddress into talosconfig as the address talosctl connects to; Talos adds every node address (tailnet IPs too) to the Talos API certificate but no MagicDNS name (T13), so a *.ts.net name must be listed in certSANs.',
    invalid: `clusterName: home
endpoint: https://192.168.1.10:6443
nodes:
  - hostname: cp-1
    ipAddress: cp-1.tail1234.ts.net
    controlPlane: true
`,
    valid: `clusterName: home
endpoint: https://192.168.1.10:6443
nodes:
  - hostname: cp-1
    ipAddress: cp-1.tail1234.ts.net
    controlPlane: true
    certSANs:
      - cp-1.tail1234.ts.net
`,
    exampleKind: 'talhelper-node',
  },
  check({ target, report }) {
    const info = talhelperNodeInfo(target)
    if (!info?.ipAddress || !isScalar(info.ipAddress)) return
    const sans = new Set(machineCertSANs(target.documents).entries.map(entry => normalize(entry.value)))
    const missing = String(info.ipAddress.value ?? '')
      .split(',')
      .map(part => part.trim())
      .filter(name => isMagicDnsName(name) && !sans.has(normalize(name)))
    if (missing.length === 0) return
    const main = target.documents[0]!
    const own = info.node.get('certSANs', true) as Node | undefined
    const edits =
      own && isSeq(own)
        ? appendToSeq(main, own, missing)
        : own === undefined && isMap(info.node)
          ? insertIntoMap(main, info.node as YAMLMap as Node, ['certSANs'], missing)
          : undefined
    report({
      at: { source: target.source, node: info.ipAddress },
      messageId: 'missing',
      data: { node: target.hints.node ?? '?', name: missing.join('", "') },
      ...(edits ? { edits } : {}),
    })
  },
})

/** A MagicDNS name: a host under `<tailnet>.ts.net`. */
export function isMagicDnsName(name: string): boolean {
  return /^[a-z0-9-]+(\.[a-z0-9-]+)*\.ts\.net\.?$/i.test(name)
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/\.$/, '')
}
