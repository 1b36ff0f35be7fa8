/**
 * Globals Node code in the library relies on, for the browser page: esbuild injects these where a
 * module uses the free name (`Buffer.byteLength` in the source size limit, for one).
 * @module
 */
export { Buffer } from 'buffer'
