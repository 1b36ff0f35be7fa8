/**
 * The package version: injected at build time, read from package.json when running from source (tests,
 * tsx), so both report the same version and the schema URL pinned to it is the same.
 */
import { createRequire } from 'node:module'

declare const __TALSCALE_VERSION__: string | undefined

export const VERSION: string =
  typeof __TALSCALE_VERSION__ === 'string'
    ? __TALSCALE_VERSION__
    : (createRequire(import.meta.url)('../package.json') as { version: string }).version
