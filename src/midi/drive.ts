/// Moves a knob or fader from MIDI the way the panel's mouse does: every move reaches the engine
/// at once as a `control` message; the text follows at most once a frame outside the undo
/// history; when the gesture ends the text is put back as it was and the final value written in
/// one transaction, so one Ctrl+Z undoes the whole twist of a hardware knob. The knob in the
/// panel follows the text (it redraws from each compile).

import { Transaction } from '@codemirror/state'
import type { EditorView } from '@codemirror/view'
import type { ToEngine } from '../../worklet/protocol.ts'
import type { MappableControl } from './learn.ts'
import { findDeclaration, type TextChange } from './cc-text.ts'

/// The user event of MIDI's edits (CodeMirror's `Transaction.userEvent`).
export const MIDI_EVENT = 'input.midi'

export interface ControlDriver<C> {
  input(control: C, value: number): void
  commit(control: C, value: number): void
}

export interface DrivenControl extends MappableControl {
  kind: 'knob' | 'fader' | string
  range?: { from: number }
}

/// The value as the panel writes it: a thousandth of a linear range, four significant digits on
/// an `exp` one, no trailing zeros.
export function formatControlValue(v: number, c: MappableControl): string {
  const x = Math.min(c.max, Math.max(c.min, v))
  const span = c.max - c.min
  let d = span > 0 ? Math.ceil(-Math.log10(span / 1000) - 1e-9) : 3
  if (c.curve === 'exp' && x !== 0) d = 3 - Math.floor(Math.log10(Math.abs(x)))
  d = Math.min(6, Math.max(0, d))
  let s = x.toFixed(d)
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '')
  return s === '-0' ? '0' : s
}

/// Where a knob or fader's value is written in `text`.
export function valueSpan(text: string, c: DrivenControl): { from: number; to: number } | null {
  if (c.kind !== 'knob' && c.kind !== 'fader') return null
  const decl = findDeclaration(text, c.kind, c.name, c.range?.from ?? 0)
  const value = decl?.getChild('=')?.nextSibling
  if (!decl || !value || value.from >= decl.to) return null
  return { from: value.from, to: value.to }
}

export function valueChange(text: string, c: DrivenControl, v: number): TextChange | null {
  const at = valueSpan(text, c)
  if (!at) return null
  const insert = formatControlValue(v, c)
  return text.slice(at.from, at.to) === insert ? null : { ...at, insert }
}

export function textDriver(view: EditorView, send: (msg: ToEngine) => void): ControlDriver<DrivenControl> {
  const original = new Map<string, string>()
  const pending = new Map<string, { c: DrivenControl; v: number }>()
  let frame = 0
  const quiet = [Transaction.addToHistory.of(false), Transaction.userEvent.of(MIDI_EVENT)]

  function preview(): void {
    frame = 0
    for (const { c, v } of pending.values()) {
      const ch = valueChange(view.state.doc.toString(), c, v)
      if (ch) view.dispatch({ changes: ch, annotations: quiet })
    }
    pending.clear()
  }

  return {
    input(c, v) {
      send({ type: 'control', name: c.name, value: Number(formatControlValue(v, c)) })
      if (!original.has(c.name)) {
        const text = view.state.doc.toString()
        const at = valueSpan(text, c)
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
        const at = valueSpan(text, c)
        if (at && text.slice(at.from, at.to) !== was) view.dispatch({ changes: { ...at, insert: was }, annotations: quiet })
      }
      const ch = valueChange(view.state.doc.toString(), c, v)
      if (ch) view.dispatch({ changes: ch, annotations: Transaction.userEvent.of(MIDI_EVENT) })
      send({ type: 'control', name: c.name, value: Number(formatControlValue(v, c)) })
    },
  }
}
