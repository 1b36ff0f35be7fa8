/**
 * The fake talosctl in-process: a TalosctlSpawn that answers like the fake-talosctl.mjs executable
 * without starting a process, so doctor tests cost no fork per talosctl call.
 */

import { type TalosctlRunner, type TalosctlSpawn, talosctlRunner } from '../../src/doctor/talosctl.ts'
import { fakeTalosctl } from '../fixtures/doctor/fake-talosctl-core.mjs'

export const FIXTURES = new URL('../fixtures/doctor/', import.meta.url).pathname

/** The fake as a spawn function; `env` adds to (and wins over) the environment the runner passes. */
export function fakeSpawn(env: Record<string, string | undefined> = {}): TalosctlSpawn {
  return async (_file, argv, options) => {
    const result = fakeTalosctl(argv, { ...options.env, ...env })
    return { code: result.code, stdout: result.stdout, stderr: result.stderr }
  }
}

export interface FakeRunnerOptions {
  /** Client version the fake imitates: v1.13.9 (default) or v1.14.0. */
  version?: string
  /** `admin`, `reader` or `expired` (fixture talosconfigs), or a path. Default: none (os:admin). */
  talosconfig?: string
  /** Node state root. Default: test/fixtures/doctor/nodes. */
  root?: string
  env?: Record<string, string | undefined>
}

/** Path of a fixture talosconfig by its short name, or the value itself when it is a path. */
export function talosconfigPath(name: string): string {
  return /^(admin|reader|expired)$/.test(name) ? `${FIXTURES}talosconfig-${name}.yaml` : name
}

/** A doctor runner backed by the in-process fake. */
export function fakeRunner(options: FakeRunnerOptions = {}): TalosctlRunner {
  return talosctlRunner({
    path: 'talosctl',
    timeoutMs: 20_000,
    ...(options.talosconfig ? { talosconfig: talosconfigPath(options.talosconfig) } : {}),
    env: {},
    spawn: fakeSpawn({
      ...(options.version ? { FAKE_TALOSCTL_VERSION: options.version } : {}),
      ...(options.root ? { FAKE_TALOSCTL_ROOT: options.root } : {}),
      ...options.env,
    }),
  })
}
