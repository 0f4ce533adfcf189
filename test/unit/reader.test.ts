// The fast reader (src/language/reader.ts) must read every text it accepts exactly as Lezer's
// parser does, and accept only texts without syntax errors: compile(text) then gives the same
// result with or without the editor's tree.
import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parser } from '../../grammar/parser.js'
import { compile } from '../../src/language/compile.ts'
import { readSyntax } from '../../src/language/reader.ts'
import { syntaxOf, type Syn, type SyntaxErrorSite } from '../../src/language/syntax.ts'
import { EXTRA, mutate, rng } from './helpers/mutate.ts'

const dir = new URL('../../patches/', import.meta.url)
const sources = readdirSync(dir).filter((f) => f.endsWith('.patch')).map((f) => readFileSync(new URL(f, dir), 'utf8'))
sources.push(readFileSync(new URL('../fixtures/language-example.patch', import.meta.url), 'utf8'))

function show(n: Syn): string {
  return `${n.type}[${n.from},${n.to}]` + (n.kids.length ? `(${n.kids.map(show).join(',')})` : '')
}

function lezer(text: string): { tree: string; errors: number } {
  const errors: SyntaxErrorSite[] = []
  const tree = show(syntaxOf(parser.parse(text), errors))
  return { tree, errors: errors.length }
}

/// Checks one text; returns whether the reader accepted it.
function check(text: string): boolean {
  const fast = readSyntax(text)
  if (!fast) return false
  const slow = lezer(text)
  if (slow.errors || show(fast) !== slow.tree) {
    throw new Error(`the reader accepted a text Lezer reads otherwise:\n${JSON.stringify(text)}\nlezer ${slow.tree} (${slow.errors} errors)\nfast  ${show(fast)}`)
  }
  return true
}

describe('fast reader', () => {
  it('reads every example patch', () => {
    for (const text of sources) expect(check(text)).toBe(true)
  })

  it('reads the edge cases of the tokens and the grammar as Lezer does', () => {
    const cases = [
      'node x = c-1 + a-1 + eb-1 + c#4 + c#-1 + ab-1 + eb2 + a4x',
      'step_seq s = [x .5 1..2 . _ 5x1]\npiano_roll p = [c4+e4 +g4 c-1 _ .]',
      'knob k = .5 [0...5]\nknob j = 1 [-1..1e3] exp\nfader f = 1 [0..2] cc 7\nfader g = 1 [0..2] lin cc 7\nknob h = 1 [0..2] exp 5',
      'node a = - - 1 * 2 - 3 - 4 / 5 * -b\nnode b = ((1)) + osc (saw, 1e, 2ms, pw: 1E+3hz)\nnode c = noise()',
      '# top\n\n# two\nbpm 120 # c;\nnode a=1;;out=a; # d',
      'voice v(freq, gate) { # c\n node a = 1 # d\n out = a # e\n} # f\nvoice w() {}\nvoice u(freq) { out = freq }\nout = poly(v, [c4 e4], rate: beat * 2)',
      'node a = 1\r\nout = a',
      'node a = c#x\nout = a',
      'out = a#b',
      '',
      '\n\n',
      'out = [x . x]',
    ]
    let read = 0
    for (const text of cases) if (check(text)) read++
    expect(read).toBeGreaterThan(8)
  })

  it('reads 10,000 mutated patches as Lezer does, or leaves them to Lezer', () => {
    const random = rng(1)
    const extra = [...EXTRA, 'knob', 'fader', 'exp', 'cc', 'c4', 'c#4', 'eb-1', 'a-1', ' ', '\t', '.5', '1.', '1e', 'e5', 'ms', ';', '# c', '+e4', '((', 'voice', '\r']
    let read = 0
    let valid = 0
    for (let n = 0; n < 10_000; n++) {
      const text = mutate(sources[n % sources.length], random, extra)
      if (check(text)) read++
      if (readSyntax(text) || lezer(text).errors === 0) valid++
    }
    // The reader is only worth having if it reads nearly every text without syntax errors.
    expect(read / valid).toBeGreaterThan(0.95)
  })

  it('compile(text) gives the same result as compile(text, tree) on the examples and their mutations', () => {
    const random = rng(2)
    for (let n = 0; n < 2_000; n++) {
      const text = n < sources.length ? sources[n] : mutate(sources[n % sources.length], random)
      expect(compile(text), text).toEqual(compile(text, parser.parse(text)))
    }
  })
})
