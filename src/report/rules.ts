/**
 * What formatters need to know about a rule or a doctor check: the lint `Rule` objects satisfy this
 * shape, and doctor can describe its checks the same way.
 * @module
 */
import type { Severity, Topic } from '../core/finding.ts'

/** Rule metadata used by SARIF (`tool.driver.rules`) and by text output (`help:` lines). */
export interface RuleMetadata {
  code: string
  name: string
  topic: Topic
  severity: Severity
  /** Imperative: what to do. */
  fixTitle?: string
  docs?: {
    summary: string
    why?: string
    invalid?: string
    valid?: string
    references?: readonly string[]
  }
}
