/** CoreDNS that really forwards the tailnet domain and survives upgrade-k8s (issue 12 item 7). */
import { describe, expect, it } from 'vitest'
import { parse, parseAllDocuments } from 'yaml'
import { generateBundle } from '../../src/generate/index.ts'
import { dnsServiceIp } from '../../src/generate/kubernetes.ts'
import { loadExample } from '../../src/intent/examples.ts'

describe('CoreDNS is taken over declaratively on the control planes', () => {
  it('v1.14: KubeCoreDNSConfig off and the CoreDNS as a KubeInlineManifestConfig', () => {
    const bundle = generateBundle(loadExample('homelab').intent)
    const docs = parseAllDocuments(bundle.files.get('talos/controlplane.yaml')!.content).map(d => d.toJS())
    expect(docs).toContainEqual({ apiVersion: 'v1alpha1', kind: 'KubeCoreDNSConfig', enabled: false })
    const inline = docs.find(doc => doc.kind === 'KubeInlineManifestConfig')
    expect(inline.name).toBe('talscale-coredns')
    const objects = parseAllDocuments(inline.manifest as string).map(d => d.toJS())
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/coredns',
      'ClusterRole/system:coredns',
      'ClusterRoleBinding/system:coredns',
      'ConfigMap/coredns',
      'Deployment/coredns',
      'Service/kube-dns',
    ])
    const corefile = objects.find(o => o.kind === 'ConfigMap').data.Corefile as string
    expect(corefile).toContain('kubernetes cluster.local in-addr.arpa ip6.arpa {')
    expect(corefile).toMatch(
      /tail1234\.ts\.net:53 \{\n {4}errors\n {4}cache 30\n {4}forward \. 100\.100\.100\.100\n\}/,
    )
    expect(objects.find(o => o.kind === 'Service').spec.clusterIP).toBe('10.96.0.10')
    expect(objects.find(o => o.kind === 'Deployment').spec.template.spec.containers[0].image).toBe(
      'registry.k8s.io/coredns/coredns:v1.14.6',
    )
    // Workers get nothing: inline manifests and the CoreDNS switch are control-plane settings.
    expect(bundle.files.get('talos/worker.yaml')!.content).not.toContain('CoreDNS')
    // The readable copy is the same manifest.
    expect(bundle.files.get('kubernetes/coredns.yaml')!.content).toContain(inline.manifest.split('\n')[0])
    expect(bundle.files.has('kubernetes/coredns-tailnet.yaml')).toBe(false)
    expect(bundle.files.get('README.md')!.content).toContain('upgrade-k8s keeps them')
  })

  it('v1.13: cluster.coreDNS.disabled and cluster.inlineManifests, with that release’s CoreDNS image', () => {
    const bundle = generateBundle(loadExample('homelab').intent, { talosVersion: 'v1.11.6' })
    const main = parse(bundle.files.get('talos/controlplane.yaml')!.content.split('\n---\n')[0]!)
    expect(main.cluster.coreDNS).toEqual({ disabled: true })
    expect(main.cluster.inlineManifests.map((m: { name: string }) => m.name)).toEqual(['talscale-coredns'])
    expect(main.cluster.inlineManifests[0].contents).toContain('registry.k8s.io/coredns/coredns:v1.12.4')
  })

  it('no tailnet domain, no CoreDNS takeover', () => {
    const bundle = generateBundle(loadExample('single-node').intent)
    expect(bundle.files.get('talos/controlplane.yaml')!.content).not.toContain('CoreDNS')
    expect(bundle.files.has('kubernetes/coredns.yaml')).toBe(false)
  })

  it('kube-dns sits at the 10th address of the service subnet, as kubelet expects', () => {
    expect(dnsServiceIp('10.96.0.0/12')).toBe('10.96.0.10')
    expect(dnsServiceIp('10.43.0.0/16')).toBe('10.43.0.10')
    expect(dnsServiceIp('fd00:10:96::/112')).toBe('fd00:10:96::a')
  })
})
