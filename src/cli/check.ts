/// `npm run -s check -- FILE...`: prints `FILE:LINE:COL: error: MESSAGE` for each problem (the
/// format editors and CI parse), exits 1 if any error, 0 and silent if none.

import { readFileSync } from 'node:fs'
import { compile } from '../language/compile.ts'
import { formatDiagnostic } from './format.ts'

const files = process.argv.slice(2)
if (files.length === 0) {
  process.stderr.write('usage: npm run -s check -- FILE.patch...\n')
  process.exit(2)
}

let failed = false
for (const file of files) {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    process.stdout.write(`${file}:1:1: error: cannot read the file (${(e as NodeJS.ErrnoException).code ?? e})\n`)
    failed = true
    continue
  }
  for (const d of compile(text).diagnostics) {
    process.stdout.write(formatDiagnostic(file, d) + '\n')
    if (d.severity === 'error') failed = true
  }
}
process.exit(failed ? 1 : 0)
