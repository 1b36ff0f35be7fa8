/**
 * The lint run behind `talscale check`: sources in, findings out. Reads no files itself except
 * through the `read` callback (talhelper patches, `--base`/`--patch`), and never prints.
 * @module
 */
import { dirname, resolve } from 'node:path'
import { TalscaleError, UsageError } from '../core/errors.ts'
import type { Finding } from '../core/finding.ts'
import { repositoryRoot, resolveInside } from '../core/paths.ts'
import { parseSource, readSource, type SourceDocument, type SourceFile } from '../core/source.ts'
import { parseSchematicWithPositions, schematicId } from '../factory/schematic.ts'
import { loadIntentCached, loadIntentNow } from '../intent/cache.ts'
import { checkJsonPatchOperation, loadPatch, renderNode } from '../render/index.ts'
import { classifyDocument, MAIN_KIND, valueAt } from '../talos/documents.ts'
import { declaredContract, parseTalosVersion, type TalosVersion } from '../talos/version.ts'
import type { ProjectConfig } from './config.ts'
import { startPass } from './engine.ts'
import { settleTarget } from './facts/tailscale-use.ts'
import { expandOmni } from './omni.ts'
import { ruleResolver } from './pragma.ts'
import type { InputProblem, LintTarget, Rule } from './rule.ts'
import { RULES } from './rules/index.ts'
import {
  type Decryptor,
  fullyEncrypted,
  hasEncryptedValues,
  prepareSource,
  stripSopsMetadata,
} from './sops.ts'
import { expandDocumentAliases, expandTalhelper, isTemplated } from './talhelper.ts'
import { talosconfigTarget } from './talosconfig.ts'
import { detectInputKind, fileTarget, schematicTarget, targetFromDocuments } from './targets.ts'

/** One file to lint. */
export interface LintInput {
  source: SourceFile
  /** Named by the user (an unreadable explicit file is an error; a found one may be skipped). */
  explicit: boolean
}

/** Options for a lint run. */
export interface LintOptions {
  /** Directory relative paths (talhelper patches, `--patch`) are resolved against. */
  cwd: string
  /** All known rules. Default: the registry. */
  known?: readonly Rule[]
  config?: ProjectConfig
  /** Run only these rules (codes or names), as `--rule` does. */
  only?: readonly string[]
  /** `--talos-version`; otherwise the config's, then each node's installer image tag, then the newest. */
  talosVersion?: TalosVersion
  /** `--base FILE --patch P...`: judge the rendered node too. */
  render?: { base: string; patches: readonly string[] }
  /** `--unsafe-fixes`: `fixSources` applies fixes marked unsafe too. */
  unsafeFixes?: boolean
  /** Reads a referenced file; default: from disk, relative to cwd. */
  read?: (path: string) => SourceFile
  /**
   * Repository roots: a file referenced from repository content (a talhelper `@patch`) is read only
   * when its real path lies inside one of them (src/core/paths.ts). Default: the repository root of
   * cwd. `--base` and `--patch`, named by the operator, are not limited.
   */
  roots?: readonly string[]
  /**
   * Keep every target's documents in `result.targets`. By default a whole node's documents are
   * dropped once it is judged: a parsed document takes about eight times its text.
   */
  keepDocuments?: boolean
  /**
   * Files of the tree to judge as plain text (`file` targets), for rules that read any file: what
   * `readCredentialCandidates` kept (text-files.ts).
   */
  textFiles?: readonly SourceFile[]
  /** The environment talhelper would substitute `${VAR}` from (below talenv files). Default: none. */
  env?: Readonly<Record<string, string | undefined>>
  /**
   * The pre-parse hook for SOPS files (inputs and referenced files): returns the clear text, or
   * undefined to keep the file encrypted (its ciphertext values are then opaque).
   */
  decrypt?: Decryptor
}

