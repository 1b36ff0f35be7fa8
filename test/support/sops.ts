/**
 * A small SOPS encryptor for tests (YAML, JSON and dotenv, age recipients only), written from the
 * sops 3.x format: AES-256-GCM values with a 32-byte IV and the key path as additional data, a
 * SHA-512 MAC over the clear leaves encrypted with `lastmodified` as additional data, and the data
 * key wrapped for each age recipient. talscale's decryptor is checked against talhelper's files made
 * by the real sops in test/conformance; this one makes fixtures for `npm test`.
 *
 * IVs are derived from the key path and value (not random) so that a fixture made twice is the same
 * apart from the age stanza. Never use this for real secrets.
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto'
import { armor, Encrypter } from 'age-encryption'
import { isMap, isScalar, isSeq, type Node, parseDocument, Scalar } from 'yaml'

/** The TEST-ONLY age identity the committed fixtures are encrypted for. It protects nothing. */
export const TEST_ONLY_AGE_IDENTITY =
  'AGE-SECRET-KEY-1RJ4TP8WZN5JZVX7UPZL8DSWE85ZD6VFP6LU77LC4JRE3ZCAGCETQWDUT8V'
export const TEST_ONLY_AGE_RECIPIENT = 'age1yq9mq95ey27qhrqdalq9fsxzt7cckfsf59esytcw9n9gdxantsfqwtxg63'

export interface EncryptOptions {
  recipients?: string[]
  dataKey?: Uint8Array
  lastModified?: string
  unencryptedSuffix?: string
}

function sealValue(key: Uint8Array, value: string, type: string, additional: string): string {
  const iv = createHash('sha256').update(`${additional}\u0000${value}`).digest()
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(additional, 'utf8'))
  const data = Buffer.concat([cipher.update(Buffer.from(value, 'utf8')), cipher.final()])
  return `ENC[AES256_GCM,data:${data.toString('base64')},iv:${iv.toString('base64')},tag:${cipher.getAuthTag().toString('base64')},type:${type}]`
}

async function ageEntries(key: Uint8Array, recipients: readonly string[]) {
  const entries: Array<{ recipient: string; enc: string }> = []
  for (const recipient of recipients) {
    const encrypter = new Encrypter()
    encrypter.addRecipient(recipient)
    entries.push({ recipient, enc: armor.encode(await encrypter.encrypt(key)) })
  }
  return entries
}

function goText(value: unknown): { text: string; type: string } {
  if (typeof value === 'boolean') return { text: value ? 'True' : 'False', type: 'bool' }
  if (typeof value === 'number')
    return { text: String(value), type: Number.isInteger(value) ? 'int' : 'float' }
  return { text: String(value), type: 'str' }
}

/** Encrypts a YAML (or JSON, with `json: true`) text the way `sops -e` does. */
export async function encryptYaml(
  text: string,
  options: EncryptOptions & { json?: boolean } = {},
): Promise<string> {
  const key = options.dataKey ?? randomBytes(32)
  const suffix = options.unencryptedSuffix ?? '_unencrypted'
  const lastModified = options.lastModified ?? '2026-01-02T03:04:05Z'
  const doc = parseDocument(text)
  const hash = createHash('sha512')
  const visit = (node: Node, path: string[], clear: boolean): Node => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const name = String((pair.key as Scalar).value)
        if (pair.value)
          pair.value = visit(pair.value as Node, [...path, name], clear || name.endsWith(suffix))
      }
      return node
    }
    if (isSeq(node)) {
      node.items = node.items.map(item => visit(item as Node, path, clear))
      return node
    }
    if (isScalar(node)) {
      if (node.value === null) return node
      const { text: plain, type } = goText(node.value)
      hash.update(Buffer.from(plain, 'utf8'))
      if (clear || plain === '') return node
      return new Scalar(sealValue(key, plain, type, `${path.join(':')}:`))
    }
    return node
  }
  if (doc.contents) visit(doc.contents as Node, [], false)
  const mac = sealValue(key, hash.digest('hex').toUpperCase(), 'str', lastModified)
  const sops = {
    age: await ageEntries(key, options.recipients ?? [TEST_ONLY_AGE_RECIPIENT]),
    lastmodified: lastModified,
    mac,
    unencrypted_suffix: suffix,
    version: '3.11.0',
  }
  if (options.json) {
    const plain = doc.toJS() as Record<string, unknown>
    return `${JSON.stringify({ ...plain, sops }, null, '\t')}\n`
  }
  doc.set('sops', doc.createNode(sops))
  return doc.toString({ lineWidth: 0 })
}

/** Encrypts a dotenv text (`KEY=VALUE` lines) the way `sops -e` does. */
export async function encryptDotenv(text: string, options: EncryptOptions = {}): Promise<string> {
  const key = options.dataKey ?? randomBytes(32)
  const lastModified = options.lastModified ?? '2026-01-02T03:04:05Z'
  const hash = createHash('sha512')
  const lines: string[] = []
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) {
      if (line !== '') lines.push(line)
      continue
    }
    const eq = line.indexOf('=')
    const name = line.slice(0, eq)
    const value = line.slice(eq + 1).replaceAll('\\n', '\n')
    hash.update(Buffer.from(value, 'utf8'))
    lines.push(`${name}=${value === '' ? '' : sealValue(key, value, 'str', `${name}:`)}`)
  }
  const mac = sealValue(key, hash.digest('hex').toUpperCase(), 'str', lastModified)
  const [age] = await ageEntries(key, options.recipients ?? [TEST_ONLY_AGE_RECIPIENT])
  lines.push(`sops_age__list_0__map_enc=${age!.enc.replaceAll('\n', '\\n')}`)
  lines.push(`sops_age__list_0__map_recipient=${age!.recipient}`)
  lines.push(`sops_lastmodified=${lastModified}`, `sops_mac=${mac}`, 'sops_unencrypted_suffix=_unencrypted')
  lines.push('sops_version=3.11.0')
  return `${lines.join('\n')}\n`
}
