/**
 * What doctor expects of each node and of the tailnet, derived from the intent file with the same
 * functions `generate` uses (routes expansion, tailnet hostname, schematic ID), so doctor and the
 * generated bundle can never disagree.
 * @module
 */
import { schematicId } from '../factory/schematic.ts'
import { intentSchematic } from '../generate/images.ts'
import { expandRoutes, tailnetHostname } from '../generate/plan.ts'
import type { Intent } from '../intent/schema.ts'
import type { NodeExpectation } from './node.ts'
import type { TailnetNode } from './tailnet.ts'

/** Node and tailnet expectations of an intent. */
export interface Expectations {
  nodes: NodeExpectation[]
  tailnet: TailnetNode[]
}

/** Routes an exit node has approved: the two default routes. */
const EXIT_ROUTES = ['0.0.0.0/0', '::/0']

/** Derives expectations from a validated intent. Nodes without Tailscale are left out. */
export function expectationsFromIntent(intent: Intent): Expectations {
  const withTailscale = schematicId(intentSchematic(intent, true))
  const persistent = intent.tailscale.auth.oauthClientSecret === undefined || !intent.tailscale.auth.ephemeral
  const nodes: NodeExpectation[] = []
  const tailnet: TailnetNode[] = []
  for (const node of intent.nodes) {
    const routes = [
      ...(node.subnetRouter ? expandRoutes(intent, node.subnetRouter.routes) : []),
      ...(node.tailscale && node.exitNode ? EXIT_ROUTES : []),
    ]
    // Nodes without Tailscale run the base schematic and have nothing for doctor to check.
    if (!node.tailscale) continue
    const hostname = tailnetHostname(intent, node)
    const tags = [...intent.tailscale.tags]
    nodes.push({ address: node.address, hostname, schematicId: withTailscale, tags, routes, persistent })
    tailnet.push({ hostname, tags, routes, persistent })
  }
  return { nodes, tailnet }
}
