/**
 * The topology picture: which node advertises what, and which tailnet policy entry lets it. Drawn as
 * SVG (`topologySvg`) and as a Mermaid flowchart (`topologyMermaid`) from one `Topology` value, which
 * `generate` builds from the same plan and policy it writes, so the picture cannot disagree with the
 * bundle.
 * @module
 */
export { topologyMermaid } from './mermaid.ts'
export { topologySvg } from './svg.ts'
export {
  type Approval,
  approvedBy,
  buildTopology,
  describeTopology,
  type RouteEdge,
  type Topology,
  type TopologyNode,
} from './topology.ts'
