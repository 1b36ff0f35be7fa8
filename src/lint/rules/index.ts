/**
 * The registry: every rule, sorted by code. Explicit on purpose (no file-system discovery), so the
 * bundle has no dynamic imports and the meta-test can compare this list with the files.
 * @module
 */
import type { Rule } from '../rule.ts'
import tal001 from './tal001-unused-ignore.ts'

export const RULES: readonly Rule[] = [tal001]
