/**
 * Validating generated Talos documents against the published Talos JSON schemas (draft 2020-12),
 * one document at a time (each schema describes one document kind).
 */
import type { ValidateFunction } from 'ajv'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { parseAllDocuments } from 'yaml'
import { referenceJson } from '../support/reference.ts'

const validators = new Map<number, ValidateFunction>()

function validatorFor(minor: number): ValidateFunction {
  let validate = validators.get(minor)
  if (!validate) {
    const schema = referenceJson('talos', 'schemas', `v1.${minor}`, 'config.schema.json')
    const ajv = new Ajv2020({ strict: false, allErrors: false })
    addFormats.default(ajv)
    validate = ajv.compile(schema)
    validators.set(minor, validate)
  }
  return validate
}

/**
 * The two places where the v1.14 (rc.1) schema and Talos disagree for a patch document:
 * - the schema names the unattended-install kind `UnattendedInstall` (its schemaMeta), while Talos
 *   registers `UnattendedInstallConfig` (what talosctl gen config writes and Talos accepts);
 * - `KubeAPIServerConfig.image` is required by the schema, but a patch merges into the document
 *   `talosctl gen config` wrote, which carries the image.
 * Both are mapped here, narrowly, so every other property is still checked.
 */
export function asSchemaSees(doc: Record<string, unknown>, minor: number): Record<string, unknown> {
  if (minor >= 14 && doc.kind === 'UnattendedInstallConfig') return { ...doc, kind: 'UnattendedInstall' }
  if (minor >= 14 && doc.kind === 'KubeAPIServerConfig' && doc.image === undefined) {
    return { ...doc, image: 'registry.k8s.io/kube-apiserver:v1.37.0' }
  }
  return doc
}

/** Schema errors of every document in a multi-document YAML text, as readable strings. */
export function schemaErrors(text: string, minor: number): string[] {
  const validate = validatorFor(minor)
  const errors: string[] = []
  parseAllDocuments(text).forEach((document, index) => {
    const value = document.toJS() as Record<string, unknown> | null
    if (value === null || value === undefined) return
    if (!validate(asSchemaSees(value, minor))) {
      errors.push(
        `doc ${index} (${String(value.kind ?? 'v1alpha1')}): ${JSON.stringify(validate.errors?.slice(0, 3))}`,
      )
    }
  })
  return errors
}
