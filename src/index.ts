/**
 * talscale as a library: the same jobs the CLI runs, returning data instead of printing.
 * @module
 */
export * from './core/errors.ts'
export * from './core/finding.ts'
export * from './factory/index.ts'
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
  formatFindings,
  REPORT_FORMATS,
  type ReportFormat,
  type ReportOptions,
  type RuleMetadata,
} from './report/index.ts'
export { VERSION } from './version.ts'
