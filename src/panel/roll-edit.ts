/// Piano-roll edits as pure functions on step lists (no DOM), so they are unit-tested alone.
/// A step holds a chord (`notes`), a tie (`_`, holding the previous step's notes), or nothing.

import type { Step } from '../language/patch-data.ts'
import { notesStep } from './rewrite.ts'

const REST: Step = { k: 'rest' }
const TIE: Step = { k: 'tie' }

/// The notes starting at step s.
export function startsAt(steps: readonly Step[], s: number): readonly number[] {
  const st = steps[s]
  return st && st.k === 'notes' ? st.midi : []
}

/// The step whose notes a tie at s holds (walking back through ties), or -1.
export function heldFrom(steps: readonly Step[], s: number): number {
  if (steps[s]?.k !== 'tie') return -1
  let j = s - 1
  while (j >= 0 && steps[j].k === 'tie') j--
  return j >= 0 && steps[j].k === 'notes' ? j : -1
}

/// 'on' where a note starts, 'held' where a tie holds it, 'off' elsewhere.
export function cellState(steps: readonly Step[], s: number, midi: number): 'on' | 'held' | 'off' {
  if (startsAt(steps, s).includes(midi)) return 'on'
  const j = heldFrom(steps, s)
  return j >= 0 && startsAt(steps, j).includes(midi) ? 'held' : 'off'
}

/// Steps s+1.. that are ties become rests (a note removed or cut takes its ties with it).
function clearTiesAfter(out: Step[], s: number): void {
  for (let i = s + 1; i < out.length && out[i].k === 'tie'; i++) out[i] = REST
}

/// Adds `midi` at step s (to its chord when it has one; a tie there is broken off).
export function addNote(steps: readonly Step[], s: number, midi: number): Step[] {
  const out = steps.slice()
  out[s] = notesStep([...startsAt(steps, s), midi])
  return out
}

/// Removes `midi` from step s; a chord left empty becomes a rest and loses its ties.
export function removeNote(steps: readonly Step[], s: number, midi: number): Step[] {
  const out = steps.slice()
  const left = startsAt(steps, s).filter((m) => m !== midi)
  out[s] = left.length ? notesStep(left) : REST
  if (!left.length) clearTiesAfter(out, s)
  return out
}

/// Ends a held note before step s: s and the ties after it become rests.
export function cutAt(steps: readonly Step[], s: number): Step[] {
  const out = steps.slice()
  if (out[s].k !== 'tie') return out
  out[s] = REST
  clearTiesAfter(out, s)
  return out
}

/// A press on a cell: a note there goes, a held cell cuts the note, an empty cell gets the note.
export function toggleCell(steps: readonly Step[], s: number, midi: number): Step[] {
  const st = cellState(steps, s, midi)
  if (st === 'on') return removeNote(steps, s, midi)
  if (st === 'held') return cutAt(steps, s)
  return addNote(steps, s, midi)
}

/// Shift-press or drag: the nearest earlier note of this pitch is held (tied) through step s.
/// Returns null when there is no earlier note of this pitch.
export function extendTo(steps: readonly Step[], s: number, midi: number): Step[] | null {
  let j = s - 1
  while (j >= 0 && !startsAt(steps, j).includes(midi)) j--
  if (j < 0) return null
  return tieRange(steps, j, s)
}

/// Steps j+1..s become ties, so the notes of step j sound through step s.
export function tieRange(steps: readonly Step[], j: number, s: number): Step[] {
  const out = steps.slice()
  for (let i = j + 1; i <= s && i < out.length; i++) out[i] = TIE
  return out
}

/// The MIDI range a roll shows for these steps: around the notes with room above and below,
/// at least two octaves, whole octaves from C; c3..b4 when there are no notes.
export function pitchRange(steps: readonly Step[]): { lo: number; hi: number } {
  const all = steps.flatMap((s) => (s.k === 'notes' ? s.midi : []))
  if (!all.length) return { lo: 48, hi: 71 }
  let lo = Math.min(...all) - 3
  let hi = Math.max(...all) + 3
  lo = Math.max(0, lo - (lo % 12))
  hi = Math.min(131, hi + (11 - (hi % 12)))
  while (hi - lo < 23) {
    if (hi < 131) hi += 12
    else lo -= 12
  }
  return { lo: Math.max(0, lo), hi }
}