/** Everything a run produced. */
export interface LintResult {
  findings: Finding[]
  /** Findings silenced by pragmas. */
  suppressed: Finding[]
  /** Inputs that could not be read or parsed: each makes the run exit 2. */
  errors: TalscaleError[]
  /**
   * Files that were looked at and left alone, with why (verbose output). `recognized` marks inputs
   * of a known kind that cannot be judged alone (a JSON6902 patch without --base).
   */
  skipped: Array<{
    path: string
    reason: string
    recognized?: boolean
    note?: 'encrypted' | 'templated' | 'other'
  }>
  /** Every source read, by path, for code frames. */
  sources: Map<string, SourceFile>
  /** Every target judged, in input order; whole nodes without their documents unless `keepDocuments`. */
  targets: LintTarget[]
  /** The rules that ran, with configured severities. */
  rules: Rule[]
}

/**
 * The rules of a run: the known ones, less those `off` in the config, narrowed by `only`, with the
 * configured severities. Unknown names in `only` are a UsageError.
 */
export function selectRules(
  known: readonly Rule[],
  config?: ProjectConfig,
  only?: readonly string[],
): Rule[] {
  const resolve = ruleResolver(known)
  let wanted: Set<string> | undefined
  if (only && only.length > 0) {
    wanted = new Set()
    for (const token of only.flatMap(item => item.split(',')).filter(Boolean)) {
      const code = resolve(token.trim())
      if (code === undefined) {
        throw new UsageError(`--rule "${token}" is not a talscale rule code or name.`, {
          hint: 'Run `talscale rules` for the list.',
        })
      }
      wanted.add(code)
    }
  }
  const selected: Rule[] = []
  for (const rule of known) {
    if (wanted && !wanted.has(rule.code)) continue
    const setting = config?.rules.get(rule.code)
    // --rule names a rule explicitly, so it runs even when the config turns it off.
    if (setting === 'off' && !wanted) continue
    selected.push(
      setting && setting !== 'off' && setting !== rule.severity ? { ...rule, severity: setting } : rule,
    )
  }
  return selected
}

/** The path standard input is read under (discover.ts); never edited by fixes. */
export const STDIN_PATH = '<stdin>'

// Lines that mark a file as one of ours even when it fails to parse (so a broken talconfig is an
// error, while a broken Helm template found in a directory walk is skipped).
const OURS =
  /^(?:machine|cluster|clusterName|customization|overlay):|^kind:\s*\w+Config\s*$|^version:\s*v1alpha1\s*$/m

