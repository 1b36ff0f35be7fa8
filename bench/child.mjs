// One job in a fresh process, so its peak RSS is its own. Prints maxRSS in KiB.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { fleetIntent, userMachineConfig } from './fleet.mjs'

const [job, sizeText, work] = process.argv.slice(2)
const size = Number(sizeText)
const lib = await import(fileURLToPath(new URL('../dist/index.js', import.meta.url)))

if (job === 'check') {
  const dir = join(work, `mem-configs-${size}`)
  mkdirSync(dir, { recursive: true })
  const inputs = []
  for (let i = 0; i < size; i++) {
    const path = join(dir, `n${i}.yaml`)
    writeFileSync(path, userMachineConfig(i))
    inputs.push({ source: lib.readSource(path), explicit: true })
  }
  lib.lintSources(inputs, { cwd: work })
} else {
  const intent = lib.loadIntent(lib.sourceFromText('talscale.yaml', fleetIntent(size))).intent
  lib.writeBundle(join(work, `mem-gen-${size}`), lib.generateBundle(intent))
}
process.stdout.write(`${process.resourceUsage().maxRSS}\n`)
