import { clusterEndpoint, endpointHost, machineCertSANs } from '../../talos/accessors.ts'
import { addSetting } from '../facts/edits.ts'
import { atValue } from '../locations.ts'
import { defineRule } from '../rule.ts'
import { appendToSeq } from '../yaml-edits.ts'
import { isMagicDnsName } from './tal850-magicdns-node-address-missing-cert-san.ts'

export default defineRule({
  code: 'TAL851',
  name: 'magicdns-endpoint-missing-cert-san',
  topic: 'certs',
  severity: 'warning',
  scope: 'target',
  kinds: ['machine-config', 'rendered'],
  messages: {
    missing:
      'the cluster endpoint host "{{host}}" is a MagicDNS name missing from machine.certSANs: Talos adds it to the Kubernetes API certificate, but not to the Talos API certificate, so talosctl through that name fails TLS verification',
  },
  fixTitle: 'Add the MagicDNS name to machine.certSANs',
  fix: 'safe',
  docs: {
    summary:
      'A control plane whose cluster endpoint is a MagicDNS name (*.ts.net) that machine.certSANs lacks.',
    why: 'Talos puts the cluster endpoint host into the Kubernetes API certificate by itself, but the Talos API certificate gets only node addresses, the hostname and machine.certSANs (T13); a control plane reached by its MagicDNS name with talosctl needs the name in machine.certSANs. Tailnet IPs need nothing.',
    invalid: `version: v1alpha1
machine:
  type: controlplane
  token: abc.def
cluster:
  controlPlane:
    endpoint: https://cp-1.tail1234.ts.net:6443
`,
    valid: `version: v1alpha1
machine:
  type: controlplane
  token: abc.def
  certSANs:
    - cp-1.tail1234.ts.net
cluster:
  controlPlane:
    endpoint: https://cp-1.tail1234.ts.net:6443
`,
    exampleKind: 'machine-config',
  },
  check({ target, report }) {
    if (target.role !== 'controlplane') return
    const endpoint = clusterEndpoint(target.documents, target.talosVersion)
    const host = endpoint ? endpointHost(endpoint.value) : undefined
    if (!endpoint || !host || !isMagicDnsName(host)) return
    const sans = machineCertSANs(target.documents)
    if (sans.entries.some(entry => entry.value.toLowerCase().replace(/\.$/, '') === host.replace(/\.$/, '')))
      return
    const last = sans.lists.at(-1)
    const edits = last
      ? appendToSeq(last.doc, last.node, [host])
      : addSetting(target, ['machine', 'certSANs'], [host])
    report({ at: atValue(endpoint), messageId: 'missing', data: { host }, ...(edits ? { edits } : {}) })
  },
})
