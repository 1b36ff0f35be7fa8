/**
 * talscale as a library: the same jobs the CLI runs, returning data instead of printing.
 * @module
 */
export { type Clock, fixedClock, systemClock } from './core/clock.ts'
export * from './core/errors.ts'
export * from './core/finding.ts'
export { redactSecrets } from './core/secrets.ts'
export { LIMITS, parseSource, readSource, type SourceFile, sourceFromText } from './core/source.ts'
export {
  DOCTOR_CHECKS,
  type DoctorCheck,
  diagnoseFleet,
  diagnoseNode,
  diagnoseTailnet,
  type Expectations,
  expectationsFromIntent,
  explainLog,
  type FleetDiagnosis,
  type NodeDiagnosis,
  type NodeExpectation,
  planApproveRoutes,
  planPrune,
  type TailnetNode,
  type TalosctlRunner,
  talosctlRunner,
} from './doctor/index.ts'
export * from './factory/index.ts'
export {
  type Bundle,
  type BundleFile,
  checkBundle,
  type DriftResult,
  type GenerateOptions,
  generateBundle,
  isClean,
  type WriteResult,
  writeBundle,
  writeSecretFile,
} from './generate/index.ts'
export {
  type Approval,
  buildTopology,
  describeTopology,
  type RouteEdge,
  type Topology,
  type TopologyNode,
  topologyMermaid,
  topologySvg,
} from './graph/index.ts'
export {
  EXAMPLE_NAMES,
  getExample,
  type Intent,
  type IntentInput,
  type IntentIssue,
  IntentSchema,
  IntentValidationError,
  type LoadedIntent,
  loadIntent,
  resolveSecret,
  type SecretRef,
} from './intent/index.ts'
export {
  defineRule,
  type FixResult,
  fixSources,
  type LintInput,
  type LintOptions,
  type LintResult,
  type LintTarget,
  lintSources,
  RULES,
  type Rule,
} from './lint/index.ts'
export {
  applyPatches,
  loadPatch,
  loadPatches,
  type Patch,
  type PatchInput,
  type RenderOptions,
  type RenderResult,
  renderNode,
  renderText,
} from './render/index.ts'
export {
  formatFindings,
  REPORT_FORMATS,
  type ReportFormat,
  type ReportOptions,
  type RuleMetadata,
} from './report/index.ts'
export {
  type ApiCredentials,
  credentialsFromEnv,
  type Device,
  TailscaleApi,
  TailscaleApiError,
} from './tailscale/api.ts'
export { classifyLine, classifyLog, diagnoseLog, type LogMatch } from './tailscale/logs.ts'
export { VERSION } from './version.ts'
