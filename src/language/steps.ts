/// `[...]` lists: the steps of seq, step_seq and piano_roll, and the notes of poly.

import type { Diagnostics } from './diagnostics.ts'
import { MAX_STEPS } from './node-types.ts'
import { midiToHz, noteToMidi, parseNumber } from './numbers.ts'
import type { Step } from './patch-data.ts'
import type { Syn } from './syntax.ts'

/// What a list may hold: seq takes anything; step_seq hits and rests; piano_roll and poly notes.
export type ListUse = 'seq' | 'step_seq' | 'notes'

const HINT: Record<ListUse, string> = {
  seq: 'steps are x (hit), . (rest), _ (tie), a note such as c4 or e4+g4, or a number',
  step_seq: 'a step_seq holds x (hit) and . (rest)',
  notes: 'notes are written c4, c#4 or eb4, chords e4+g4, . for a rest and _ to tie',
}

export function compileList(list: Syn, text: string, use: ListUse, diags: Diagnostics): Step[] | null {
  const steps: Step[] = []
  let ok = true
  const bad = (n: Syn, what: string) => {
    diags.error(n.from, n.to, `${what}: ${HINT[use]}`)
    ok = false
  }
  for (const item of list.kids) {
    const t = text.slice(item.from, item.to)
    switch (item.type) {
      case 'Rest':
        steps.push({ k: 'rest' })
        continue
      case 'Tie':
        if (use === 'step_seq') bad(item, "'_' is not a step here")
        else if (steps.length === 0) bad(item, "a list cannot start with '_': a tie holds the step before it")
        else steps.push({ k: 'tie' })
        continue
      case 'Chord': {
        const midi: number[] = []
        for (const n of item.kids) {
          const m = noteToMidi(text.slice(n.from, n.to))
          if (m === null) bad(n, `'${text.slice(n.from, n.to)}' is not a note`)
          else midi.push(m)
        }
        if (use === 'step_seq') bad(item, 'a chord is not a step here')
        else if (midi.length) steps.push(notes(midi))
        continue
      }
      case 'Note':
      case 'Name': {
        if (t === 'x') {
          if (use === 'notes') bad(item, "'x' is not a note")
          else steps.push({ k: 'hit' })
          continue
        }
        const m = noteToMidi(t)
        if (m === null) bad(item, `unknown step '${t}'`)
        else if (use === 'step_seq') bad(item, `'${t}' is not a step here`)
        else steps.push(notes([m]))
        continue
      }
      case 'Number': {
        const parsed = parseNumber(t)
        if ('error' in parsed) diags.error(item.from, item.to, parsed.error), (ok = false)
        else if (use !== 'seq') bad(item, `'${t}' is not a step here`)
        else steps.push({ k: 'value', v: parsed.value })
        continue
      }
      default:
        if (item.isError) {
          ok = false // already reported as a syntax error
          continue
        }
        bad(item, `unexpected '${t}' in the list`)
    }
  }
  if (ok && (steps.length < 1 || steps.length > MAX_STEPS)) {
    diags.error(list.from, list.to, `a list needs 1 to ${MAX_STEPS} steps; this one has ${steps.length}`)
    ok = false
  }
  return ok ? steps : null
}

function notes(midi: number[]): Step {
  const sorted = [...new Set(midi)].sort((a, b) => a - b)
  return { k: 'notes', midi: sorted, hz: sorted.map(midiToHz) }
}
