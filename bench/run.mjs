// talscale benchmark: every figure is a ratio against a floor measured in the same run (best of several
// alternating runs of each), so the numbers mean the same on a fast laptop and a loaded CI machine.
// Run with `npm run bench`.
//
//   start-up   `talscale --version`            vs  `node -e ''`
//              `talscale check` of the generated homelab bundle (a pre-commit hook) vs `node -e 0`
//   check      lint N user configs (read+judge) vs  read + yaml.parseAllDocuments of the same files
//   generate   generate + write an N-node bundle vs  writing the same bytes
//   memory     peak RSS of check / generate at 5,000 nodes (child processes)
//   growth     time(5,000) / time(1,000), divided by 5: 1.0 is linear (also relative to the floor's growth)
//   doctor     100 fake nodes (test/fixtures/doctor/fake-talosctl.mjs, 0.2 s per talosctl call):
//              processes and wall time with one node per talosctl call vs batches (--nodes a,b,c)
//
// BENCH_SIZES=10,100 node bench/run.mjs runs a quick subset.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseAllDocuments } from 'yaml'
import { fleetIntent, repositoryFiles, userMachineConfig } from './fleet.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const bin = join(root, 'bin', 'talscale.js')
const lib = await import(join(root, 'dist', 'index.js'))
const SIZES = (process.env.BENCH_SIZES ?? '10,100,1000,5000').split(',').map(Number)
const work = join(tmpdir(), `talscale-bench-${process.pid}`)
const rows = []

// The fastest of several runs: on a shared machine every disturbance only adds time, so the minimum is
// the figure closest to the work itself (medians moved 2x between identical runs under load).
function best(values) {
  return Math.min(...values)
}

/** Runs `a` and `b` alternately `reps` times and returns the best time of each in ms. */
function pair(reps, a, b) {
  const ta = []
  const tb = []
  for (let i = 0; i < reps; i++) {
    let t = performance.now()
    a()
    ta.push(performance.now() - t)
    t = performance.now()
    b()
    tb.push(performance.now() - t)
  }
  return [best(ta), best(tb), median(ta), median(tb)]
}

/** The middle value: what a typical run costs, load included (reported beside the best for start-up). */
function median(values) {
  const sorted = [...values].sort((x, y) => x - y)
  return sorted[sorted.length >> 1]
}

function progress(text) {
  process.stderr.write(`bench: ${text}\n`)
}

function startup() {
  progress('start-up (40 alternating runs)')
  const [tool, floor] = pair(
    40,
    () => execFileSync(process.execPath, [bin, '--version']),
    () => execFileSync(process.execPath, ['-e', '']),
  )
  rows.push(['start-up', '`talscale --version` / `node -e ""`', tool, floor, 1.3])
  const one = join(work, 'one.yaml')
  writeFileSync(one, userMachineConfig(1))
  progress('start-up of check on one file (15 alternating runs)')
  const [checkOne, floorOne] = pair(
    15,
    () => spawnSync(process.execPath, [bin, 'check', '--format', 'compact', one]),
    () => execFileSync(process.execPath, ['-e', '']),
  )
  rows.push([
    'check 1 file',
    '`talscale check one.yaml` process / `node -e ""`',
    checkOne,
    floorOne,
    undefined,
  ])
  // A pre-commit hook on a small repository: check the generated homelab bundle (5 nodes).
  const homelab = join(work, 'homelab')
  execFileSync(process.execPath, [bin, 'generate', '--example', 'homelab', '--out', homelab], {
    stdio: 'ignore',
  })
  progress('start-up of check on the homelab bundle (31 alternating runs)')
  const [checkHomelab, floorHomelab, checkHomelabMedian, floorHomelabMedian] = pair(
    31,
    () => spawnSync(process.execPath, [bin, 'check', homelab]),
    () => execFileSync(process.execPath, ['-e', '0']),
  )
  rows.push([
    'check homelab',
    '`talscale check` of the homelab bundle (5 nodes) process / `node -e 0`, best of each',
    checkHomelab,
    floorHomelab,
    2,
  ])
  rows.push(['check homelab', 'the same runs, median of each', checkHomelabMedian, floorHomelabMedian, 2])
}

