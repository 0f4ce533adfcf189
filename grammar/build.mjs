// Generates grammar/parser.js from grammar/patch.grammar when the grammar is newer.
// One generated parser serves Vite, Vitest and the Node CLI alike, so no tool needs a
// grammar plugin; the generated files are not committed (see .gitignore).
import { buildParserFile } from '@lezer/generator'
import { readFileSync, writeFileSync, statSync, existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const here = (f) => fileURLToPath(new URL(f, import.meta.url))
const src = here('./patch.grammar')
const out = here('./parser.js')
const terms = here('./parser.terms.js')

const stale = !existsSync(out) || !existsSync(terms) ||
  statSync(out).mtimeMs < statSync(src).mtimeMs ||
  statSync(out).mtimeMs < statSync(here('./build.mjs')).mtimeMs
if (stale) {
  const built = buildParserFile(readFileSync(src, 'utf8'), { fileName: 'patch.grammar', moduleStyle: 'es' })
  writeFileSync(out, built.parser)
  writeFileSync(terms, built.terms)
}
