/**
 * Moved to `src/core/net.ts`; kept only until the last importers are migrated.
 * @module
 */
export * from '../core/net.ts'
