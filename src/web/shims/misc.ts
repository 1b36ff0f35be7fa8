/**
 * node:url, node:os, node:child_process, node:module and the like in the browser page: present so
 * the bundle links, failing clearly if a code path the page never takes is reached.
 * @module
 */
function unavailable(name: string): () => never {
  return () => {
    throw new Error(`${name} is not available in the browser page`)
  }
}
export const pathToFileURL = (path: string) => new URL(`file://${path}`)
export const fileURLToPath = (url: string | URL) => new URL(url).pathname
export const homedir = () => '/'
export const tmpdir = () => '/tmp'
export const platform = () => 'browser'
export const EOL = '\n'
export const execFile = unavailable('execFile')
export const spawn = unavailable('spawn')
export const spawnSync = unavailable('spawnSync')
export const createRequire = unavailable('createRequire')
export default { pathToFileURL, fileURLToPath, homedir, tmpdir, platform, EOL, execFile, spawn, spawnSync }
