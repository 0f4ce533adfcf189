/// Inline live values: Alt-drag (Option-drag) on a number literal changes it in the text while
/// the sound follows, with no rebuild (a values-only change). Drag right to raise, left to lower;
/// hold Shift for ten times coarser steps. A note name (`a3`, `c#4`) moves by semitones, Shift by
/// octaves. One drag is one undo step.

import { Prec, Transaction, type Extension } from '@codemirror/state'
import { EditorView, ViewPlugin } from '@codemirror/view'
import { syntaxTree } from '@codemirror/language'
import { immediateEdit } from './live-reload.ts'
import { midiToNote, noteToMidi } from '../language/numbers.ts'

export interface NumberLiteral {
  value: number
  unit: string
  /// Digits after the point in the original text.
  decimals: number
}

const numberText = /^(\d+\.?\d*|\.\d+)([a-zA-Z]*)$/

/// Reads a literal that can be scrubbed (`440`, `0.5`, `3ms`); exponent forms are left alone.
export function scrubbable(text: string): NumberLiteral | null {
  const m = numberText.exec(text)
  if (!m || /^[eE]/.test(m[2])) return null
  const dot = m[1].indexOf('.')
  return { value: Number(m[1]), unit: m[2], decimals: dot < 0 ? 0 : m[1].length - dot - 1 }
}

/// The size of one pixel's step: about a hundredth of the value's order of magnitude, and never
/// finer than needed to show a change in the written digits of small numbers.
export function stepFor(lit: NumberLiteral): number {
  const mag = Math.floor(Math.log10(Math.max(Math.abs(lit.value), 1e-2)))
  return 10 ** (mag - 2)
}

/// The literal's text after dragging `pixels` to the right (never below zero).
export function scrubbed(lit: NumberLiteral, pixels: number, coarse = false): string {
  const step = stepFor(lit) * (coarse ? 10 : 1)
  const decimals = Math.max(0, -Math.round(Math.log10(step)))
  const v = Math.max(0, lit.value + pixels * step)
  return v.toFixed(decimals) + lit.unit
}

/// Pixels of drag per semitone.
const SEMITONE_PX = 8

/// The note `pixels` of drag away from `midi` (Shift: octaves), kept within MIDI's range.
export function scrubbedNote(midi: number, pixels: number, coarse = false): string {
  const steps = Math.trunc(pixels / SEMITONE_PX) * (coarse ? 12 : 1)
  return midiToNote(Math.min(127, Math.max(0, midi + steps)))
}

/// How a literal changes with the drag, or null for text that is neither a number nor a note.
function scrubberFor(text: string): ((pixels: number, coarse: boolean) => string) | null {
  const lit = scrubbable(text)
  if (lit) return (px, coarse) => scrubbed(lit, px, coarse)
  const midi = noteToMidi(text)
  if (midi !== null) return (px, coarse) => scrubbedNote(midi, px, coarse)
  return null
}

function numberAt(view: EditorView, x: number, y: number): { from: number; to: number } | null {
  const pos = view.posAtCoords({ x, y }, false)
  const tree = syntaxTree(view.state)
  for (const side of [1, -1] as const) {
    const node = tree.resolveInner(pos, side)
    // Notes such as `a4` lex as names; the compiler reads every note-shaped name as a note.
    const note = (node.name === 'Note' || node.name === 'Name') && noteToMidi(view.state.sliceDoc(node.from, node.to)) !== null
    if (node.name === 'Number' || note) return { from: node.from, to: node.to }
  }
  return null
}

const scrubber = ViewPlugin.fromClass(
  class {
    hover = false
    constructor(readonly view: EditorView) {}
    setHover(on: boolean) {
      if (on === this.hover) return
      this.hover = on
      this.view.contentDOM.classList.toggle('tl-scrub-hover', on)
    }
  },
  {
    eventHandlers: {
      mousemove(e) {
        this.setHover(e.altKey && e.buttons === 0 && numberAt(this.view, e.clientX, e.clientY) !== null)
      },
      keyup(e) {
        if (e.key === 'Alt') this.setHover(false)
      },
      mousedown(e, view) {
        if (!e.altKey || e.button !== 0) return false
        const target = numberAt(view, e.clientX, e.clientY)
        if (!target) return false
        const original = view.state.sliceDoc(target.from, target.to)
        const scrub = scrubberFor(original)
        if (!scrub) return false
        e.preventDefault()
        const startX = e.clientX
        let current = original
        const replace = (text: string, history: boolean) => {
          view.dispatch({
            changes: { from: target.from, to: target.from + current.length, insert: text },
            annotations: [immediateEdit.of(true), Transaction.addToHistory.of(history), Transaction.userEvent.of('input.scrub')],
          })
          current = text
        }
        document.body.classList.add('tl-scrubbing')
        const move = (m: MouseEvent) => {
          const text = scrub(m.clientX - startX, m.shiftKey)
          if (text !== current) replace(text, false)
        }
        const up = () => {
          window.removeEventListener('mousemove', move)
          window.removeEventListener('mouseup', up)
          document.body.classList.remove('tl-scrubbing')
          const final = current
          if (final === original) return
          // Collapse the drag into one undoable edit: back to the start unrecorded, then the
          // whole change recorded. Both land before the next compile, which sees only the last.
          replace(original, false)
          replace(final, true)
        }
        window.addEventListener('mousemove', move)
        window.addEventListener('mouseup', up)
        return true
      },
    },
  },
)

const scrubTheme = EditorView.baseTheme({
  '.tl-scrub-hover': { cursor: 'ew-resize' },
})

export const numberScrubbing: Extension = [Prec.high(scrubber), scrubTheme]
