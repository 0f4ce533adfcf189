// Runs the Lezer text cases in test/grammar/*.txt (`# Name`, input, `==>`, tree; `⚠` marks
// error recovery) against the generated parser.
import { readdirSync, readFileSync } from 'node:fs'
import { fileTests } from '@lezer/generator/test'
import { describe, it } from 'vitest'
import { parser } from '../../grammar/parser.js'

const dir = new URL('../grammar/', import.meta.url)

for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt'))) {
  describe(`grammar: ${file}`, () => {
    for (const { name, run } of fileTests(readFileSync(new URL(file, dir), 'utf8'), file)) {
      it(name, () => run(parser))
    }
  })
}
