/**
 * What a lint rule is. A rule is data first (code, name, topic, severity, message templates, fix
 * title, docs) and one pure `check` function over parsed documents with positions.
 * @module
 */
import type { Node } from 'yaml'
import type { Finding, Severity, TextEdit, Topic } from '../core/finding.ts'
import type { SourceFile } from '../core/source.ts'
import type { TalosDocument } from '../talos/documents.ts'
import type { TalosVersion } from '../talos/version.ts'

/** What kind of input a target was built from. */
export type TargetKind =
  /** A full machine config from `talosctl gen config` (multi-document): a whole node. */
  | 'machine-config'
  /** A strategic-merge patch: judged only on what it contains. */
  | 'patch'
  /** A base config plus patches merged by render: a whole node. */
  | 'rendered'
  /** One node of a talhelper `talconfig.yaml`, assembled from the file and its patches. */
  | 'talhelper-node'
  /** An Image Factory schematic. */
  | 'schematic'
  /** talscale's own intent file. */
  | 'intent'
  /**
   * Any other file of the checked tree (`.env`, Terraform, Markdown, Helm values, talenv.yaml), as
   * plain text with no documents: only rules that read raw text list this kind (TAL307).
   */
  | 'file'
  /** A talosconfig (talosctl's client config): the endpoints it dials. */
  | 'talosconfig'

/** Target kinds made of Talos documents: what node-level rules look at. */
export const CONFIG_KINDS: readonly TargetKind[] = ['machine-config', 'patch', 'rendered', 'talhelper-node']

/** Target kinds read from YAML inputs (all but plain-text files and talosconfigs): what the meta rules cover. */
export const YAML_INPUT_KINDS: readonly TargetKind[] = [...CONFIG_KINDS, 'schematic', 'intent']

/** A unit that rules judge: one node, one patch, one schematic. */
export interface LintTarget {
  /** What output calls it: a path, or `talconfig.yaml (node cp-1)`. */
  label: string
  kind: TargetKind
  /** The file that represents the target (the one findings default to). */
  source: SourceFile
  /** Talos documents of the node or patch; empty for schematics and intent files. */
  documents: TalosDocument[]
  /** True when the target is a whole node, so rules may judge what is missing, not only what is there. */
  complete: boolean
  /** Machine type, when known (`machine.type`, talhelper `controlPlane`, or intent role). */
  role?: 'controlplane' | 'worker'
  talosVersion: TalosVersion
  /** Where talosVersion came from; rules may say "assuming v1.14 (default)". */
  talosVersionFrom: 'flag' | 'image' | 'talhelper' | 'intent' | 'default'
  /**
   * The config contract (`talosctl gen config --talos-version`) when it is older than talosVersion
   * and can be told: a `# talscale config-contract:` header line, or a rendered gen-config base
   * without the v1.14 documents. Deprecation rules stay silent for an older contract: moving a
   * field to its new document conflicts with the v1alpha1 fields such a cluster keeps.
   */
  configContract?: TalosVersion
  /** Facts known from outside the documents (the intent file, talhelper), used to make fixes concrete. */
  hints: TargetHints
  /** Cluster grouping for cross-file rules (talhelper clusterName, intent cluster.name, or the directory). */
  cluster?: string
  /** The Image Factory schematic in effect for this node, when it can be told. */
  schematic?: SchematicInfo
  /**
   * What went wrong while reading the target's files (a referenced file that is missing, text that
   * does not parse): reported by TAL010/TAL011 at the place it was found, so one broken file never
   * hides the findings of the others.
   */
  problems?: InputProblem[]
  /**
   * Some of the node's content could not be read (SOPS ciphertext, Go templates): rules must not
   * judge what is missing from it, because the unreadable part may hold it.
   */
  partial?: boolean
}

/** A problem met while reading a target's inputs. */
export interface InputProblem {
  /** `missing-file`: a referenced file cannot be read; `invalid`: text that cannot be read as what it is. */
  kind: 'missing-file' | 'invalid'
  /** What is wrong, without secret values. */
  message: string
  at: Location
}

/** Facts from outside the documents. All optional: rules must work without them. */
export interface TargetHints {
  /** LAN subnets where kubelet and etcd must stay (intent `cluster.lanSubnets`, talhelper node address). */
  lanSubnets?: string[]
  /** The node is meant to persist in the tailnet (not ephemeral). Defaults to true for Talos nodes. */
  persistent?: boolean
  /** Node name (talhelper hostname, intent node). */
  node?: string
}

