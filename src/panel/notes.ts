/// Note names for the piano roll, on top of the language's own note reading (one definition of
/// what a note is): MIDI numbers to the spelling written into the text (`c4`, `c#4`) and back.

import { midiToHz, midiToNote, noteToMidi } from '../language/numbers.ts'

export { midiToHz }

export const MIDI_MIN = 0 // c-1
export const MIDI_MAX = 131 // b9

/// `60` → `c4`, `61` → `c#4`: lower case with sharps, as written into the text.
export function noteName(midi: number): string {
  if (!Number.isInteger(midi) || midi < MIDI_MIN || midi > MIDI_MAX) throw new RangeError(`No note name for MIDI ${midi}`)
  return midiToNote(midi)
}

/// `c4`, `C#4`, `eb2`, `a-1` → MIDI number; null when the word is not a note the roll can show.
export function parseNote(word: string): number | null {
  const midi = noteToMidi(word)
  return midi !== null && midi >= MIDI_MIN && midi <= MIDI_MAX ? midi : null
}

export function isBlackKey(midi: number): boolean {
  return [1, 3, 6, 8, 10].includes(midi % 12)
}
