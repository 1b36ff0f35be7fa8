// Vitest setup file: every test file's fast-check runs use the seed from test/support/fuzz.ts.
import { configureFuzz } from './fuzz.ts'

configureFuzz()