function writeFleet(size) {
  const dir = join(work, `configs-${size}`)
  mkdirSync(dir, { recursive: true })
  const paths = []
  for (let i = 0; i < size; i++) {
    const path = join(dir, `node-${String(i).padStart(5, '0')}.yaml`)
    writeFileSync(path, userMachineConfig(i))
    paths.push(path)
  }
  for (const [relative, content] of repositoryFiles(size)) {
    const path = join(dir, relative)
    mkdirSync(join(path, '..'), { recursive: true })
    writeFileSync(path, content)
    paths.push(path)
  }
  return paths
}

function checkOnce(paths) {
  const inputs = paths.map(path => ({ source: lib.readSource(path), explicit: true }))
  const result = lib.lintSources(inputs, { cwd: work })
  if (result.errors.length > 0) throw new Error(`check failed on the fleet: ${result.errors[0].message}`)
  return result.findings.length
}

function parseOnce(paths) {
  let documents = 0
  for (const path of paths) documents += parseAllDocuments(readFileSync(path, 'utf8')).length
  return documents
}

const checkTimes = new Map()
function check(size) {
  const paths = writeFleet(size)
  const reps = size >= 5000 ? 3 : size >= 1000 ? 5 : 9
  progress(`check ${size} configs (${reps} alternating runs)`)
  // Warm the JIT on the same work, as a long CI job would be.
  for (let i = 0; i < 2; i++) {
    checkOnce(paths)
    parseOnce(paths)
  }
  const [tool, floor] = pair(
    reps,
    () => checkOnce(paths),
    () => parseOnce(paths),
  )
  checkTimes.set(size, [tool, floor])
  rows.push([`check ${size}`, 'lint / read+parse with yaml', tool, floor, size === 1000 ? 1.5 : undefined])
  if (size === 1000) {
    // Diagnostic: check keeps every parsed document until the cross-file rules have run; a floor that
    // keeps them too shows how much of the gap is the rules and how much is holding the trees (GC).
    const kept = []
    const [tool2, floorKept] = pair(
      reps,
      () => checkOnce(paths),
      () => {
        kept.length = 0
        for (const path of paths) kept.push(parseAllDocuments(readFileSync(path, 'utf8')))
      },
    )
    kept.length = 0
    rows.push([`check ${size}`, 'lint / read+parse keeping every document', tool2, floorKept, undefined])
  }
}

const generateTimes = new Map()
function generate(size) {
  const intent = lib.loadIntent(lib.sourceFromText('talscale.yaml', fleetIntent(size))).intent
  const reps = size >= 5000 ? 3 : size >= 1000 ? 5 : 9
  progress(`generate ${size} nodes (${reps} alternating runs)`)
  let bundle
  let n = 0
  const run = () => {
    const dir = join(work, `gen-${size}-${n++}`)
    bundle = lib.generateBundle(intent)
    lib.writeBundle(dir, bundle)
  }
  const floor = () => {
    const dir = join(work, `raw-${size}-${n++}`)
    for (const [path, file] of bundle.files) {
      const full = join(dir, path)
      mkdirSync(join(full, '..'), { recursive: true })
      writeFileSync(full, file.content, { mode: file.mode })
    }
  }
  run()
  const [tool, base] = pair(reps, run, floor)
  generateTimes.set(size, [tool, base])
  rows.push([`generate ${size}`, 'generate+write / write same bytes', tool, base, undefined])
}

function peakMemory(job, size) {
  progress(`peak memory: ${job} at ${size} nodes`)
  const child = spawnSync(
    process.execPath,
    [fileURLToPath(new URL('./child.mjs', import.meta.url)), job, String(size), work],
    {
      encoding: 'utf8',
    },
  )
  if (child.status !== 0) throw new Error(`memory child failed: ${child.stderr}`)
  return Number(child.stdout.trim()) / 1024
}

async function doctor(count, concurrency, batchSize) {
  progress(`doctor: ${count} fake nodes, concurrency ${concurrency}, ${batchSize} node(s) per call`)
  const fake = join(root, 'test', 'fixtures', 'doctor', 'fake-talosctl.mjs')
  const run = lib.talosctlRunner({
    path: fake,
    timeoutMs: 120_000,
    env: { PATH: process.env.PATH, FAKE_TALOSCTL_DELAY_MS: '200', FAKE_TALOSCTL_TEMPLATE: '10.0.0.1' },
  })
  const nodes = Array.from({ length: count }, (_, i) => ({
    address: `172.16.${Math.floor(i / 250)}.${(i % 250) + 1}`,
  }))
  const t = performance.now()
  const fleet = await lib.diagnoseFleet(nodes, { run, rules: lib.RULES, concurrency, batchSize })
  const wall = performance.now() - t
  const problems = fleet.findings.filter(finding => finding.severity !== 'info')
  if (fleet.nodes.length !== count || problems.length > 0)
    throw new Error(`doctor bench: ${fleet.nodes.length} nodes, first problem ${problems[0]?.message}`)
  return { wall, calls: fleet.calls, fallbacks: fleet.fallbacks }
}