/** Lints sources: detects each file's kind, builds targets, runs the rules, applies pragmas. */
export function lintSources(inputs: readonly LintInput[], options: LintOptions): LintResult {
  const known = options.known ?? RULES
  const rules = selectRules(known, options.config, options.only)
  const talosVersion = options.talosVersion ?? options.config?.talosVersion
  const result: LintResult = {
    findings: [],
    suppressed: [],
    errors: [],
    skipped: [],
    sources: new Map(),
    targets: [],
    rules,
  }
  const readRaw = options.read ?? ((path: string) => readSource(resolve(options.cwd, path), path))
  // A referenced file that is also an input is served from the input: one text per file in a run,
  // so the offsets of fixes found through a talconfig match the text --fix edits.
  const byAbsolute = new Map<string, SourceFile>()
  for (const input of inputs) {
    if (input.source.path !== STDIN_PATH)
      byAbsolute.set(resolve(options.cwd, input.source.path), input.source)
  }
  const read = (path: string) => {
    const source = byAbsolute.get(resolve(options.cwd, path)) ?? readRaw(path)
    result.sources.set(source.path, source)
    return source
  }
  // What repository content references is read only inside the repository (TAL002 otherwise).
  const roots = options.roots ?? [repositoryRoot(options.cwd)]
  // Files a talconfig or Omni template reads (its patches): those are judged as part of its nodes.
  const referenced = new Set<string>()
  const readReference = (path: string) => {
    resolveInside(roots, path, { base: options.cwd, what: 'referenced file' })
    const source = read(path)
    referenced.add(source.path)
    return source
  }
  // Pragmas apply in every file read, referenced ones included: the list is taken when the pass ends.
  const pass = startPass(rules, { known, sources: { [Symbol.iterator]: () => result.sources.values() } })
  const version = { ...options, talosVersion }
  // A node learns its extensions from a schematic file listed anywhere among the inputs, so those
  // (small, few) are read first; every whole node can then be judged as soon as it is read.
  const early = new Map<number, LintTarget[] | TalscaleError>()
  for (const [index, input] of inputs.entries()) {
    if (!MAYBE_SCHEMATIC.test(input.source.text)) continue
    let documents: SourceDocument[]
    try {
      documents = parseSource(input.source)
    } catch {
      continue
    }
    if (detectInputKind(documents) !== 'schematic') continue
    try {
      early.set(index, targetsOf(input, documents, version, readReference, result))
    } catch (error) {
      if (!(error instanceof TalscaleError)) throw error
      // A schematic the Image Factory would refuse is a finding on it, not the end of the run.
      early.set(index, [
        problemTarget(
          input.source,
          { kind: 'invalid', message: error.message, at: at(input.source, error) },
          version,
        ),
      ])
    }
  }
  const schematics = [...early.values()].flatMap(outcome => (Array.isArray(outcome) ? outcome : []))
  const deferred: LintTarget[] = []
  for (const [index, input] of inputs.entries()) {
    const { source } = input
    result.sources.set(source.path, source)
    let targets: LintTarget[]
    const ready = early.get(index)
    if (ready instanceof TalscaleError) {
      result.errors.push(ready)
      continue
    }
    if (ready) targets = ready
    else {
      const outcome = readInput(input, options)
      if ('error' in outcome) {
        result.errors.push(outcome.error)
        continue
      }
      if ('skip' in outcome) {
        result.skipped.push(outcome.skip)
        continue
      }
      if ('problem' in outcome) targets = [problemTarget(source, outcome.problem, version)]
      else {
        try {
          targets = targetsOf(input, outcome.documents, version, readReference, result)
        } catch (error) {
          if (!(error instanceof TalscaleError)) throw error
          if (outcome.kind === 'intent') {
            // talscale's own intent file: invalid is a usage problem, as in `generate`.
            result.errors.push(error)
            continue
          }
          targets = [
            problemTarget(
              source,
              { kind: 'invalid', message: error.message, at: at(source, error) },
              version,
            ),
          ]
        }
      }
      if ('partial' in outcome && outcome.partial) for (const target of targets) target.partial = true
    }
    for (const target of targets) {
      result.targets.push(target)
      if (!judgedAlone(target)) {
        deferred.push(target)
        continue
      }
      // A whole node needs of the other targets only the schematic files: judge it now, keep what
      // the patches of its cluster and the project rules ask of it, and let its documents go.
      const seen = [...schematics, target]
      linkSchematics(seen)
      pass.judge(target, seen)
      settleTarget(target, seen)
      if (!options.keepDocuments) target.documents = []
    }
  }
  for (const source of options.textFiles ?? []) {
    // Judged after every input, so the rule can tell files that other rules already read as Talos input.
    const target = fileTarget(source, 'file')
    if (!result.sources.has(source.path)) result.sources.set(source.path, source)
    result.targets.push(target)
    deferred.push(target)
  }
  if (options.render) {
    try {
      const base = read(options.render.base)
      // Patches talscale generated for an older config contract say so in their header.
      const patchTexts: string[] = []
      const rendered = renderNode(base, options.render.patches, {
        cwd: options.cwd,
        read: path => {
          const file = read(path)
          patchTexts.push(file.text)
          return file
        },
        ...(talosVersion ? { talosVersion } : {}),
      })
      const target = targetFromDocuments(base, rendered.documents, {
        kind: 'rendered',
        ...(talosVersion ? { talosVersion } : {}),
      })
      const declared = patchTexts.map(declaredContract).find(contract => contract !== undefined)
      if (declared !== undefined) target.configContract = declared
      target.label = `${base.path} + ${options.render.patches.length} patch(es)`
      target.cluster = clusterOf(target) ?? dirname(base.path)
      result.targets.push(target)
      deferred.push(target)
    } catch (error) {
      if (!(error instanceof TalscaleError)) throw error
      result.errors.push(error)
    }
  }
  linkSchematics(result.targets)
  // A patch file a talconfig or Omni template applies is judged inside each node it belongs to, with
  // the node's other patches: judged alone as well, it would miss what those patches set.
  const alone = result.targets.filter(
    target => !(target.kind === 'patch' && referenced.has(target.source.path)),
  )
  for (const target of deferred) if (alone.includes(target)) pass.judge(target, alone)
  const run = pass.finish(result.targets)
  result.findings = run.findings
  result.suppressed = run.suppressed
  return result
}

