/**
 * doctor: diagnosis of live nodes (through talosctl) and of the tailnet (through the Tailscale API).
 * Jobs only: they return findings and plans, the CLI prints.
 * @module
 */
export { DOCTOR_CHECKS, type DoctorCheck, doctorCheck, doctorFinding, doctorRuleMetadata } from './checks.ts'
export { type Expectations, expectationsFromIntent } from './expectations.ts'
export { explainLog } from './explain.ts'
export { diagnoseFleet, diagnoseNode, type FleetDiagnosis, type FleetOptions, mapBounded } from './fleet.ts'
export {
  judgeNode,
  type NodeAnswers,
  type NodeCheckStatus,
  type NodeCoverage,
  type NodeDiagnosis,
  type NodeExpectation,
  type NodeFacts,
} from './node.ts'
export {
  diagnoseTailnet,
  groupDevices,
  type PruneStep,
  planApproveRoutes,
  planPrune,
  type RouteStep,
  type TailnetNode,
  type TailnetOptions,
} from './tailnet.ts'
export {
  attribute,
  classifyCause,
  classifyFailure,
  parseResourceStream,
  parseServiceInfo,
  resourceId,
  type TalosctlFailure,
  type TalosctlOptions,
  type TalosctlOutput,
  type TalosctlResult,
  type TalosctlRunner,
  type TalosctlSpawn,
  type TalosResource,
  talosctlErrors,
  talosctlRunner,
} from './talosctl.ts'
