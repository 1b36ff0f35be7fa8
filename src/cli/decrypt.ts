/**
 * `check --decrypt`: the SOPS session of one run (see src/sops). Imported by check only when the
 * flag is given.
 * @module
 */
import { InputError, type TalscaleError } from '../core/errors.ts'
import type { SourceFile } from '../core/source.ts'
import type { LintResult } from '../lint/index.ts'
import {
  type DecryptedSops,
  findAgeIdentities,
  findingInEncrypted,
  redactClearValues,
  relatedInEncrypted,
  SopsDecryptor,
} from '../sops/index.ts'
import type { CliIO } from './context.ts'

/**
 * `--decrypt` for one run: opens SOPS files with the age keys sops would use, remembers what it
 * decrypted, and turns findings on clear text back into findings on the encrypted files.
 */
export class SopsSession {
  readonly #decryptor: SopsDecryptor
  readonly #problems: string[]
  readonly #opened = new Map<string, { decrypted: DecryptedSops; original: SourceFile }>()
  readonly #pending = new Map<string, SourceFile>()
  readonly #errors = new Map<string, TalscaleError>()
  readonly #notes = new Set<string>()

  constructor(io: CliIO) {
    const ring = findAgeIdentities({ env: io.env })
    this.#decryptor = new SopsDecryptor(ring)
    this.#problems = ring.problems
  }

  prepare(source: SourceFile): Promise<void> {
    return this.#decryptor.prepare(source)
  }

  /** Data keys for referenced files met during the last run; true when there were any. */
  async preparePending(): Promise<boolean> {
    if (this.#pending.size === 0) return false
    for (const source of this.#pending.values()) await this.#decryptor.prepare(source)
    this.#pending.clear()
    return true
  }

  /** The text the rules judge: the clear text of a SOPS file, else the file itself. */
  open(source: SourceFile): SourceFile {
    const opened = this.#decryptor.open(source)
    switch (opened.kind) {
      case 'decrypted':
        this.#opened.set(source.path, { decrypted: opened.decrypted, original: source })
        return opened.decrypted.clear
      case 'pending':
        this.#pending.set(source.path, source)
        return source
      case 'unsupported':
        this.#notes.add(opened.note)
        return source
      case 'failed':
        this.#errors.set(source.path, opened.error)
        return source
      default:
        return source
    }
  }

  /** The result as told about the encrypted files: positions, messages and code frames without clear values. */
  conceal(result: LintResult): LintResult {
    if (this.#opened.size === 0) return result
    const tell = (finding: LintResult['findings'][number]) => {
      const opened = this.#opened.get(finding.file)
      const told = opened ? findingInEncrypted(finding, opened.decrypted, opened.original) : finding
      if (!told) return []
      if (!told.related) return [told]
      const related = told.related.map(place => {
        const other = this.#opened.get(place.file)
        return other ? relatedInEncrypted(place, other.decrypted, other.original) : place
      })
      return [{ ...told, related }]
    }
    const sources = new Map(result.sources)
    for (const [path, opened] of this.#opened) if (sources.has(path)) sources.set(path, opened.original)
    const errors = result.errors.map(error => {
      const opened = error.location ? this.#opened.get(error.location.file) : undefined
      if (!opened) return error
      return new InputError(redactClearValues(error.message, opened.decrypted), {
        location: {
          file: error.location!.file,
          ...(error.location?.line ? { line: error.location.line } : {}),
        },
        ...(error.hint ? { hint: redactClearValues(error.hint, opened.decrypted) } : {}),
      })
    })
    return {
      ...result,
      findings: result.findings.flatMap(tell),
      suppressed: result.suppressed.flatMap(tell),
      sources,
      errors,
    }
  }

  errors(): TalscaleError[] {
    return [...this.#errors.values()]
  }

  notes(): string[] {
    const notes = [...this.#notes]
    if (this.#errors.size > 0) notes.push(...this.#problems)
    return notes
  }
}
