/**
 * Shared by TAL902 and TAL903: where a finding about a `machine.network.kubespan` block points.
 * @module
 */
import type { KubeSpanSetting } from '../../../talos/accessors.ts'
import { nodeAt, sourceOfNode } from '../../../talos/documents.ts'
import { missingAt } from '../../locations.ts'
import type { LintTarget, Location } from '../../rule.ts'

/** The block's `machine.network.kubespan` key, or the block's node when the key is not found. */
export function atKubeSpanBlock(target: LintTarget, block: KubeSpanSetting['blocks'][number]): Location {
  const at = missingAt({ ...target, documents: [block.doc] }, 'v1alpha1', ['machine', 'network', 'kubespan'])
  const node = nodeAt(block.doc, block.path)
  return at ?? { source: sourceOfNode(block.doc, node), node: node ?? null }
}
