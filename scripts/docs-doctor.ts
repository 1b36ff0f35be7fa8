// Regenerates docs/doctor/ from the doctor check objects (`npm run docs:doctor`); stale pages are removed.
import { DOCTOR_CHECKS } from '../src/doctor/checks.ts'
import { doctorDocFiles } from '../src/doctor/docs.ts'
import { writeGeneratedDocs } from './write-docs.ts'

const files = doctorDocFiles(DOCTOR_CHECKS)
writeGeneratedDocs(new URL('../docs/doctor/', import.meta.url), files)
console.log(`docs/doctor: ${files.size} files`)
