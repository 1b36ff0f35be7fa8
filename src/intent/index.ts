/**
 * The intent file as a library: load and validate `talscale.yaml`, resolve its secret references,
 * the built-in examples and the editor JSON Schema.
 * @module
 */
export {
  EXAMPLE_NAMES,
  type ExampleName,
  getExample,
  INTENT_TEMPLATE,
  loadExample,
  SCHEMA_URL,
} from './examples.ts'
export { type InitResult, initIntent } from './init.ts'
export { intentJsonSchema, renderIntentJsonSchema, SCHEMA_FILE } from './json-schema.ts'
export {
  formatPath,
  type IntentIssue,
  IntentValidationError,
  type LoadedIntent,
  loadIntent,
  locateNode,
  spanAt,
} from './load.ts'
export {
  type Intent,
  type IntentInput,
  type IntentNode,
  IntentSchema,
  LINK_TYPES,
  type LinkType,
  type SecretRef,
} from './schema.ts'
export { resolveSecret, type SecretEnvironment } from './secrets.ts'
