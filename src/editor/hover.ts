/// Hover docs: the reference card of a function, the meaning of a mode word or keyword argument,
/// where a name is defined, the frequency of a note, and the value of a number with a unit.

import { hoverTooltip, type Tooltip } from '@codemirror/view'
import { syntaxTree } from '@codemirror/language'
import type { EditorState } from '@codemirror/state'
import { fnDocElement, modeDoc, argSpec, noteElement } from './docs.ts'
import { callAt, definitions, visibleDefinitions } from './scope.ts'
import { midiToHz, noteToMidi, parseNumber } from '../language/numbers.ts'

/// `a4` → 440, `c#3`, `eb2`; null for words that are not notes.
function noteHz(word: string): number | null {
  const midi = noteToMidi(word)
  return midi === null ? null : midiToHz(midi)
}

function describe(state: EditorState, pos: number, side: -1 | 1): { from: number; to: number; dom: HTMLElement } | null {
  const node = syntaxTree(state).resolveInner(pos, side)
  const text = state.sliceDoc(node.from, node.to)
  const at = (dom: HTMLElement | null) => (dom ? { from: node.from, to: node.to, dom } : null)
  if (node.name === 'Number') {
    const unit = /[a-zA-Z]+$/.exec(text)?.[0].toLowerCase()
    const parsed = parseNumber(text)
    if (!unit || 'error' in parsed) return null
    return at(noteElement(`${text} = ${+parsed.value.toPrecision(6)} ${unit.endsWith('hz') ? 'Hz' : 's'}`, ''))
  }
  if (node.name === 'Note') {
    const hz = noteHz(text)
    return hz === null ? null : at(noteElement(`${text} = ${hz.toFixed(2)} Hz`, 'note'))
  }
  if (node.name !== 'Name') return null
  const parent = node.parent
  if (parent?.name === 'Call' && parent.firstChild?.from === node.from) return at(fnDocElement(text))
  if (parent?.name === 'KeywordArg' && parent.firstChild?.from === node.from) {
    const call = callAt(state, node.from)
    const spec = call && argSpec(call.fn, text)
    return spec ? at(noteElement(`${call.fn} ${text}:`, spec.doc + (spec.default !== undefined ? ` (default ${spec.default})` : ''))) : null
  }
  const call = callAt(state, node.from)
  const mode = call && modeDoc(call.fn, text)
  if (mode) return at(noteElement(text, mode))
  if (text === 'beat') return at(noteElement('beat', 'bpm / 60 Hz: one pulse per beat'))
  const def = visibleDefinitions(state, node.from, definitions(state)).find((d) => d.name === text)
  if (def) {
    const line = state.doc.lineAt(def.stmtFrom)
    return at(noteElement(`${def.kind} ${def.name}`, `line ${line.number}: ${line.text.trim()}`))
  }
  const hz = noteHz(text)
  if (hz !== null) return at(noteElement(`${text} = ${hz.toFixed(2)} Hz`, 'note'))
  return null
}

export const hoverDocs = hoverTooltip((view, pos, side): Tooltip | null => {
  const found = describe(view.state, pos, side)
  if (!found) return null
  return { pos: found.from, end: found.to, above: true, create: () => ({ dom: found.dom }) }
}, { hoverTime: 350 })
