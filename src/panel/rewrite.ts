/// Text rewrites for the panel: given the patch text, a control and its new value or steps, the
/// smallest CodeMirror-style change `{from, to, insert}` that writes them into the control's
/// declaration. Only the value (knob, fader) or the `[...]` list (step_seq, piano_roll) changes;
/// spacing, comments, units and the spelling of untouched steps are kept.
///
/// The declaration is found again in the text given (with the Lezer parser, which never throws),
/// so a control from an older compile still rewrites the right place after unrelated edits, and
/// a text where the declaration is gone or malformed gives `null` rather than a wrong edit.

import type { SyntaxNode, Tree } from '@lezer/common'
import { findDeclaration, type TextChange } from '../language/declarations.ts'
import type { ControlKind } from '../language/node-types.ts'
import type { Control, Step } from '../language/patch-data.ts'
import { decimalsFor, formatNumber, roundValue, type ScaleSpec } from './scale.ts'
import { midiToHz, noteName, parseNote } from './notes.ts'

export type { TextChange }

export interface Located {
  /// The whole declaration.
  from: number
  to: number
  /// The value expression (knob, fader) or the `[...]` list (step_seq, piano_roll).
  value: SyntaxNode
}

/// The value part of a declaration, or null when it is missing or of the wrong shape.
function valueOf(decl: SyntaxNode, kind: ControlKind): SyntaxNode | null {
  const value = decl.getChild('=')?.nextSibling
  if (!value || value.name === '⚠' || value.from >= decl.to) return null
  const isList = value.name === 'List'
  if (isList !== (kind === 'step_seq' || kind === 'piano_roll')) return null
  if (isList && !value.lastChild?.name.startsWith(']')) return null
  return value
}

/// Finds the declaration of `kind name` in `text`; with several, the one nearest `near`.
/// Null when there is none, or its value part is missing or of the wrong shape. `tree`: the text's
/// parse, when the caller has it (findDeclaration).
export function locateControl(text: string, kind: ControlKind, name: string, near = 0, tree?: Tree): Located | null {
  const decl = findDeclaration(text, kind, name, near, (d) => valueOf(d, kind) !== null, tree)
  return decl ? { from: decl.from, to: decl.to, value: valueOf(decl, kind)! } : null
}

