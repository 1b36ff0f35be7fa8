/**
 * doctor: diagnosis of live nodes (through talosctl) and of the tailnet (through the Tailscale API).
 * Jobs only: they return findings and plans, the CLI prints.
 * @module
 */
export { DOCTOR_CHECKS, type DoctorCheck, doctorCheck, doctorFinding, doctorRuleMetadata } from './checks.ts'
export { type Expectations, expectationsFromIntent } from './expectations.ts'
export { explainLog } from './explain.ts'
export { diagnoseFleet, type FleetDiagnosis, type FleetOptions, mapBounded } from './fleet.ts'
export {
  diagnoseNode,
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
  classifyFailure,
  parseResourceStream,
  parseServiceInfo,
  type TalosctlFailure,
  type TalosctlOptions,
  type TalosctlResult,
  type TalosctlRunner,
  type TalosResource,
  talosctlRunner,
} from './talosctl.ts'
