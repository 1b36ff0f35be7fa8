import { endpointHost, machineCertSANs } from '../../talos/accessors.ts'
import { defineRule } from '../rule.ts'
import { type TalosconfigEndpoint, talosconfigEndpoints } from '../talosconfig.ts'
import { isMagicDnsName } from './tal850-magicdns-node-address-missing-cert-san.ts'

type Fact = { endpoints: readonly TalosconfigEndpoint[] } | { sans: string[] } | undefined

const normalize = (name: string) => name.toLowerCase().replace(/\.$/, '')

export default defineRule<'missing', Fact>({
  code: 'TAL852',
  name: 'talosconfig-magicdns-endpoint-missing-cert-san',
  topic: 'certs',
  severity: 'warning',
  scope: 'project',
  kinds: ['talosconfig', 'machine-config', 'rendered', 'talhelper-node'],
  messages: {
    missing:
      'talosconfig context "{{context}}" dials endpoint "{{host}}", a MagicDNS name that no control plane of this run lists in machine.certSANs: Talos puts node addresses in the Talos API certificate, not MagicDNS names, so talosctl through this endpoint fails TLS verification',
  },
  fixTitle: 'Add the MagicDNS name to machine.certSANs of the control plane nodes (or dial their tailnet IP)',
  fix: 'none',
  docs: {
    summary:
      'A talosconfig endpoint that is a MagicDNS name (*.ts.net) none of the checked control planes has in machine.certSANs.',
    why: 'talosctl verifies the Talos API certificate against the endpoint it dials; Talos adds every node address (tailnet IPs included) to that certificate but no MagicDNS name (T13), so an endpoint like cp-1.tail1234.ts.net works only when machine.certSANs lists it. Judged only when the run holds control plane configs to compare with.',
    exampleKind: 'talosconfig',
    invalid: `context: home
contexts:
  home:
    endpoints:
      - cp-1.tail1234.ts.net
---
machine:
  type: controlplane
  certSANs:
    - 192.168.1.10
`,
    valid: `context: home
contexts:
  home:
    endpoints:
      - cp-1.tail1234.ts.net
---
machine:
  type: controlplane
  certSANs:
    - cp-1.tail1234.ts.net
`,
  },
  collect({ target }) {
    if (target.kind === 'talosconfig') return { endpoints: talosconfigEndpoints(target) }
    if (target.role !== 'controlplane' || !target.complete) return undefined
    return { sans: machineCertSANs(target.documents).entries.map(entry => normalize(entry.value)) }
  },
  check({ targets, facts, report }) {
    const planes: string[][] = []
    const configs: TalosconfigEndpoint[][] = []
    for (const target of targets) {
      const fact = facts?.get(target)
      if (!fact) continue
      if ('sans' in fact) planes.push(fact.sans)
      else configs.push([...fact.endpoints])
    }
    // Without a control plane config in the run there is nothing to compare with.
    if (planes.length === 0) return
    for (const endpoints of configs) {
      for (const endpoint of endpoints) {
        const host = endpointHost(endpoint.value)
        if (!host || !isMagicDnsName(host)) continue
        if (planes.some(sans => sans.includes(normalize(host)))) continue
        const source = targets.find(target => talosconfigEndpoints(target).includes(endpoint))?.source
        if (!source) continue
        report({
          at: { source, node: endpoint.node },
          messageId: 'missing',
          data: { context: endpoint.context, host },
        })
      }
    }
  },
})
