// No input makes the parser or compiler throw or hang: 10,000 seeded random mutations of the
// example patches (deleted, duplicated and swapped characters and tokens) each give either
// tables or diagnostics that point inside the text.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { compile } from '../../src/language/compile.ts'
import { examplePatches } from './helpers/examples.ts'
import { mutate, rng } from './helpers/mutate.ts'

const sources = [...examplePatches().values()]
sources.push(readFileSync(new URL('../fixtures/language-example.patch', import.meta.url), 'utf8'))

describe('fuzz', () => {
  it('10,000 mutated patches give tables or diagnostics, never a throw or a hang', () => {
    const random = rng(20261122)
    let compiled = 0
    let rejected = 0
    let slowest = 0
    for (let n = 0; n < 10_000; n++) {
      const text = mutate(sources[n % sources.length], random)
      const start = performance.now()
      let result
      try {
        result = compile(text)
      } catch (e) {
        throw new Error(`case ${n} threw ${e}\n---\n${text}`)
      }
      const ms = performance.now() - start
      slowest = Math.max(slowest, ms)
      if (ms > 1000) throw new Error(`case ${n} took ${ms.toFixed(0)} ms\n---\n${text}`)
      const errors = result.diagnostics.filter((d) => d.severity === 'error')
      if (result.patch) {
        expect(errors, `case ${n}`).toEqual([])
        compiled++
      } else {
        expect(errors.length, `case ${n} has no patch and no error\n${text}`).toBeGreaterThan(0)
        rejected++
      }
      for (const d of result.diagnostics) {
        if (!(d.from >= 0 && d.to <= text.length && d.from <= d.to && d.line >= 1 && d.col >= 1 && d.message.length > 10)) {
          throw new Error(`case ${n}: bad diagnostic ${JSON.stringify(d)}\n---\n${text}`)
        }
      }
    }
    // Both outcomes must occur, or the mutations are not exercising anything.
    expect(compiled).toBeGreaterThan(100)
    expect(rejected).toBeGreaterThan(1000)
    console.log(`fuzz: ${compiled} compiled, ${rejected} rejected, slowest ${slowest.toFixed(1)} ms`)
  })
})
