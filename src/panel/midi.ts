/// MIDI input for the panel. Control changes mapped in the text (`knob cutoff = ... cc 74`) move
/// their knob or fader, which sends the value to the engine and writes it into the text when the
/// controller rests, so the text stays the truth (a recompile would otherwise undo the move).
/// Every other message (notes, pitch bend, unmapped controllers) goes to the engine untouched,
/// for `poly(VOICE, midi)`.

import type { Control } from '../language/patch-data.ts'
import { fromNorm } from './scale.ts'

export interface MidiRoute {
  /// Knob and fader moves, in order.
  controls: { control: Control; value: number }[]
  /// The bytes for the engine (whole messages only).
  engine: number[]
}

/// Splits raw MIDI bytes (one or several messages) between the panel and the engine.
export function routeMidi(bytes: ArrayLike<number>, controls: readonly Control[]): MidiRoute {
  const out: MidiRoute = { controls: [], engine: [] }
  for (let i = 0; i < bytes.length; ) {
    const status = bytes[i]
    if (status < 0x80) {
      i++
      continue
    }
    const type = status & 0xf0
    const len = status >= 0xf0 ? 1 : type === 0xc0 || type === 0xd0 ? 2 : 3
    const msg = Array.from({ length: len }, (_, k) => bytes[i + k] ?? 0)
    i += len
    if (status >= 0xf0) continue // clock, sysex and other system messages: nothing here uses them
    const mapped = type === 0xb0 ? controls.filter((c) => (c.kind === 'knob' || c.kind === 'fader') && c.cc === msg[1]) : []
    if (!mapped.length) out.engine.push(...msg)
    // The engine's own mapping: 0..127 spread evenly along the control's curve.
    for (const c of mapped) out.controls.push({ control: c, value: fromNorm(msg[2] / 127, c) })
  }
  return out
}

/// Whether a patch wants MIDI input: a `cc` mapping or a `poly(..., midi)`.
export function wantsMidi(controls: readonly Control[], usesMidiNotes: boolean): boolean {
  return usesMidiNotes || controls.some((c) => c.cc !== null)
}
