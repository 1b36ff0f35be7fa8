/** The package version, injected at build time; `0.0.0-dev` when running from source. */
declare const __TALSCALE_VERSION__: string | undefined

export const VERSION: string = typeof __TALSCALE_VERSION__ === 'string' ? __TALSCALE_VERSION__ : '0.0.0-dev'
