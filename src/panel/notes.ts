/// Note names for the piano roll: MIDI numbers to the spelling the language reads (`c4`, `c#4`)
/// and back. a4 = MIDI 69 = 440 Hz; octaves run from -1 to 9 as in the language.

const NAMES = ['c', 'c#', 'd', 'd#', 'e', 'f', 'f#', 'g', 'g#', 'a', 'a#', 'b'] as const
const LETTER: Record<string, number> = { c: 0, d: 2, e: 4, f: 5, g: 7, a: 9, b: 11 }

export const MIDI_MIN = 0 // c-1
export const MIDI_MAX = 131 // b9

/// `60` → `c4`, `61` → `c#4`: lower case with sharps, as written into the text.
export function noteName(midi: number): string {
  if (!Number.isInteger(midi) || midi < MIDI_MIN || midi > MIDI_MAX) throw new RangeError(`No note name for MIDI ${midi}`)
  return NAMES[midi % 12] + String(Math.floor(midi / 12) - 1)
}

/// `c4`, `C#4`, `eb2`, `a-1` → MIDI number; null when the word is not a note.
export function parseNote(word: string): number | null {
  const m = /^([a-gA-G])(#|b)?(-1|[0-9])$/.exec(word)
  if (!m) return null
  const midi = LETTER[m[1].toLowerCase()] + (m[2] === '#' ? 1 : m[2] === 'b' ? -1 : 0) + (Number(m[3]) + 1) * 12
  return midi >= MIDI_MIN && midi <= MIDI_MAX ? midi : null
}

export function isBlackKey(midi: number): boolean {
  return [1, 3, 6, 8, 10].includes(midi % 12)
}

export function midiToHz(midi: number): number {
  return 440 * Math.pow(2, (midi - 69) / 12)
}