/** The schematic behind a node's install image, as far as it is known. */
export interface SchematicInfo {
  /** 64-hex ID, when known. */
  id?: string
  /** Official extensions, when the schematic itself is at hand. */
  extensions?: string[]
  /** Where the schematic or the image reference stands, for findings. */
  source: SourceFile
  node?: Node
}

/** A place a finding points at. `node` wins over `range`; neither means the start of the file. */
export interface Location {
  source: SourceFile
  node?: Node | null
  range?: [number, number]
}

/** What a rule passes to `report`. */
export interface ReportDescriptor<M extends string> {
  at: Location
  messageId: M
  data?: Record<string, string | number>
  /** Text edits that fix this finding; only for rules whose `fix` is not `none`. */
  edits?: TextEdit[]
  /** Other places that explain it (the first of a duplicate, the other side of a conflict). */
  related?: Array<{ at: Location; message: string }>
}

/**
 * Everything a check may use. `target` is set for target-scoped rules, `targets` always. A whole
 * node (machine config, talhelper node) is judged as soon as it is read, and its documents are then
 * dropped: its target-scoped rules see in `targets` the schematic files of the run and the node
 * itself, which is all the `facts/` helpers need for a whole node. Patches, rendered nodes,
 * schematics and intent files see every target.
 */
export interface RuleContext<M extends string, F = unknown> {
  target: LintTarget
  targets: readonly LintTarget[]
  report(descriptor: ReportDescriptor<M>): void
  /** For rules with `judgesFindings`: every finding of the other rules, before pragmas are applied. */
  findings?: readonly Finding[]
  /** The rules of this run (after `--rule` and config `off`), so meta rules can tell unused from not run. */
  rules?: readonly Rule[]
  /** Every rule talscale knows (the registry), so meta rules can tell unknown codes from disabled ones. */
  knownRules?: readonly Rule[]
  /**
   * For project rules with `collect`: what it returned for each target of a listed kind, in target
   * order. Those targets' `documents` may be empty by then; judge from the facts.
   */
  facts?: ReadonlyMap<LintTarget, F>
}

export interface RuleDocs {
  /** One sentence: what the rule finds. Used in `talscale rules` and the docs index. */
  summary: string
  /** Why it matters, citing the fact (T1-T19, docs/facts.md) when there is one. Ends with a period. */
  why: string
  /** YAML that triggers the rule. Checked by the docs test. */
  invalid: string
  /** YAML that does not. Checked by the docs test. */
  valid: string
  /** How to load the examples (defaults: a patch). */
  exampleKind?: TargetKind
  references?: string[]
  /**
   * For rules with an unsafe fix: what applying it changes beyond the defect (a guess, wider access,
   * a different behaviour), so users know what `--unsafe-fixes` does. Shown as "Fix safety" in the docs.
   */
  fixSafety?: string
}

/** A lint rule. Codes are stable and never reused. */
export interface Rule<M extends string = string, F = unknown> {
  /** `TAL` + three digits, stable forever. */
  code: string
  /** kebab-case, unique. */
  name: string
  topic: Topic
  severity: Severity
  /** `target`: called once per target of a listed kind. `project`: called once with every target. */
  scope: 'target' | 'project'
  kinds: readonly TargetKind[]
  /** Message templates by id; `{{key}}` is replaced by `data.key`. Say what is wrong, quoting the value. */
  messages: Record<M, string>
  /** Imperative: what to do. */
  fixTitle: string
  /** Whether findings carry edits, and whether `--fix` may apply them unasked. */
  fix: 'none' | 'safe' | 'unsafe'
  docs: RuleDocs
  /**
   * Meta rules that judge the other rules' findings (TAL001 unused-ignore) set this: they run after
   * every other rule and see those findings in `context.findings`.
   */
  judgesFindings?: boolean
  /**
   * Project rules that need more of a target than its label, kind, cluster and hints set this: it is
   * called once per target of a listed kind while the target's documents are at hand (they are
   * dropped once the target is judged, so a run over thousands of files stays small), and `check`
   * receives what it returned in `context.facts`. Return little: a few values, and the YAML nodes or
   * offsets to report on (a node holds no parent pointers; a `Located` holds its whole document).
   */
  collect?(context: RuleContext<M>): F
  check(context: RuleContext<M, F>): void
}

/** Identity function that gives rule objects their type; every rule file default-exports one. */
export function defineRule<M extends string, F = unknown>(rule: Rule<M, F>): Rule<M, F> {
  return rule
}
