/** Runs the CLI in-process with captured output, the way the tests drive every command. */

import { run } from '../../src/cli/run.ts'
import type { Clock } from '../../src/core/clock.ts'
import type { TalosctlSpawn } from '../../src/doctor/talosctl.ts'

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

export async function runCli(
  argv: string[],
  options: {
    stdin?: string
    env?: Record<string, string | undefined>
    cwd?: string
    tty?: boolean
    /** "Now" for the command (key expiry, stale devices); the system clock when absent. */
    now?: Clock
    /** Starts talosctl in-process (see test/doctor/fake-runner.ts). */
    spawn?: TalosctlSpawn
  } = {},
): Promise<CliResult> {
  let stdout = ''
  let stderr = ''
  const code = await run(argv, {
    stdout: text => {
      stdout += text
    },
    stderr: text => {
      stderr += text
    },
    readStdin: async () => options.stdin ?? '',
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    stdoutIsTTY: options.tty ?? false,
    stderrIsTTY: options.tty ?? false,
    ...(options.now ? { now: options.now } : {}),
    ...(options.spawn ? { spawn: options.spawn } : {}),
  })
  return { code, stdout, stderr }
}
