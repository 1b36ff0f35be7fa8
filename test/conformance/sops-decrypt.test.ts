/**
 * talscale's SOPS decryption against files the real sops (3.11.0) wrote: talhelper's decrypt test
 * data, encrypted for the age test key talhelper publishes (given in the reference README).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { findAgeIdentities, SopsDecryptor } from '../../src/sops/index.ts'
import { runCli } from '../support/cli.ts'
import { referenceDir, referencePath } from '../support/reference.ts'

function publishedKey(): string {
  const readme = readFileSync(referencePath('talhelper', 'README.md'), 'utf8')
  const key = /AGE-SECRET-KEY-1[0-9A-Z]+/.exec(readme)?.[0]
  if (!key) throw new Error('the talhelper reference README no longer gives the age test key')
  return key
}

const read = (name: string) => ({
  path: name,
  text: readFileSync(referencePath('talhelper', 'testdata', 'decrypt', name), 'utf8'),
})

async function decrypt(name: string) {
  const decryptor = new SopsDecryptor(findAgeIdentities({ env: { SOPS_AGE_KEY: publishedKey() } }))
  const source = read(name)
  await decryptor.prepare(source)
  return decryptor.open(source)
}

function dotenv(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .filter(line => line.includes('='))
      .map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  )
}

describe('SOPS files written by sops 3.11 (talhelper testdata/decrypt)', () => {
  it.each([
    ['encrypted.yaml', 'unencrypted.yaml'],
    ['encrypted.json', 'unencrypted.json'],
  ])('%s decrypts (MAC verified) to %s', async (encrypted, clear) => {
    const opened = await decrypt(encrypted)
    expect(opened.kind).toBe('decrypted')
    if (opened.kind !== 'decrypted') return
    expect(parse(opened.decrypted.clear.text)).toEqual(parse(read(clear).text))
  })

  it('encrypted.env decrypts (MAC verified) to unencrypted.env', async () => {
    const opened = await decrypt('encrypted.env')
    expect(opened.kind).toBe('decrypted')
    if (opened.kind !== 'decrypted') return
    expect(dotenv(opened.decrypted.clear.text)).toEqual(dotenv(read('unencrypted.env').text))
  })

  it.each([
    'patcher/encrypted.sops.yaml',
    'substitute/file3.sops.yaml',
    'substitute/encrypted-manifest.sops.yaml',
    'generate/encrypted-manifest.sops.yaml',
  ])('talhelper %s decrypts with its MAC verified', async name => {
    const decryptor = new SopsDecryptor(findAgeIdentities({ env: { SOPS_AGE_KEY: publishedKey() } }))
    const source = { path: name, text: readFileSync(referencePath('talhelper', 'testdata', name), 'utf8') }
    await decryptor.prepare(source)
    const opened = decryptor.open(source)
    expect(opened.kind).toBe('decrypted')
    if (opened.kind !== 'decrypted') return
    expect(opened.decrypted.clear.text).not.toContain('ENC[')
    expect(opened.decrypted.clear.text).not.toContain('sops:')
  })

  it('a value changed in the file fails the check instead of decrypting', async () => {
    const decryptor = new SopsDecryptor(findAgeIdentities({ env: { SOPS_AGE_KEY: publishedKey() } }))
    const source = read('encrypted.yaml')
    const lines = source.text.split('\n')
    // Swap hello's and secret's ciphertexts: each is sealed with its own key path.
    const [hello, secret] = [lines[0]!.slice('hello: '.length), lines[1]!.slice('secret: '.length)]
    const swapped = {
      path: 'x.yaml',
      text: [`hello: ${secret}`, `secret: ${hello}`, ...lines.slice(2)].join('\n'),
    }
    await decryptor.prepare(swapped)
    const opened = decryptor.open(swapped)
    expect(opened.kind).toBe('failed')
  })

  it('check --decrypt reads them without printing a clear value', async () => {
    const dir = `${referenceDir()}/talhelper/testdata/decrypt`
    const result = await runCli(['check', '--decrypt', '--verbose', 'encrypted.yaml'], {
      cwd: dir,
      env: { SOPS_AGE_KEY: publishedKey() },
    })
    expect(result.stdout + result.stderr).not.toContain('mysecretvalue')
    expect(result.stderr).not.toContain('does not decrypt')
  })
})
