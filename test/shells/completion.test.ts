/**
 * The zsh and fish completion scripts in the shells themselves (test/cli/completion.test.ts does bash).
 * fish answers `complete -C "<command line>"` exactly as it completes at a prompt. zsh loads the
 * script through its bashcompinit; the test calls zsh's own `compgen -F` the way bashcompinit's
 * `_bash_complete` does and keeps the candidates that start with the word being typed, which is what
 * `compadd` then offers.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/cli.ts'

const temp = mkdtempSync(join(tmpdir(), 'talscale-shells-'))
afterAll(() => rmSync(temp, { recursive: true, force: true }))

beforeAll(async () => {
  for (const shell of ['zsh', 'fish']) {
    const found = spawnSync(shell, ['-c', 'exit 0'])
    if (found.error) throw new Error(`${shell} is not installed: apt-get install zsh fish (or run .ci/run)`)
    const result = await runCli(['completion', shell])
    expect(result.code).toBe(0)
    writeFileSync(join(temp, `talscale.${shell}`), result.stdout)
  }
  writeFileSync(join(temp, 'patch.yaml'), 'machine: {}\n')
})

function run(shell: string, args: string[]): string {
  const child = spawnSync(shell, args, {
    cwd: temp,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: temp },
  })
  expect(child.stderr).toBe('')
  expect(child.status).toBe(0)
  return child.stdout
}

const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`

/** What fish offers for a command line (the candidates without their descriptions). */
function fish(line: string): string[] {
  const out = run('fish', ['-c', `source talscale.fish; complete -C ${quote(line)}`])
  return out
    .split('\n')
    .filter(Boolean)
    .map(entry => entry.split('\t')[0]!)
    .sort()
}

/** What zsh offers for the words (the last one is being completed). */
function zsh(...words: string[]): string[] {
  const script = [
    'autoload -U compinit && compinit -u -D',
    'source ./talscale.zsh',
    `words=(${words.map(quote).join(' ')}); CURRENT=$#words`,
    'local -a COMP_WORDS COMPREPLY; local -x COMP_CWORD COMP_LINE="$words"',
    '(( COMP_CWORD = CURRENT - 1 )); COMP_WORDS=( "${words[@]}" )',
    'compgen -F _talscale -- "${words[CURRENT]}"',
  ].join('\n')
  const current = words[words.length - 1]!
  return run('zsh', ['-f', '-c', `f() {\n${script}\n}; f`])
    .split('\n')
    .filter(candidate => candidate !== '' && candidate.startsWith(current))
    .sort()
}

describe('talscale completion fish', () => {
  it('parses', () => {
    run('fish', ['--no-execute', 'talscale.fish'])
  })

  it('completes commands and the subcommands of a group', () => {
    expect(fish('talscale ')).toEqual(expect.arrayContaining(['check', 'doctor', 'generate', 'tailnet']))
    expect(fish('talscale ge')).toEqual(['generate'])
    expect(fish('talscale tailnet ')).toEqual(['approve-routes', 'check', 'mint-key', 'prune'])
  })

  it('completes the options of the command being typed and their choices', () => {
    expect(fish('talscale check --fi')).toEqual(['--fix'])
    expect(fish('talscale check --format ')).toEqual(['compact', 'github', 'json', 'sarif', 'text'])
    expect(fish('talscale completion ')).toEqual(['bash', 'fish', 'zsh'])
  })

  it('completes file names for file options', () => {
    expect(fish('talscale check --base pa')).toEqual(['patch.yaml'])
  })
})

describe('talscale completion zsh', () => {
  it('parses', () => {
    run('zsh', ['-n', 'talscale.zsh'])
  })

  it('completes commands and the subcommands of a group', () => {
    expect(zsh('talscale', '')).toEqual(expect.arrayContaining(['check', 'doctor', 'generate', 'tailnet']))
    expect(zsh('talscale', 'ge')).toEqual(['generate'])
    expect(zsh('talscale', 'tailnet', '')).toEqual(['approve-routes', 'check', 'mint-key', 'prune'])
  })

  it('completes the options of the command being typed and their choices', () => {
    expect(zsh('talscale', 'check', '--fi')).toEqual(['--fix'])
    expect(zsh('talscale', 'check', '--format', '')).toEqual(['compact', 'github', 'json', 'sarif', 'text'])
    expect(zsh('talscale', 'completion', '')).toEqual(['bash', 'fish', 'zsh'])
  })
})
