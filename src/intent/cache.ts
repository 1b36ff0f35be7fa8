/**
 * The intent loader as the lint graph sees it: cached per source, and provided by src/intent/load.ts
 * when that module is imported. Lint imports this module, never load.ts, so `check` of a repository
 * without an intent file does not load the schema (zod), which costs more start-up time than the
 * rest of a small check. `check` imports load.ts before linting when an input may be an intent file;
 * the library entry imports it always.
 * @module
 */
import { InputError } from '../core/errors.ts'
import type { SourceFile } from '../core/source.ts'
import type { LoadedIntent } from './load.ts'

type Loader = (source: SourceFile) => LoadedIntent

let loader: Loader | undefined

/** Called by src/intent/load.ts when it is imported. */
export function provideIntentLoader(load: Loader): void {
  loader = load
}

/** Thrown when an intent file is met before src/intent/load.ts was imported: import it, run again. */
export class IntentLoaderMissing extends Error {
  constructor() {
    super('the intent loader (src/intent/load.ts) was not imported before an intent file was read')
  }
}

/** loadIntent (throws InputError for an invalid intent); IntentLoaderMissing before it is provided. */
export function loadIntentNow(source: SourceFile): LoadedIntent {
  if (!loader) throw new IntentLoaderMissing()
  return loader(source)
}

const loadCache = new WeakMap<SourceFile, LoadedIntent | null>()

/**
 * loadIntent for lint rules: cached per source (ten rules share one parse), and undefined instead
 * of an error, because `check` reports invalid intents as input errors before rules run.
 */
export function loadIntentCached(source: SourceFile): LoadedIntent | undefined {
  let loaded = loadCache.get(source)
  if (loaded === undefined) {
    try {
      loaded = loadIntentNow(source)
    } catch (error) {
      if (!(error instanceof InputError)) throw error
      loaded = null
    }
    loadCache.set(source, loaded)
  }
  return loaded ?? undefined
}
