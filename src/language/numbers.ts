/// Number literals with units, and note names, turned into plain numbers.

const UNITS: Record<string, number> = { '': 1, ms: 0.001, s: 1, hz: 1, khz: 1000 }

/// Parses `440`, `.5`, `1e3`, `5ms`, `2s`, `440hz`. Returns the value, or an error that says
/// what would fix the literal.
export function parseNumber(text: string): { value: number } | { error: string } {
  // Most literals are plain digits with at most one point, which Number reads alike.
  if (plainDecimal(text)) {
    const value = Number(text)
    if (Number.isFinite(value)) return { value }
  }
  const m = /^([0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)([a-zA-Z]*)$/.exec(text)
  if (!m) return { error: `'${text}' is not a number: write digits such as 440, 0.5 or 1e3` }
  const unit = m[2].toLowerCase()
  const scale = UNITS[unit]
  if (scale === undefined) {
    return { error: `unknown unit '${m[2]}' in ${text}: use ms, s or hz (or no unit)` }
  }
  const value = Number(m[1]) * scale
  if (!Number.isFinite(value)) return { error: `${text} is too large` }
  return { value }
}

/// Digits with at most one point, not last: the unitless, exponent-free case of the regex above.
function plainDecimal(text: string): boolean {
  let point = false
  const n = text.length
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c === 46 && !point && i < n - 1) point = true
    else if (c < 48 || c > 57) return false
  }
  return n > 0
}

const NOTE = /^([a-gA-G])(#|b)?(-1|[0-9])$/
const PITCH_CLASS: Record<string, number> = { c: 0, d: 2, e: 4, f: 5, g: 7, a: 9, b: 11 }

/// The MIDI note number of a note name (`a4` = 69, `c#3`, `eb2`, `c-1` = 0), or null when the
/// text is not a note.
export function noteToMidi(text: string): number | null {
  const m = NOTE.exec(text)
  if (!m) return null
  const pc = PITCH_CLASS[m[1].toLowerCase()]
  const accidental = m[2] === '#' ? 1 : m[2] === 'b' ? -1 : 0
  return (Number(m[3]) + 1) * 12 + pc + accidental
}

/// Equal temperament, a4 = 440 Hz.
export function midiToHz(midi: number): number {
  return 440 * Math.pow(2, (midi - 69) / 12)
}

export function isNoteName(text: string): boolean {
  return NOTE.test(text)
}

const NAMES = ['c', 'c#', 'd', 'd#', 'e', 'f', 'f#', 'g', 'g#', 'a', 'a#', 'b']

/// The note name of a MIDI number, with sharps: 61 gives `c#4`.
export function midiToNote(midi: number): string {
  return NAMES[((midi % 12) + 12) % 12] + String(Math.floor(midi / 12) - 1)
}
