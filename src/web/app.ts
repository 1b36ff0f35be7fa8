/**
 * The browser page: wires the DOM to src/web/model.ts. Everything the page shows is computed here,
 * in the page; there is no server behind it (`talscale serve` only hands out these static files).
 * @module
 */
import { EXAMPLE_NAMES, getExample } from '../intent/examples.ts'
import { bundleZip, type CheckView, checkText, type GenerateView, generateFromText } from './model.ts'

const BROKEN_EXAMPLE = `# A broken ExtensionServiceConfig: edit it and watch the findings change.
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
  - TS_EXTRA_ARGS=--port=41641 --accept-dns
  - "TS_STATE_DIR=mem:"
`

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id)
  if (!found) throw new Error(`the page has no #${id}`)
  return found as T
}

function make<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { text?: string; className?: string } = {},
  ...children: Node[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  if (props.text !== undefined) node.textContent = props.text
  if (props.className !== undefined) node.className = props.className
  node.append(...children)
  return node
}

/** Runs `work` once typing pauses, so a large paste is judged once, not per keystroke. */
function debounce(work: () => void, ms = 150): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  return () => {
    if (timer !== undefined) clearTimeout(timer)
    timer = setTimeout(work, ms)
  }
}

// Tabs.
const tabs = [element<HTMLButtonElement>('tab-check'), element<HTMLButtonElement>('tab-generate')]
for (const tab of tabs) {
  tab.addEventListener('click', () => {
    for (const other of tabs) {
      const selected = other === tab
      other.setAttribute('aria-selected', String(selected))
      element(other.getAttribute('aria-controls')!).hidden = !selected
    }
  })
}

// Check.
const checkInput = element<HTMLTextAreaElement>('check-input')
const checkName = element<HTMLInputElement>('check-name')
const checkVersion = element<HTMLInputElement>('check-version')

function showCheck(view: CheckView): void {
  const summary = element('check-summary')
  summary.textContent = view.summary
  summary.className = view.findings.length === 0 && view.problems.length === 0 ? 'ok' : ''
  const list = element('findings')
  list.replaceChildren()
  for (const problem of view.problems) {
    list.append(make('li', { className: 'finding error' }, make('pre', { text: problem })))
  }
  for (const finding of view.findings) {
    const item = make(
      'li',
      { className: `finding ${finding.severity}` },
      make('div', {
        className: 'head',
        text: `line ${finding.line}:${finding.column} ${finding.code} ${finding.severity}`,
      }),
      make('pre', { text: finding.text }),
    )
    item.dataset.code = finding.code
    item.dataset.line = String(finding.line)
    if (finding.docs) {
      const docs = make(
        'details',
        {},
        make('summary', { text: `About ${finding.code}: ${finding.docs.summary}` }),
        make('p', { text: finding.docs.why }),
      )
      if (finding.docs.fixTitle) docs.append(make('p', { text: `Fix: ${finding.docs.fixTitle}` }))
      item.append(docs)
    }
    list.append(item)
  }
  const preview = element<HTMLDetailsElement>('fix-preview')
  preview.hidden = view.fixDiff === ''
  element('fix-diff').textContent = view.fixDiff
}

const runCheck = debounce(() => showCheck(checkText(checkName.value, checkInput.value, checkVersion.value)))
for (const input of [checkInput, checkName, checkVersion]) input.addEventListener('input', runCheck)

// Dropping a file reads it locally and takes its name, which decides how it is judged.
checkInput.addEventListener('dragover', event => {
  event.preventDefault()
  checkInput.classList.add('dragging')
})
checkInput.addEventListener('dragleave', () => checkInput.classList.remove('dragging'))
checkInput.addEventListener('drop', event => {
  event.preventDefault()
  checkInput.classList.remove('dragging')
  const file = event.dataTransfer?.files[0]
  if (!file) return
  void file.text().then(text => {
    checkName.value = file.name
    checkInput.value = text
    runCheck()
  })
})

// Generate.
const intentInput = element<HTMLTextAreaElement>('intent-input')
const exampleSelect = element<HTMLSelectElement>('example')
let current: GenerateView | undefined
let shownFile = 'README.md'

function showFile(path: string): void {
  if (!current?.ok) return
  const file = current.bundle.files.get(path)
  if (!file) return
  shownFile = path
  element('bundle-file').textContent = file.content
  for (const button of element('bundle-files').querySelectorAll('button')) {
    button.setAttribute('aria-current', String(button.dataset.path === path))
  }
}

function showGenerate(view: GenerateView): void {
  current = view
  const errors = element('intent-errors')
  errors.replaceChildren()
  const summary = element('bundle-summary')
  const download = element<HTMLButtonElement>('download')
  if (!view.ok) {
    for (const problem of view.problems) {
      const item = make('li', {
        text: `${problem.line === undefined ? '' : `line ${problem.line}: `}${problem.message}`,
      })
      if (problem.line !== undefined) item.dataset.line = String(problem.line)
      errors.append(item)
    }
    summary.textContent = `The intent has ${view.problems.length} problem${view.problems.length === 1 ? '' : 's'}; the bundle below is from the last valid intent.`
    summary.className = ''
    download.disabled = true
    return
  }
  for (const warning of view.warnings) errors.append(make('li', { text: warning }))
  const { bundle } = view
  summary.textContent = `${bundle.files.size} files for Talos ${bundle.talosVersion}, schematic ${bundle.schematics[0]?.id.slice(0, 12) ?? ''}...`
  summary.className = 'ok'
  download.disabled = false
  // The SVG is talscale's own output, with every intent string escaped (src/graph/svg.ts).
  element('topology').innerHTML = bundle.files.get('topology.svg')?.content ?? ''
  const list = element('bundle-files')
  list.replaceChildren()
  for (const path of bundle.files.keys()) {
    const button = make('button', { text: path })
    button.dataset.path = path
    button.addEventListener('click', () => showFile(path))
    list.append(make('li', {}, button))
  }
  showFile(bundle.files.has(shownFile) ? shownFile : 'README.md')
}

const runGenerate = debounce(() => showGenerate(generateFromText(intentInput.value)))
intentInput.addEventListener('input', runGenerate)

for (const name of EXAMPLE_NAMES) {
  const option = make('option', { text: name })
  option.value = name
  exampleSelect.append(option)
}
exampleSelect.value = 'homelab'
exampleSelect.addEventListener('change', () => {
  intentInput.value = getExample(exampleSelect.value)
  showGenerate(generateFromText(intentInput.value))
})

element<HTMLButtonElement>('download').addEventListener('click', () => {
  if (!current?.ok) return
  const zip = bundleZip(current.bundle)
  const url = URL.createObjectURL(new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }))
  const link = make('a')
  link.href = url
  link.download = `${current.bundle.topology.cluster}-bundle.zip`
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
})

checkInput.value = BROKEN_EXAMPLE
showCheck(checkText(checkName.value, checkInput.value, checkVersion.value))
intentInput.value = getExample('homelab')
showGenerate(generateFromText(intentInput.value))
document.body.dataset.ready = 'true'
