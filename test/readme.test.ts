/**
 * Keeps README.md true: the intent reference is what the schema renders now, the quick start is the
 * two agreed commands, every CLI command has a section, the marked examples produce the output shown,
 * and every code, link and library name it mentions exists.
 */
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ExitCode } from '../src/core/errors.ts'
import { DOCTOR_CHECKS } from '../src/doctor/index.ts'
import * as library from '../src/index.ts'
import { renderIntentReference } from '../src/intent/reference.ts'
import { RULES } from '../src/lint/rules/index.ts'
import { runCli } from './support/cli.ts'

const ROOT = new URL('..', import.meta.url).pathname
const README = readFileSync(join(ROOT, 'README.md'), 'utf8')

const START = '<!-- intent-reference:start -->'
const END = '<!-- intent-reference:end -->'

/** The text of the `## TITLE` section, up to the next `## ` heading. */
function section(title: string): string {
  const lines = README.split('\n')
  const from = lines.indexOf(`## ${title}`)
  if (from < 0) throw new Error(`README.md has no "## ${title}" section`)
  const rest = lines.slice(from + 1)
  const to = rest.findIndex(line => line.startsWith('## '))
  return (to < 0 ? rest : rest.slice(0, to)).join('\n')
}

interface Fence {
  info: string
  body: string
  /** The `<!-- readme-test: ... -->` comment right before the fence, if any. */
  marker?: string
}

/** Fenced code blocks (```), in order, with the marker comment that precedes each. */
function fences(text: string): Fence[] {
  const result: Fence[] = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)$/.exec(lines[i]!)
    if (!open) continue
    const end = lines.indexOf('```', i + 1)
    if (end < 0) throw new Error(`README.md: unclosed code block at line ${i + 1}`)
    const previous = lines[i - 1]?.match(/^<!-- readme-test: (.+) -->$/)
    result.push({ info: open[1]!, body: lines.slice(i + 1, end).join('\n'), marker: previous?.[1] })
    i = end
  }
  return result
}

/** The command names a help text lists under "Commands:" (without commander's own `help`). */
function commandNames(help: string): string[] {
  const lines = help.split('\n')
  const from = lines.indexOf('Commands:')
  expect(from, 'help has a Commands: list').toBeGreaterThan(-1)
  const names: string[] = []
  for (const line of lines.slice(from + 1)) {
    if (line.trim() === '') break
    const match = /^ {2}([a-z][a-z-]*)\b/.exec(line)
    if (match && match[1] !== 'help') names.push(match[1]!)
  }
  return names
}

/**
 * Markdown with table padding removed, so README tables padded by a Markdown formatter (or not)
 * compare equal to the generator's unpadded tables when, and only when, the cells are the same.
 */
function normalizeTables(markdown: string): string {
  return markdown
    .split('\n')
    .map(line => {
      if (!line.startsWith('|')) return line.trimEnd()
      const cells = line
        .trim()
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map(cell => cell.trim())
      return `| ${cells.map(cell => (/^-+$/.test(cell) ? '---' : cell)).join(' | ')} |`
    })
    .join('\n')
    .trim()
}

/** GitHub's heading anchor: lowercase, punctuation dropped, spaces to dashes. */
function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-')
}

describe('README.md intent reference', () => {
  it('is exactly what renderIntentReference() renders from the schema now', () => {
    const from = README.indexOf(START)
    const to = README.indexOf(END)
    expect(from, `README.md needs ${START}`).toBeGreaterThan(-1)
    expect(to, `README.md needs ${END} after the start marker`).toBeGreaterThan(from)
    expect(README.indexOf(START, from + 1), 'one start marker').toBe(-1)
    const block = README.slice(from + START.length, to)
    expect(
      normalizeTables(block),
      `the intent reference in README.md is stale: replace the text between the markers with the output of
  npx tsx -e "import('./src/intent/reference.ts').then(m => process.stdout.write(m.renderIntentReference()))"`,
    ).toBe(normalizeTables(renderIntentReference()))
  })
})

describe('README.md quick start', () => {
  it('is exactly the two agreed commands', () => {
    const blocks = fences(section('Quick start'))
    expect(blocks[0]?.info).toBe('sh')
    expect(blocks[0]?.body.split('\n')).toEqual([
      'npm ci && npx talscale generate --example homelab --out out',
      'npm test',
    ])
  })

  it('describes the summary line npm test really prints', () => {
    const reporter = readFileSync(join(ROOT, 'test/support/summary-reporter.ts'), 'utf8')
    expect(reporter).toMatch(/\$\{passed\} passed, \$\{failed\} failed, \$\{skipped\} skipped/)
    expect(section('Quick start')).toContain('`N passed, N failed, N skipped`')
  })
})

