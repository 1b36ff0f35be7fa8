// Writes a generated docs folder: every file of the map, and removes the .md pages it no longer has.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'

export function writeGeneratedDocs(dir: URL, files: ReadonlyMap<string, string>): void {
  const path = dir.pathname
  mkdirSync(path, { recursive: true })
  for (const name of readdirSync(path)) if (name.endsWith('.md') && !files.has(name)) rmSync(path + name)
  for (const [name, text] of files) writeFileSync(path + name, text)
}
