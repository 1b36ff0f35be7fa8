/**
 * render: Talos's own config patch semantics (strategic merge, `$patch: delete`, RFC6902), so a
 * base config plus patches can be checked as the node will see it.
 * @module
 */
export {
  applyPatches,
  detectFormat,
  type PatchInput,
  type RenderOptions,
  type RenderResult,
  renderNode,
  renderText,
} from './apply.ts'
export { applyJsonPatch, checkJsonPatchOperation, parsePointer } from './json-patch.ts'
export {
  appendPatch,
  classifyPatchArgument,
  type DeleteSelector,
  type JsonPatch,
  type JsonPatchOperation,
  loadPatch,
  loadPatchArgument,
  loadPatches,
  type Patch,
  type PatchDocument,
  type PatchReference,
  type StrategicPatch,
} from './patch.ts'
export { type FieldRule, isFreeFormMap, ruleFor } from './rules.ts'
