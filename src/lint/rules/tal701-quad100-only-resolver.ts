import { isMap, isScalar, isSeq, type Node } from 'yaml'
import { MAIN_KIND, nodeAt, sourceOfNode, type TalosDocument } from '../../talos/documents.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'

const QUAD100 = new Set(['100.100.100.100', 'fd7a:115c:a1e0::53'])

export default defineRule({
  code: 'TAL701',
  name: 'quad100-only-resolver',
  topic: 'dns',
  severity: 'warning',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    only: "the only host resolver is MagicDNS ({{address}}), which answers only once Tailscale is up: image pulls, time sync and Tailscale's own login need DNS before that, so the node cannot bootstrap",
  },
  fixTitle: 'Keep a LAN or public resolver for the host; forward only ts.net to 100.100.100.100 from CoreDNS',
  fix: 'none',
  docs: {
    summary: 'Finds host resolver lists that contain only the MagicDNS address 100.100.100.100.',
    why: 'Talos resolves names for itself long before the tailscale extension starts, and the extension itself needs DNS to reach the control server, so a resolver that only exists inside the tailnet deadlocks the boot (T10).',
    invalid: `machine:
  network:
    nameservers:
      - 100.100.100.100
`,
    valid: `machine:
  network:
    nameservers:
      - 192.168.1.1
      - 100.100.100.100
`,
  },
  check(context) {
    for (const doc of context.target.documents) {
      if (doc.kind === MAIN_KIND)
        judge(doc, nodeAt(doc, ['machine', 'network', 'nameservers']), false, context.report)
      else if (doc.kind === 'ResolverConfig') judge(doc, nodeAt(doc, ['nameservers']), true, context.report)
    }
  },
})

function judge(
  doc: TalosDocument,
  list: Node | undefined,
  objects: boolean,
  report: (d: {
    at: { source: ReturnType<typeof sourceOfNode>; node: Node }
    messageId: 'only'
    data: Record<string, string>
  }) => void,
): void {
  if (!list || !isSeq(list) || list.items.length === 0) return
  const addresses: Array<{ node: Node; value: string }> = []
  for (const item of list.items) {
    const node = objects && isMap(item) ? (item.get('address', true) as Node | undefined) : (item as Node)
    if (!node || !isScalar(node) || typeof node.value !== 'string') return
    addresses.push({ node, value: node.value })
  }
  if (!addresses.every(a => QUAD100.has(a.value))) return
  const first = addresses[0]!
  report({
    at: { source: sourceOfNode(doc, first.node), node: first.node },
    messageId: 'only',
    data: { address: first.value },
  })
}