const UNIT_SUFFIX = /^([-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)(ms|s|hz)?$/i

/// How `value` is written, in the unit of the literal it replaces (`5ms` stays in ms).
export function formatValueLiteral(value: number, c: ScaleSpec, oldLiteral = ''): string {
  const suffix = UNIT_SUFFIX.exec(oldLiteral.trim())?.[2] ?? ''
  const d = decimalsFor(value, c)
  if (suffix.toLowerCase() === 'ms') return formatNumber(value * 1000, Math.max(0, d - 3)) + suffix
  return formatNumber(value, d) + suffix
}

/// The number a literal stands for (`5ms` → 0.005), or null for anything else (an expression, a note).
export function literalValue(literal: string): number | null {
  const m = UNIT_SUFFIX.exec(literal.trim())
  if (!m) return null
  const n = Number(m[1])
  return m[2]?.toLowerCase() === 'ms' ? n / 1000 : n
}

/// Rewrites a knob or fader's value: clamped into its range and rounded to the precision shown.
/// Null when the declaration is not in the text or already says this value. `tree`: the text's
/// parse, when the caller has it (findDeclaration).
export function rewriteValue(text: string, control: Control, value: number, tree?: Tree): TextChange | null {
  if (control.kind !== 'knob' && control.kind !== 'fader') throw new RangeError(`rewriteValue needs a knob or fader, not ${control.kind} ${control.name}`)
  const at = locateControl(text, control.kind, control.name, control.range.from, tree)
  if (!at) return null
  const v = roundValue(value, control)
  const old = text.slice(at.value.from, at.value.to)
  if (literalValue(old) === v) return null
  return { from: at.value.from, to: at.value.to, insert: formatValueLiteral(v, control, old) }
}

/// How one step is written: `x`, `.`, `_`, `0.5`, `c4`, `e4+g4` (a chord low to high).
export function stepText(step: Step): string {
  switch (step.k) {
    case 'hit':
      return 'x'
    case 'rest':
      return '.'
    case 'tie':
      return '_'
    case 'value':
      return formatNumber(step.v, 6)
    case 'notes':
      return [...new Set(step.midi)].sort((a, b) => a - b).map(noteName).join('+')
  }
}

/// Reads one list item as written (`x`, `.`, `_`, `0.5`, `c4`, `e4 + g4`); null if unreadable.
export function parseStep(item: string): Step | null {
  const t = item.trim()
  if (t === 'x' || t === 'X') return { k: 'hit' }
  if (t === '.') return { k: 'rest' }
  if (t === '_') return { k: 'tie' }
  const parts = t.split('+').map((s) => s.trim())
  const midi = parts.map(parseNote)
  if (midi.every((m): m is number => m !== null)) return notesStep(midi)
  const v = literalValue(t)
  return v === null ? null : { k: 'value', v }
}

/// A note step from MIDI numbers (deduplicated, low to high), with their frequencies.
export function notesStep(midi: readonly number[]): Step {
  const m = [...new Set(midi)].sort((a, b) => a - b)
  return m.length ? { k: 'notes', midi: m, hz: m.map(midiToHz) } : { k: 'rest' }
}

export function sameStep(a: Step, b: Step): boolean {
  if (a.k !== b.k) return false
  if (a.k === 'value' && b.k === 'value') return a.v === b.v
  if (a.k === 'notes' && b.k === 'notes') {
    const x = [...new Set(a.midi)].sort((p, q) => p - q)
    const y = [...new Set(b.midi)].sort((p, q) => p - q)
    return x.length === y.length && x.every((m, i) => m === y[i])
  }
  return true
}

export function sameSteps(a: readonly Step[], b: readonly Step[]): boolean {
  return a.length === b.length && a.every((s, i) => sameStep(s, b[i]))
}

/// Rewrites a step_seq or piano_roll list to `steps`. Items whose meaning is unchanged keep
/// their spelling (`eb4`, `X`), spacing between items is kept, added steps get one space.
/// Null when the declaration is not in the text or nothing changes.
export function rewriteSteps(text: string, control: Control, steps: readonly Step[], tree?: Tree): TextChange | null {
  if (control.kind !== 'step_seq' && control.kind !== 'piano_roll') throw new RangeError(`rewriteSteps needs a step_seq or piano_roll, not ${control.kind} ${control.name}`)
  if (steps.length < 1 || steps.length > 64) throw new RangeError(`A ${control.kind} has 1 to 64 steps, not ${steps.length}`)
  const at = locateControl(text, control.kind, control.name, control.range.from, tree)
  if (!at) return null
  const list = at.value
  const items: { from: number; to: number }[] = []
  for (let n = list.firstChild; n; n = n.nextSibling) {
    if (n.name === '[' || n.name === ']' || n.name === 'Comment' || n.name === '⚠') continue
    items.push({ from: n.from, to: n.to })
  }
  const open = list.from + 1
  const close = list.to - 1
  let out = ''
  let pos = open
  const n = Math.min(items.length, steps.length)
  for (let i = 0; i < n; i++) {
    const it = items[i]
    const old = text.slice(it.from, it.to)
    const was = parseStep(old)
    out += text.slice(pos, it.from) + (was && sameStep(was, steps[i]) ? old : stepText(steps[i]))
    pos = it.to
  }
  if (steps.length > items.length) {
    for (let i = items.length; i < steps.length; i++) out += (out.length || i > 0 ? ' ' : '') + stepText(steps[i])
    // Whatever stood after the last item (spaces before `]`) stays after the new ones.
    out += text.slice(pos, close)
  } else {
    out += text.slice(steps.length < items.length ? items[items.length - 1].to : pos, close)
  }
  return minimalChange(text, open, close, out)
}

/// The smallest change that turns text[from, to) into `insert`: common ends are left alone, so
/// CodeMirror keeps cursors and marks on them. Null when nothing differs.
export function minimalChange(text: string, from: number, to: number, insert: string): TextChange | null {
  const old = text.slice(from, to)
  if (old === insert) return null
  let a = 0
  while (a < old.length && a < insert.length && old[a] === insert[a]) a++
  let b = 0
  while (b < old.length - a && b < insert.length - a && old[old.length - 1 - b] === insert[insert.length - 1 - b]) b++
  return { from: from + a, to: to - b, insert: insert.slice(a, insert.length - b) }
}

/// Applies a change to a string (for tests and for code without an editor).
export function applyChange(text: string, ch: TextChange | null): string {
  return ch ? text.slice(0, ch.from) + ch.insert + text.slice(ch.to) : text
}
