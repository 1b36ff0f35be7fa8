/**
 * The generate job: intent file in, complete Tailscale-on-Talos bundle out (`generateBundle`), plus
 * writing it safely (`writeBundle`) and checking a directory for drift (`checkBundle`).
 * @module
 */
export { type Bundle, type BundleFile, type GenerateOptions, generateBundle } from './bundle.ts'
export { expandRoutes, type NodePlan, type Plan, planBundle, tailnetHostname } from './plan.ts'
export {
  checkBundle,
  type DriftResult,
  isClean,
  MANIFEST_FILE,
  type Manifest,
  manifestFor,
  renderManifest,
  sha256,
  type WriteResult,
  writeBundle,
  writeSecretFile,
} from './write.ts'
