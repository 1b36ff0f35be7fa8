/**
 * Completion scripts, generated from the command tree: the bash one is sourced in a real bash and
 * asked for completions the way bash asks (COMP_WORDS/COMP_CWORD, then COMPREPLY).
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/cli.ts'

const temp = mkdtempSync(join(tmpdir(), 'talscale-completion-'))
const script = join(temp, 'talscale.bash')
afterAll(() => rmSync(temp, { recursive: true, force: true }))

beforeAll(async () => {
  const result = await runCli(['completion', 'bash'])
  expect(result.code).toBe(0)
  writeFileSync(script, result.stdout)
  writeFileSync(join(temp, 'patch.yaml'), 'machine: {}\n')
})

/** What bash would offer for the words (the last one is being completed). */
function complete(...words: string[]): string[] {
  const array = words.map(word => `'${word.replace(/'/g, `'\\''`)}'`).join(' ')
  const child = spawnSync(
    'bash',
    [
      '-c',
      `source '${script}'; COMP_WORDS=(${array}); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _talscale; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ],
    { cwd: temp, encoding: 'utf8' },
  )
  expect(child.stderr).toBe('')
  return child.stdout.split('\n').filter(Boolean).sort()
}

describe('talscale completion bash', () => {
  it('completes commands', () => {
    expect(complete('talscale', '')).toEqual(
      expect.arrayContaining(['check', 'completion', 'doctor', 'generate', 'init', 'render', 'tailnet']),
    )
    expect(complete('talscale', 'ge')).toEqual(['generate'])
  })

  it('completes subcommands of a command group', () => {
    expect(complete('talscale', 'tailnet', '')).toEqual(['approve-routes', 'check', 'mint-key', 'prune'])
    expect(complete('talscale', 'schematic', 'u')).toEqual(['urls'])
  })

  it('completes the options of the command being typed, not deprecated spellings', () => {
    expect(complete('talscale', 'check', '--fi')).toEqual(['--fix'])
    expect(complete('talscale', 'check', '--de')).toEqual(['--decrypt'])
    expect(complete('talscale', 'check', '--conf')).toEqual([])
    expect(complete('talscale', 'tailnet', 'mint-key', '--ep')).toEqual(['--ephemeral'])
    expect(complete('talscale', 'generate', '--q')).toEqual(['--quiet'])
  })

  it('completes option values from their choices, also after "="', () => {
    expect(complete('talscale', 'check', '--format', '')).toEqual([
      'compact',
      'github',
      'json',
      'sarif',
      'text',
    ])
    expect(complete('talscale', 'check', '--format', '=', 's')).toEqual(['sarif'])
    expect(complete('talscale', 'doctor', '--fail-on', 'w')).toEqual(['warning'])
    expect(complete('talscale', 'completion', '')).toEqual(['bash', 'fish', 'zsh'])
  })

  it('completes file names for file options and path arguments', () => {
    expect(complete('talscale', 'check', '--base', 'pa')).toEqual(['patch.yaml'])
    expect(complete('talscale', 'check', 'pa')).toEqual(['patch.yaml'])
    // A free-form value is not a file name.
    expect(complete('talscale', 'check', '--talos-version', '')).toEqual([])
  })
})

describe('talscale completion zsh and fish', () => {
  it('zsh loads the same completion through bashcompinit', async () => {
    const result = await runCli(['completion', 'zsh'])
    expect(result.stdout).toMatch(/^#compdef talscale\n/)
    expect(result.stdout).toContain('autoload -U +X bashcompinit && bashcompinit')
    expect(result.stdout).toContain('complete -o default -o bashdefault -F _talscale talscale')
  })

  it('fish gets one complete line per command and option, with choices', async () => {
    const result = await runCli(['completion', 'fish'])
    expect(result.stdout).toContain(
      "complete -c talscale -n '__fish_seen_subcommand_from check' -l format -s f -x -a 'text compact json sarif github'",
    )
    expect(result.stdout).toContain(
      "complete -c talscale -n '__fish_seen_subcommand_from tailnet; and not __fish_seen_subcommand_from check prune approve-routes mint-key' -a mint-key",
    )
  })

  it('an unknown shell is a usage error', async () => {
    expect((await runCli(['completion', 'powershell'])).code).toBe(2)
  })
})
