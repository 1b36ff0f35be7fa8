/**
 * `talscale completion bash|zsh|fish`: prints a completion script generated from the command tree.
 * @module
 */
import { Argument } from 'commander'
import { commandTree, completionScript, SHELLS, type Shell } from '../completion.ts'
import type { RegisterCommand } from '../context.ts'

export const registerCompletion: RegisterCommand = (program, context) => {
  program
    .command('completion')
    .description('print a shell completion script (bash, zsh or fish)')
    .addArgument(new Argument('<shell>', 'the shell to complete in').choices(SHELLS))
    .addHelpText(
      'after',
      `
Load it in the current shell, or add the line to your shell's start-up file:
  bash:  source <(talscale completion bash)        (~/.bashrc)
  zsh:   source <(talscale completion zsh)         (~/.zshrc, after compinit)
  fish:  talscale completion fish | source         (~/.config/fish/config.fish)`,
    )
    .action((shell: Shell) => {
      context.io.stdout(completionScript(shell, commandTree(program)))
      context.exit(0)
    })
}