type ReadOutcome =
  | { error: TalscaleError }
  | { skip: LintResult['skipped'][number] }
  | { problem: InputProblem }
  | { documents: SourceDocument[]; kind: ReturnType<typeof detectInputKind>; partial: boolean }

/**
 * Parses one input as far as it can be read: SOPS metadata dropped (its ciphertext stays opaque),
 * aliases and merge keys expanded. A file that is not one of ours is skipped with a note; one of
 * ours that does not parse becomes a TAL011 finding instead of stopping the run.
 */
function readInput(input: LintInput, options: LintOptions): ReadOutcome {
  const prepared = prepareSource(input.source, options.decrypt)
  const source = prepared.source
  let documents: SourceDocument[]
  try {
    documents = parseSource(source)
  } catch (error) {
    if (!(error instanceof TalscaleError)) throw error
    // The hard limits (documents, nesting) answer hostile input: an input error, as everywhere.
    if (!error.message.startsWith('invalid YAML')) return { error }
    if (isTemplated(source.text))
      return {
        skip: {
          path: input.source.path,
          reason: 'a template (Go, Helm or Jinja markup), not checked until it is rendered',
          note: 'templated',
        },
      }
    if (OURS.test(source.text))
      return { problem: { kind: 'invalid', message: error.message, at: at(input.source, error) } }
    return { skip: { path: input.source.path, reason: `not parsed: ${error.message}`, note: 'other' } }
  }
  let partial = false
  if (prepared.sops && !prepared.decrypted) {
    documents = stripSopsMetadata(documents)
    if (documents.length === 0 || fullyEncrypted(documents) || detectInputKind(documents) === 'other')
      return { skip: { path: input.source.path, reason: 'SOPS-encrypted, not checked', note: 'encrypted' } }
    partial = hasEncryptedValues(documents)
  }
  for (const document of documents) expandDocumentAliases(document)
  return { documents, kind: detectInputKind(documents), partial }
}

/** A file that could not be read as what it is: judged only by TAL010/TAL011, on its problem. */
function problemTarget(source: SourceFile, problem: InputProblem, options: LintOptions): LintTarget {
  const target = fileTarget(source, 'patch', {
    complete: false,
    ...(options.talosVersion ? { talosVersion: options.talosVersion } : {}),
    cluster: dirname(source.path),
  })
  target.problems = [problem]
  return target
}

/** Where an error points in a source (its line and column), as a location for a finding. */
function at(source: SourceFile, error: TalscaleError): InputProblem['at'] {
  const location = error.location
  if (
    !location ||
    location.line === undefined ||
    (location.file !== undefined && location.file !== source.path)
  )
    return { source }
  const lines = source.text.split('\n')
  let offset = 0
  for (let i = 0; i < location.line - 1 && i < lines.length; i++) offset += lines[i]!.length + 1
  offset = Math.min(source.text.length, offset + Math.max(0, (location.column ?? 1) - 1))
  return { source, range: [offset, offset] }
}

