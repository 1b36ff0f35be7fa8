// The process entry: wires real stdio into run() and sets the exit code. Nothing else lives here.
import { InputError } from '../core/errors.ts'
import { run } from './run.ts'

// `talscale check | head` closes the pipe early: that is the reader's choice, not a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw error
  })
}

// Above every per-command limit (8 MiB of YAML, 32 MiB of log), so each command still says which of
// its own limits was passed; `cat /dev/zero | talscale check -` stops here instead of filling memory.
const MAX_STDIN_BYTES = 64 * 1024 * 1024

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of process.stdin) {
    total += (chunk as Buffer).length
    if (total > MAX_STDIN_BYTES) {
      throw new InputError(`standard input is larger than ${MAX_STDIN_BYTES / 1024 / 1024} MiB.`, {
        hint: 'Pass a file, or only the part to check.',
      })
    }
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

const code = await run(process.argv.slice(2), {
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
  readStdin,
  env: process.env,
  cwd: process.cwd(),
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
})
process.exitCode = code
