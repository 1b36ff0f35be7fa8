/**
 * Image Factory schematics: the data model (schematic/model.ts), a strict reader that accepts what
 * the factory accepts (schematic/read.ts), the canonical YAML form the factory hashes and the
 * schematic ID (schematic/write.ts), and the secret scan (schematic/secrets.ts). Pure: no I/O, no
 * network. See docs/facts.md T1.
 * @module
 */
export * from './schematic/model.ts'
export * from './schematic/read.ts'
export * from './schematic/secrets.ts'
export * from './schematic/write.ts'
