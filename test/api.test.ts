/**
 * The library's public surface, pinned: a name added to or dropped from src/index.ts fails here, so
 * every change to what `import { ... } from 'talscale'` offers is deliberate and reviewed (and the
 * README's export table, checked by readme.test.ts, follows it).
 */
import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import * as api from '../src/index.ts'

const EXPORTED = [
  'BOOTLOADERS',
  'DEFAULT_INSTALLER_REPOSITORY',
  'DOCTOR_CHECKS',
  'EMPTY_SCHEMATIC_ID',
  'ENROLL_KEYS',
  'EXAMPLE_NAMES',
  'ExitCode',
  'FACTORY_PLATFORMS',
  'IMAGE_ARCHES',
  'InputError',
  'IntentSchema',
  'IntentValidationError',
  'LIMITS',
  'PUBLIC_FACTORY_URL',
  'REPORT_FORMATS',
  'RULES',
  'SEVERITIES',
  'TAILSCALE_EXTENSION',
  'TOPICS',
  'TailscaleApi',
  'TailscaleApiError',
  'TalscaleError',
  'UsageError',
  'VERSION',
  'YamlFloat',
  'applyPatches',
  'bootMedia',
  'buildTopology',
  'canonicalSchematicYaml',
  'checkBundle',
  'classifyLine',
  'classifyLog',
  'compareFindings',
  'credentialsFromEnv',
  'decodeSchematicNode',
  'defineRule',
  'describeTopology',
  'diagnoseFleet',
  'diagnoseLog',
  'diagnoseNode',
  'diagnoseTailnet',
  'expectationsFromIntent',
  'explainLog',
  'factoryEndpoint',
  'failsAt',
  'fixSources',
  'fixedClock',
  'formatError',
  'formatFindings',
  'generateBundle',
  'getExample',
  'hasTailscaleExtension',
  'installerImage',
  'installerImageParse',
  'isClean',
  'lintSources',
  'loadIntent',
  'loadPatch',
  'loadPatches',
  'parseImageTalosVersion',
  'parseSchematic',
  'parseSchematicWithPositions',
  'parseSource',
  'planApproveRoutes',
  'planPrune',
  'platformInfo',
  'readSource',
  'redactSecrets',
  'registerSchematicCommand',
  'renderNode',
  'renderText',
  'resolveSecret',
  'schematicId',
  'schematicSecretRisks',
  'severityRank',
  'sourceFromText',
  'summarize',
  'systemClock',
  'talosctlRunner',
  'topologyMermaid',
  'topologySvg',
  'writeBundle',
  'writeSecretFile',
]

it('exports exactly the pinned runtime names', () => {
  expect(Object.keys(api).sort()).toEqual([...EXPORTED].sort())
})

it('exports nothing undefined (a re-export of a name its module dropped)', () => {
  for (const [name, value] of Object.entries(api)) expect(value, name).toBeDefined()
})

it('documents every export in the README library table (readme.test.ts checks the other direction)', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  const table = readme.slice(readme.indexOf('## Library use'), readme.indexOf('## Development'))
  const undocumented = EXPORTED.filter(name => !table.includes(`\`${name}\``))
  expect(undocumented).toEqual([])
})
