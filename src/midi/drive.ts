/// Moves a knob or fader from MIDI the way the panel's mouse does: every move reaches the engine
/// at once as a `control` message; the text follows at most once a frame outside the undo
/// history; when the gesture ends the text is put back as it was and the final value written in
/// one transaction, so one Ctrl+Z undoes the whole twist of a hardware knob. The knob in the
/// panel follows the text (it redraws from each compile).

import type { Tree } from '@lezer/common'
import { Transaction } from '@codemirror/state'
import type { EditorView } from '@codemirror/view'
import type { ToEngine } from '../../worklet/protocol.ts'
import type { Control } from '../language/patch-data.ts'
import { locateControl, rewriteValue, type TextChange } from '../panel/rewrite.ts'
import { roundValue } from '../panel/scale.ts'
import { wholeTree } from '../editor/scope.ts'

/// The user event of MIDI's edits (CodeMirror's `Transaction.userEvent`).
export const MIDI_EVENT = 'input.midi'

export interface ControlDriver<C> {
  input(control: C, value: number): void
  commit(control: C, value: number): void
}

export type DrivenControl = Control

/// Where a knob or fader's value is written in `text` (`tree`: its parse, when the caller has it).
export function valueSpan(text: string, c: DrivenControl, tree?: Tree): { from: number; to: number } | null {
  if (c.kind !== 'knob' && c.kind !== 'fader') return null
  const at = locateControl(text, c.kind, c.name, c.range.from, tree)
  return at ? { from: at.value.from, to: at.value.to } : null
}

/// The panel's own rewrite of the value, so MIDI and the mouse write the same text.
export function valueChange(text: string, c: DrivenControl, v: number, tree?: Tree): TextChange | null {
  return rewriteValue(text, c, v, tree)
}

export function textDriver(view: EditorView, send: (msg: ToEngine) => void): ControlDriver<DrivenControl> {
  const original = new Map<string, string>()
  const pending = new Map<string, { c: DrivenControl; v: number }>()
  let frame = 0
  const quiet = [Transaction.addToHistory.of(false), Transaction.userEvent.of(MIDI_EVENT)]

  function preview(): void {
    frame = 0
    for (const { c, v } of pending.values()) {
      const ch = valueChange(view.state.doc.toString(), c, v, wholeTree(view.state))
      if (ch) view.dispatch({ changes: ch, annotations: quiet })
    }
    pending.clear()
  }

  return {
    input(c, v) {
      send({ type: 'control', name: c.name, value: roundValue(v, c) })
      if (!original.has(c.name)) {
        const text = view.state.doc.toString()
        const at = valueSpan(text, c, wholeTree(view.state))
        if (!at) return
        original.set(c.name, text.slice(at.from, at.to))
      }
      pending.set(c.name, { c, v })
      if (!frame) frame = requestAnimationFrame(preview)
    },
    commit(c, v) {
      pending.delete(c.name)
      const was = original.get(c.name)
      original.delete(c.name)
      if (was !== undefined) {
        const text = view.state.doc.toString()
        const at = valueSpan(text, c, wholeTree(view.state))
        if (at && text.slice(at.from, at.to) !== was) view.dispatch({ changes: { ...at, insert: was }, annotations: quiet })
      }
      const ch = valueChange(view.state.doc.toString(), c, v, wholeTree(view.state))
      if (ch) view.dispatch({ changes: ch, annotations: Transaction.userEvent.of(MIDI_EVENT) })
      send({ type: 'control', name: c.name, value: roundValue(v, c) })
    },
  }
}
