/**
 * talscale as a library: the same jobs the CLI runs, returning data instead of printing.
 * @module
 */
export * from './core/errors.ts'
export * from './core/finding.ts'
export * from './factory/index.ts'
export { VERSION } from './version.ts'