describe('README.md commands', () => {
  it('has a section for every command the CLI registers', async () => {
    const help = await runCli(['--help'])
    expect(help.code).toBe(ExitCode.ok)
    const names = commandNames(help.stdout)
    expect(names).toContain('generate')
    expect(names.length).toBeGreaterThanOrEqual(9)
    const headings = README.split('\n').filter(line => line.startsWith('### '))
    for (const name of names)
      expect(headings, `README.md needs "### \`talscale ${name}\`"`).toContain(`### \`talscale ${name}\``)
  })

  it('shows every subcommand of the commands that have them', async () => {
    for (const parent of ['schematic', 'tailnet']) {
      const help = await runCli([parent, '--help'])
      expect(help.code).toBe(ExitCode.ok)
      const subcommands = commandNames(help.stdout)
      expect(subcommands.length).toBeGreaterThan(1)
      for (const sub of subcommands) expect(README).toContain(`talscale ${parent} ${sub}`)
    }
  })

  describe('marked examples print what the README shows', () => {
    const all = fences(README)
    const files = all.flatMap(fence => {
      const name = fence.marker?.match(/^file (\S+)$/)?.[1]
      return name ? [{ name, text: `${fence.body}\n` }] : []
    })
    const runs = all.filter(fence => fence.marker === 'run')
    const dirs: string[] = []
    afterAll(() => {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
    })

    it('has marked examples to run', () => {
      expect(files.length).toBeGreaterThanOrEqual(4)
      expect(runs.length).toBeGreaterThanOrEqual(8)
    })

    for (const fence of runs) {
      const steps = parseSteps(fence.body)
      it(steps.map(step => step.command).join(' && '), async () => {
        // Each block starts from the README's example files only, so blocks do not depend on each other.
        const dir = mkdtempSync(join(tmpdir(), 'talscale-readme-'))
        dirs.push(dir)
        for (const file of files) writeFileSync(join(dir, file.name), file.text)
        for (const step of steps) {
          let shown = ''
          let code = 0
          if (step.argv[0] === 'echo') {
            appendFileSync(join(dir, step.argv[3]!), `${step.argv[1]}\n`)
          } else {
            const result = await runCli(step.argv.slice(1), { cwd: dir, env: step.env })
            code = result.code
            // Errors (exit 2) go to stderr, everything else the README shows is stdout.
            shown = code === ExitCode.usage ? result.stderr : result.stdout
          }
          expect(code, `exit code of: ${step.command}`).toBe(step.code)
          const actual = shown.trimEnd().split('\n')
          if (step.output.some(line => line.trim() === '...')) {
            expect(matchesTrimmed(step.output, actual), `${step.command} printed:\n${shown}`).toBe(true)
          } else {
            expect(actual.join('\n'), step.command).toBe(step.output.join('\n'))
          }
        }
      })
    }
  })
})

interface Step {
  command: string
  argv: string[]
  env: Record<string, string>
  code: number
  output: string[]
}

/**
 * The `$ command` lines of a console block and the output under each. A command is
 * `[NAME=value ...] talscale ARGS` or `echo 'TEXT' >> FILE`, with single quotes and an optional
 * trailing `# comment`; a comment starting `exit N` gives the expected exit code (default 0).
 */
function parseSteps(body: string): Step[] {
  const chunks = body.split(/^\$ /m)
  if (chunks[0]!.trim() !== '') throw new Error(`a run block starts with "$ ": ${body.slice(0, 60)}`)
  return chunks.slice(1).map(chunk => {
    const [command = '', ...output] = chunk.trimEnd().split('\n')
    const words: string[] = []
    let comment = ''
    const pattern = /'([^']*)'|(#.*)$|(\S+)/g
    for (const match of command.matchAll(pattern)) {
      if (match[2] !== undefined) comment = match[2].slice(1).trim()
      else words.push(match[1] ?? match[3]!)
    }
    const env: Record<string, string> = {}
    while (/^[A-Z_]+=/.test(words[0] ?? '')) {
      const [name, ...value] = words.shift()!.split('=')
      env[name!] = value.join('=')
    }
    const isEcho = words[0] === 'echo' && words[2] === '>>' && words.length === 4
    if (words[0] !== 'talscale' && !isEcho) throw new Error(`a run block cannot run: ${command}`)
    const code = Number(/^exit (\d)/.exec(comment)?.[1] ?? 0)
    return {
      command: command.replace(/\s+#.*$/, ''),
      argv: words,
      env,
      code,
      output: output.length ? output : [''],
    }
  })
}