async function doctorRows() {
  const count = Number(process.env.BENCH_DOCTOR_NODES ?? 100)
  const runs = [
    [`${count} nodes, one node per call (\`--batch 1\`)`, await doctor(count, 8, 1)],
    [`${count} nodes, default \`--batch 10\``, await doctor(count, 8, 10)],
    [`${count} nodes, \`--batch 50\``, await doctor(count, 8, 50)],
  ]
  const [, alone] = runs[0]
  doctorLines.push(
    '| doctor run (talosctl answers in 200 ms, `--concurrency 8`) | talosctl processes | asked again | wall ms | vs one node per call |',
  )
  doctorLines.push('|---|---:|---:|---:|---:|')
  for (const [name, r] of runs) {
    doctorLines.push(
      `| ${name} | ${r.calls} | ${r.fallbacks} | ${fmt(r.wall, 0)} | ${fmt(alone.wall / r.wall, 1)}x faster, ${fmt(alone.calls / r.calls, 1)}x fewer processes |`,
    )
  }
}
const doctorLines = []

/** Peak RSS of a bare node process, the floor under any child's figure. */
function bareNodePeak() {
  const script = 'process.stdout.write(String(process.resourceUsage().maxRSS))'
  return Number(spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' }).stdout) / 1024
}

function fmt(value, digits = 1) {
  return value === undefined ? '' : value.toFixed(digits)
}

try {
  mkdirSync(work, { recursive: true })
  startup()
  for (const size of SIZES) check(size)
  for (const size of SIZES) generate(size)
  const memory = []
  const memorySize = Math.max(...SIZES)
  memory.push([`check ${memorySize}`, peakMemory('check', memorySize)])
  memory.push([`generate ${memorySize}`, peakMemory('generate', memorySize)])
  memory.push(['floor: bare `node -e`', bareNodePeak()])
  if (process.env.BENCH_DOCTOR !== '0') await doctorRows()

  const out = []
  out.push(`talscale ${lib.VERSION} on node ${process.version}, ${process.platform}/${process.arch}`)
  out.push('')
  out.push('| measure | compared with | talscale ms | floor ms | ratio | target |')
  out.push('|---|---|---:|---:|---:|---:|')
  for (const [name, what, tool, floor, target] of rows) {
    const ratio = tool / floor
    out.push(
      `| ${name} | ${what} | ${fmt(tool)} | ${fmt(floor)} | ${fmt(ratio, 2)}x | ${target ? `<= ${target}x` : ''} |`,
    )
  }
  if (checkTimes.has(1000) && checkTimes.has(5000)) {
    // Raw growth follows the machine's load between the two phases; growth relative to the floor's
    // own growth (the floor is linear work) cancels it. 1.00 = linear for both.
    out.push('')
    out.push("| growth 1,000 -> 5,000 nodes | time(5,000) / 5 time(1,000) | relative to the floor's growth |")
    out.push('|---|---:|---:|')
    for (const [name, times] of [
      ['check', checkTimes],
      ['generate', generateTimes],
    ]) {
      const [tool1, floor1] = times.get(1000)
      const [tool5, floor5] = times.get(5000)
      out.push(`| ${name} | ${fmt(tool5 / tool1 / 5, 2)} | ${fmt(tool5 / floor5 / (tool1 / floor1), 2)} |`)
    }
  }
  out.push('')
  out.push('| peak RSS (child process) | MB | target |')
  out.push('|---|---:|---:|')
  for (const [name, mb] of memory)
    out.push(`| ${name} | ${fmt(mb)} | ${name.startsWith('check 5000') ? '< 200' : ''} |`)
  if (doctorLines.length > 0) out.push('', ...doctorLines)
  process.stdout.write(`${out.join('\n')}\n`)
} finally {
  rmSync(work, { recursive: true, force: true })
}
