/**
 * Where the upstream test oracles live (Talos schemas and patch cases, Tailscale tables, the SARIF
 * schema, talhelper data). Only the conformance suite (`npm run test:conformance`, files under
 * test/conformance/) may call these: `npm test` must pass on a fresh clone that has no ../shared.
 */
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'

const DEFAULT_DIR = new URL('../../../shared/reference/', import.meta.url).pathname

/** The reference directory: $TALSCALE_REFERENCE_DIR, else ../shared/reference beside the repository. */
export function referenceDir(): string {
  const dir = process.env.TALSCALE_REFERENCE_DIR ? resolve(process.env.TALSCALE_REFERENCE_DIR) : DEFAULT_DIR
  if (!existsSync(dir)) {
    throw new Error(
      `The conformance suite needs the upstream reference data, but ${dir} does not exist. ` +
        'Check out the steering repository beside this one (../shared/reference) or set ' +
        'TALSCALE_REFERENCE_DIR to a copy of it.',
    )
  }
  return dir
}

/** Absolute path of a file under the reference directory; fails loudly, naming the path, when it is missing. */
export function referencePath(...parts: string[]): string {
  const path = resolve(referenceDir(), ...parts)
  if (!existsSync(path)) {
    throw new Error(`Reference file ${path} is missing (reference directory: ${referenceDir()}).`)
  }
  return path
}

/** A JSON file under the reference directory, parsed (untyped, like JSON.parse, unless T is given). */
// biome-ignore lint/suspicious/noExplicitAny: reference tables are read field by field, as JSON.parse results are
export function referenceJson<T = any>(...parts: string[]): T {
  return JSON.parse(readFileSync(referencePath(...parts), 'utf8')) as T
}