/** Whether `actual` lines match `expected`, where a line that is only `...` stands for any lines. */
function matchesTrimmed(expected: string[], actual: string[]): boolean {
  const [first, ...rest] = expected
  if (first === undefined) return actual.length === 0
  if (first.trim() === '...') {
    for (let skip = 0; skip <= actual.length; skip++)
      if (matchesTrimmed(rest, actual.slice(skip))) return true
    return false
  }
  return actual[0] === first && matchesTrimmed(rest, actual.slice(1))
}

describe('README.md references', () => {
  it('names only rule and doctor codes that exist', () => {
    const known = new Set([...RULES.map(rule => rule.code), ...DOCTOR_CHECKS.map(check => check.code)])
    const mentioned = new Set(README.match(/\b(?:TAL|DOC)\d{3}\b/g) ?? [])
    expect(mentioned.size).toBeGreaterThan(20)
    for (const code of mentioned) expect(known, code).toContain(code)
  })

  it('explains every fact T1 to T19 in "Why these settings"', () => {
    const rows = section('Why these settings')
      .split('\n')
      .filter(line => /^\| T\d+ *\|/.test(line))
      .map(line => line.split('|')[1]!.trim())
    expect(rows).toEqual(Array.from({ length: 19 }, (_, index) => `T${index + 1}`))
  })

  it('lists the three exit codes the CLI uses', () => {
    const rows = section('Exit codes')
      .split('\n')
      .filter(line => /^\| \d *\|/.test(line))
      .map(line => Number(line.split('|')[1]))
    expect(rows).toEqual([ExitCode.ok, ExitCode.findings, ExitCode.usage])
  })

  it('links only to files and headings that exist', () => {
    const anchors = new Set(
      README.split('\n')
        .filter(line => /^#{1,6} /.test(line))
        .map(line => slug(line.replace(/^#+ /, ''))),
    )
    const links = [...README.matchAll(/\]\(([^)\s]+)\)/g)].map(match => match[1]!)
    expect(links.length).toBeGreaterThan(10)
    for (const link of links) {
      if (/^https?:/.test(link)) continue
      const [path, anchor] = link.split('#')
      if (path) expect(existsSync(join(ROOT, path)), link).toBe(true)
      else expect(anchors, link).toContain(anchor)
    }
  })

  it('has a library example that runs and prints what its comments say', async () => {
    const [example] = fences(section('Library use')).filter(fence => fence.info === 'js')
    expect(example?.body).toContain("from 'talscale'")
    // What each printing line should print: the comment after it, up to a trailing '...'.
    const expected = example!.body
      .split('\n')
      .filter(line => /^(console\.log|process\.stdout\.write)\(.*\/\/ /.test(line))
      .map(line => line.slice(line.lastIndexOf('// ') + 3).replace(/\.\.\.$/, ''))
    expect(expected.length).toBeGreaterThanOrEqual(2)
    const dir = mkdtempSync(join(tmpdir(), 'talscale-readme-lib-'))
    try {
      const file = join(dir, 'example.mjs')
      const capture = `const printed = []
const console = { log: (...values) => printed.push(values.join(' ')) }
const process = { cwd: () => globalThis.process.cwd(), stdout: { write: text => printed.push(text) } }
export { printed }
`
      writeFileSync(
        file,
        capture + example!.body.replace("from 'talscale'", `from '${join(ROOT, 'src/index.ts')}'`),
      )
      const { printed } = (await import(file)) as { printed: string[] }
      expect(printed).toHaveLength(expected.length)
      for (const [index, text] of printed.entries())
        expect(text.startsWith(expected[index]!), text).toBe(true)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('names only library exports that exist', () => {
    const table = section('Library use')
      .split('\n')
      .filter(line => line.startsWith('| ') && !line.startsWith('| area'))
    expect(table.length).toBeGreaterThan(5)
    const index = readFileSync(join(ROOT, 'src/index.ts'), 'utf8')
    for (const row of table) {
      const exports = row.split('|')[2]!
      const [values, types = ''] = exports.split(/\btypes\b/)
      for (const [, name] of values!.matchAll(/`([A-Za-z_]+)`/g)) expect(library, name).toHaveProperty(name!)
      for (const [, name] of types.matchAll(/`([A-Za-z_]+)`/g))
        expect(index, name).toMatch(new RegExp(`\\b${name}\\b`))
    }
  })
})
