import { closeSync, openSync, readSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { Option } from 'commander'
import { ExitCode, InputError } from '../../core/errors.ts'
import { failsAt, type Severity } from '../../core/finding.ts'
import { redactSecrets } from '../../core/secrets.ts'
import { explainLog } from '../../doctor/explain.ts'
import { colorEnabled, formatFindings, REPORT_FORMATS, type ReportFormat } from '../../report/index.ts'
import type { CliIO, RegisterCommand } from '../context.ts'
import { doctorReportRules } from './doctor.ts'

interface ExplainOptions {
  format: ReportFormat
  failOn: Severity
}

/** Logs are read whole; this is far above any `talosctl logs` output and keeps memory bounded. */
const MAX_LOG_BYTES = 32 * 1024 * 1024

export const registerExplainLog: RegisterCommand = (program, context) => {
  program
    .command('explain-log')
    .description('explain a saved ext-tailscale log (talosctl logs ext-tailscale > tailscale.log)')
    .argument('<file>', 'log file, or "-" for standard input')
    .addOption(new Option('-f, --format <format>', 'output format').choices(REPORT_FORMATS).default('text'))
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity')
        .choices(['error', 'warning', 'info'])
        .default('error'),
    )
    .addHelpText(
      'after',
      `
Every containerboot configuration error, the "requires mentioning all non-default flags" crash loop,
device approval waits, unknown flags, TUN, DNS and certificate errors and more are recognised; each
finding points at the first line that shows the problem and says why it happens and what to do.
Auth keys in the log are redacted in the output.

Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 usage error or unreadable input.

Examples:
  talosctl -n 192.168.1.11 logs ext-tailscale > tailscale.log && talscale explain-log tailscale.log
  talosctl -n 192.168.1.11 logs ext-tailscale | talscale explain-log -`,
    )
    .action(async (file: string, options: ExplainOptions) => {
      context.exit(await explain(file, options, context.io))
    })
}

async function explain(file: string, options: ExplainOptions, io: CliIO): Promise<number> {
  const label = file === '-' ? '<stdin>' : file
  const text = file === '-' ? await io.readStdin() : readLog(resolve(io.cwd, file), file)
  if (text.length > MAX_LOG_BYTES) {
    throw new InputError(`"${label}" is larger than ${MAX_LOG_BYTES / 1024 / 1024} MiB`, {
      location: { file: label },
      hint: 'Pass the recent part only, for example `talosctl logs ext-tailscale --tail 1000`.',
    })
  }
  const findings = explainLog(label, text)
  // Code frames show the log line itself; it is redacted like every message.
  const sources = new Map([[label, redactSecrets(text)]])
  io.stdout(
    formatFindings(options.format, findings, {
      rules: doctorReportRules(),
      sources,
      color: colorEnabled(io.env, io.stdoutIsTTY),
      root: io.cwd,
    }),
  )
  return failsAt(findings, options.failOn) ? ExitCode.findings : ExitCode.ok
}

function readLog(path: string, display: string): string {
  try {
    if (statSync(path).size > MAX_LOG_BYTES) {
      throw new InputError(`"${display}" is larger than ${MAX_LOG_BYTES / 1024 / 1024} MiB`, {
        location: { file: display },
        hint: 'Pass the recent part only, for example `talosctl logs ext-tailscale --tail 1000`.',
      })
    }
    return readAtMost(path, display)
  } catch (error) {
    if (error instanceof InputError) throw error
    const code = (error as NodeJS.ErrnoException).code
    throw new InputError(
      code === 'ENOENT' ? `"${display}" does not exist` : `"${display}" cannot be read (${code ?? 'error'})`,
      {
        location: { file: display },
        hint: 'Save the log with `talosctl logs ext-tailscale > FILE`, or pass "-".',
      },
    )
  }
}

// A pipe or device (/dev/zero, `<(talosctl logs -f ...)`) reports size 0: read it with the limit applied.
function readAtMost(path: string, display: string): string {
  const fd = openSync(path, 'r')
  try {
    const chunks: Buffer[] = []
    let total = 0
    for (;;) {
      const chunk = Buffer.allocUnsafe(1024 * 1024)
      const read = readSync(fd, chunk, 0, chunk.length, null)
      if (read === 0) return Buffer.concat(chunks).toString('utf8')
      total += read
      if (total > MAX_LOG_BYTES) {
        throw new InputError(`"${display}" is larger than ${MAX_LOG_BYTES / 1024 / 1024} MiB`, {
          location: { file: display },
          hint: 'Pass the recent part only, for example `talosctl logs ext-tailscale --tail 1000`.',
        })
      }
      chunks.push(chunk.subarray(0, read))
    }
  } finally {
    closeSync(fd)
  }
}
