/**
 * The MTUs a node's links are configured with: `machine.network.interfaces[].mtu` (v1alpha1) and
 * the `mtu` of the v1.12+ link documents.
 * @module
 */
import { isMap, isScalar, isSeq } from 'yaml'
import { MAIN_KIND, nodeAt, type TalosDocument, valueAt } from '../../../talos/documents.ts'

const LINK_KINDS = new Set(['LinkConfig', 'BondConfig', 'VLANConfig', 'BridgeConfig', 'DummyLinkConfig'])

/** Every explicitly configured link MTU, with the link's name when known. */
export function linkMtus(documents: readonly TalosDocument[]): Array<{ link: string; mtu: number }> {
  const out: Array<{ link: string; mtu: number }> = []
  for (const doc of documents) {
    if (doc.kind === MAIN_KIND) {
      const interfaces = nodeAt(doc, ['machine', 'network', 'interfaces'])
      if (!interfaces || !isSeq(interfaces)) continue
      for (const item of interfaces.items) {
        if (!isMap(item)) continue
        const mtu = item.get('mtu', true)
        const name = item.get('interface', true)
        if (isScalar(mtu) && typeof mtu.value === 'number')
          out.push({ link: isScalar(name) ? String(name.value) : 'an interface', mtu: mtu.value })
      }
    } else if (LINK_KINDS.has(doc.kind)) {
      const mtu = valueAt(doc, ['mtu'])
      if (typeof mtu === 'number') out.push({ link: doc.name ?? doc.kind, mtu })
    }
  }
  return out
}
