/**
 * The lint job behind `talscale check`, as one import: the run (run.ts), the fix loop
 * (fix-loop.ts) and what they are made of. Re-exports only.
 * @module
 */
export {
  CONFIG_FILE,
  emptyConfig,
  findConfig,
  loadConfig,
  type ProjectConfig,
  type RuleSetting,
} from './config.ts'
export { type DiscoveredFile, discoverAllFiles, discoverFiles, displayPath } from './discover.ts'
export {
  interpolate,
  lintTargets,
  type RunOptions,
  type RunResult,
  runRules,
  startPass,
  type TargetPass,
} from './engine.ts'
export { applyEdits, unifiedDiff } from './fix.ts'
export { type FixResult, fixSources, MAX_FIX_PASSES } from './fix-loop.ts'
export { type Pragma, parsePragmas } from './pragma.ts'
export type { LintTarget, Rule, RuleContext, RuleDocs, TargetKind } from './rule.ts'
export { defineRule } from './rule.ts'
export { RULES } from './rules/index.ts'
export {
  type LintInput,
  type LintOptions,
  type LintResult,
  lintSources,
  selectRules,
} from './run.ts'
export {
  detectInputKind,
  type InputKind,
  parseInstallerImage,
  targetFromSource,
  targetFromText,
} from './targets.ts'
export { readCredentialCandidates } from './text-files.ts'
