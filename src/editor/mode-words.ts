/// Words that are values, coloured as such: mode words (`saw` in `osc(saw, ...)`, `lp` in
/// `filter(lp, ...)`, `pink` in `noise(pink)`), so a misspelt mode stands out before the compiler
/// says so, and notes written in expressions (`osc(saw, a3)`), which the grammar lexes as names.
/// Which words are modes comes from the node-type table; only the visible part of the tree is
/// walked.

import { RangeSetBuilder } from '@codemirror/state'
import { Decoration, EditorView, ViewPlugin, type DecorationSet, type ViewUpdate } from '@codemirror/view'
import { syntaxTree } from '@codemirror/language'
import { NODE_TYPES, isNodeFn } from '../language/node-types.ts'
import { isNoteName } from '../language/numbers.ts'
import { modeWords } from './docs.ts'
import { palette } from './theme.ts'

const modeMark = Decoration.mark({ class: 'tl-mode' })
const noteMark = Decoration.mark({ class: 'tl-note' })

function build(view: EditorView): DecorationSet {
  const b = new RangeSetBuilder<Decoration>()
  const doc = view.state.doc
  for (const { from, to } of view.visibleRanges) {
    syntaxTree(view.state).iterate({
      from,
      to,
      enter: (n) => {
        // Notes inside lists are coloured by the grammar's highlighting already.
        if (n.name === 'Name' && n.node.parent?.name !== 'List' && n.node.parent?.name !== 'Chord' && isNoteName(doc.sliceString(n.from, n.to))) {
          b.add(n.from, n.to, noteMark)
        }
        if (n.name !== 'Call') return
        const fnNode = n.node.getChild('Name')
        const fn = fnNode && doc.sliceString(fnNode.from, fnNode.to)
        if (!fn || !isNodeFn(fn)) return
        const type = NODE_TYPES[fn]
        const list = n.node.getChild('ArgList')
        let index = 0
        for (let c = list?.firstChild ?? null; c; c = c.nextSibling) {
          if (c.name === ',') index++
          // A keyword argument's value, or a positional argument in a mode slot.
          let word = c.name === 'Name' ? c : null
          let arg = type.args[index]
          if (c.name === 'KeywordArg') {
            const key = c.getChild('Name')
            arg = type.args.find((a) => key && a.name === doc.sliceString(key.from, key.to))!
            word = c.lastChild?.name === 'Name' && c.lastChild.from !== key?.from ? c.lastChild : null
          }
          if (word && arg && modeWords(type, arg).includes(doc.sliceString(word.from, word.to))) b.add(word.from, word.to, modeMark)
        }
      },
    })
  }
  return b.finish()
}

export const modeWordHighlight = [
  ViewPlugin.fromClass(
    class {
      decorations: DecorationSet
      constructor(view: EditorView) {
        this.decorations = build(view)
      }
      update(u: ViewUpdate) {
        if (u.docChanged || u.viewportChanged || syntaxTree(u.startState) !== syntaxTree(u.state)) this.decorations = build(u.view)
      }
    },
    { decorations: (v) => v.decorations },
  ),
  EditorView.baseTheme({
    '.tl-mode, .tl-mode span': { color: palette.mode },
    '.tl-note, .tl-note span': { color: palette.note },
  }),
]
