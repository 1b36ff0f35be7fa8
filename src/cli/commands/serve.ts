/**
 * `talscale serve`: opens the browser page on a local address, or `--export DIR` writes its three
 * files for publishing as a static site. The page checks and generates in the browser; the server
 * only hands out files.
 * @module
 */
import { isAbsolute, join, resolve } from 'node:path'
import { InputError, UsageError } from '../../core/errors.ts'
import { statOrUndefined, writeFileAtomic } from '../../core/fs.ts'
import { PAGE_FILES, readPage, startPageServer } from '../../web/server.ts'
import type { RegisterCommand } from '../context.ts'

interface ServeOptions {
  host: string
  port: string
  export?: string
  force?: boolean
}

export const registerServe: RegisterCommand = (program, context) => {
  program
    .command('serve')
    .description('open the check-and-generate page on a local address (it runs in the browser, offline)')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '8787')
    .option(
      '--export <dir>',
      'write the page (index.html, app.js, app.css) to DIR for a static site, and exit',
    )
    .option('--force', 'with --export: overwrite files already in DIR')
    .addHelpText(
      'after',
      `
The page checks a pasted or dropped config, patch, talconfig.yaml or schematic (findings with code
frames, rule docs and the fix preview) and generates a bundle from an intent file as you edit it
(topology picture, every file, a zip download). Nothing leaves the browser: the page's
Content-Security-Policy forbids every connection, and the server never receives what you paste.

Examples:
  talscale serve                      # then open http://127.0.0.1:8787/
  talscale serve --port 0             # any free port
  talscale serve --export site/       # publish site/ with any static web server`,
    )
    .action(async (options: ServeOptions) => {
      const { io } = context
      if (options.export !== undefined) {
        exportPage(io.cwd, options.export, options.force === true)
        io.stdout(`wrote the page to ${options.export} (${PAGE_FILES.length - 1} files)\n`)
        context.exit(0)
        return
      }
      const port = Number(options.port)
      if (!/^\d+$/.test(options.port) || port > 65535) {
        throw new UsageError(`--port "${options.port}" is not a port number.`, {
          hint: 'Give a number from 0 to 65535 (0 picks a free port).',
        })
      }
      const server = await startPageServer({ host: options.host, port })
      io.stdout(`talscale page at ${server.url} (it runs in your browser; Ctrl-C stops the server)\n`)
      await new Promise<void>(resolve => {
        process.once('SIGINT', resolve)
        process.once('SIGTERM', resolve)
      })
      await server.close()
      context.exit(0)
    })
}

function exportPage(cwd: string, target: string, force: boolean): void {
  const dir = isAbsolute(target) ? target : resolve(cwd, target)
  const files = readPage()
  const names = PAGE_FILES.filter(([path]) => path !== '/').map(([path]) => path.slice(1))
  const existing = names.filter(name => statOrUndefined(join(dir, name)) !== undefined)
  if (existing.length > 0 && !force) {
    throw new UsageError(
      `--export "${target}" already holds ${existing.join(', ')}; talscale does not overwrite them.`,
      {
        hint: 'Pass --force to replace them, or choose an empty directory.',
      },
    )
  }
  for (const name of names) {
    try {
      writeFileAtomic(join(dir, name), files.get(`/${name}`)!.body)
    } catch (error) {
      throw new InputError(
        `cannot write ${join(target, name)} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
        {
          hint: `Check that ${target} can be created and is writable.`,
        },
      )
    }
  }
}