// Any schematic has one of these keys; a file without either as a key is not one.
const MAYBE_SCHEMATIC = /\b(?:customization|overlay)\b["']?\s*:/

// Whole nodes are judged as they are read. Patches are judged with the other patches of their
// cluster, and schematics and intent files are few and small: those wait for every target.
function judgedAlone(target: LintTarget): boolean {
  return target.complete && (target.kind === 'machine-config' || target.kind === 'talhelper-node')
}

function targetsOf(
  input: LintInput,
  documents: SourceDocument[],
  options: LintOptions,
  read: (path: string) => SourceFile,
  result: LintResult,
): LintTarget[] {
  const { source } = input
  const version = options.talosVersion ? { talosVersion: options.talosVersion } : {}
  switch (detectInputKind(documents)) {
    case 'talos': {
      const target = targetFromDocuments(source, documents.map(classifyDocument), version)
      target.cluster = clusterOf(target) ?? dirname(source.path)
      return [target]
    }
    case 'schematic': {
      // Read strictly, as the Image Factory would: a schematic it would refuse is an input error.
      const { schematic } = parseSchematicWithPositions(source)
      const target = schematicTarget(source, documents[0]!, {
        ...version,
        cluster: dirname(source.path),
        id: schematicId(schematic),
      })
      target.schematic!.extensions = [
        ...(schematic.customization?.systemExtensions?.officialExtensions ?? []),
      ]
      return [target]
    }
    case 'intent': {
      // Validation problems are input errors (exit 2), as in `generate`; rules judge a valid intent.
      // Parsed once into the cache the intent rules share; on failure, load again for the error.
      const loaded = loadIntentCached(source) ?? loadIntentNow(source)
      const target = fileTarget(source, 'intent', { ...version, cluster: loaded.intent.cluster.name })
      if (!options.talosVersion) {
        target.talosVersion = parseTalosVersion(loaded.intent.cluster.talosVersion)
        target.talosVersionFrom = 'intent'
      }
      return [target]
    }
    case 'omni':
      return expandOmni(source, {
        ...version,
        readFile: read,
        ...(options.decrypt ? { decrypt: options.decrypt } : {}),
      })
    case 'talosconfig':
      return [talosconfigTarget(source, documents[0]!, { ...version, cluster: dirname(source.path) })]
    case 'talhelper':
      return expandTalhelper(source, {
        ...version,
        readFile: read,
        ...(options.env ? { env: options.env } : {}),
        ...(options.decrypt ? { decrypt: options.decrypt } : {}),
      })
    case 'json6902': {
      // Validated as Talos would read it (a malformed operation is an input error); alone it has
      // nothing to judge, since what it does depends on the config it is applied to.
      const patch = loadPatch(source)
      if (patch.format === 'json6902')
        for (const operation of patch.operations) checkJsonPatchOperation(source, operation)
      result.skipped.push({
        path: source.path,
        reason: 'JSON6902 patch: judged when rendered onto a node with --base and --patch',
        recognized: true,
      })
      return []
    }
    case 'other':
      result.skipped.push({
        path: source.path,
        reason: 'not a Talos config or patch, talconfig.yaml, schematic or talscale intent file',
        note: 'other',
      })
      return []
  }
}

// A node whose installer names a schematic ID learns that schematic's extensions when the
// schematic file is among the inputs; without it, rules only know the ID.
function linkSchematics(targets: readonly LintTarget[]): void {
  const byId = new Map<string, string[]>()
  for (const target of targets) {
    if (target.kind === 'schematic' && target.schematic?.id && target.schematic.extensions)
      byId.set(target.schematic.id, target.schematic.extensions)
  }
  if (byId.size === 0) return
  for (const target of targets) {
    const info = target.schematic
    if (target.kind === 'schematic' || !info?.id || info.extensions) continue
    const extensions = byId.get(info.id)
    if (extensions) info.extensions = [...extensions]
  }
}

function clusterOf(target: LintTarget): string | undefined {
  const main = target.documents.find(doc => doc.kind === MAIN_KIND)
  const name = main ? valueAt(main, ['cluster', 'clusterName']) : undefined
  return typeof name === 'string' && name !== '' ? name : undefined
}
