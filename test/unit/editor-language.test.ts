// The editor's language (src/editor/language.ts): its parser is a copy of the generated one made
// outside Lezer's `configure` (for speed; the bench's "200-line edit" rows time it). The copy must
// parse as the generated parser does and carry everything the editor reads from the tree: the
// language's data, highlighting, indentation and folding; and with an editor in the page, the
// compiler parses with it too (src/language/parser.ts).
import { describe, expect, it } from 'vitest'
import { EditorState } from '@codemirror/state'
import { foldable, getIndentation, syntaxTree } from '@codemirror/language'
import { highlightTree, tagHighlighter, tags as t } from '@lezer/highlight'
import { LRParser } from '@lezer/lr'
import type { Tree } from '@lezer/common'
import { parser } from '../../grammar/parser.js'
import { patchLanguage } from '../../src/editor/language.ts'
import { patchParser } from '../../src/language/parser.ts'
import { EXAMPLES } from '../../src/share/examples.ts'

const state = (doc: string) => EditorState.create({ doc, extensions: patchLanguage })

/// A tree as text: each node's name and range, in order.
const shape = (tree: Tree): string => {
  const out: string[] = []
  tree.iterate({ enter: (n) => void out.push(`${n.name}@${n.from}-${n.to}`) })
  return out.join(' ')
}

const voice = `voice pluck(freq, gate) {
  node env = adsr(gate, 3ms, 100ms, 0.2, 200ms)
  out = osc(saw, freq) * env
}
out = poly(pluck, [c4 e4])
`

describe('the editor language', () => {
  it('parses every example, and broken text, into the trees the generated parser makes', () => {
    const texts = [...EXAMPLES.map((e) => e.text), 'node a = osc(saw, 220 *\nout = a +', 'voice v(f) {\n  out = osc(sine, f\n']
    for (const text of texts) expect(shape(patchLanguage.parser.parse(text))).toBe(shape(parser.parse(text)))
    expect(patchLanguage.parser).toBeInstanceOf(LRParser)
  })

  it('makes its parser the one the compiler, its warm-up and the panel parse with', () => {
    expect(patchParser()).toBe(patchLanguage.parser)
  })

  it('is active in the document and gives its language data', () => {
    const s = state(voice)
    expect(patchLanguage.isActiveAt(s, 10)).toBe(true)
    expect(s.languageDataAt<{ line: string }>('commentTokens', 10)).toEqual([{ line: '#' }])
    expect(s.languageDataAt<string>('wordChars', 10)).toEqual(['_#'])
  })

  it('highlights keywords, functions, numbers and definitions', () => {
    const text = 'node lfo = osc(sine, 2)\n'
    const tagged: string[] = []
    const highlighter = tagHighlighter([
      { tag: t.definitionKeyword, class: 'kw' },
      { tag: t.function(t.variableName), class: 'fn' },
      { tag: t.number, class: 'num' },
      { tag: t.definition(t.variableName), class: 'def' },
    ])
    highlightTree(syntaxTree(state(text)), highlighter, (from, to, cls) => tagged.push(`${text.slice(from, to)}:${cls}`))
    expect(tagged).toEqual(['node:kw', 'lfo:def', 'osc:fn', '2:num'])
  })

  it('indents inside a voice body and folds it', () => {
    const s = state(voice)
    const inside = voice.indexOf('  out')
    expect(getIndentation(s, inside)).toBe(2)
    expect(getIndentation(s, voice.indexOf('}'))).toBe(0)
    const first = s.doc.line(1)
    expect(foldable(s, first.from, first.to)).toEqual({ from: voice.indexOf('{') + 1, to: voice.indexOf('}') })
  })
})
