/// The computer keyboard as a piano: two rows, `a w s e d f t g y h u j k o l p ;` from C up,
/// `z` an octave down and `x` an octave up. Keys are read by their position (`KeyboardEvent.code`),
/// so the map stays in place on AZERTY or Dvorak layouts.

import { noteOff, noteOn } from './messages.ts'

/// Semitones above the octave's C, by key position.
export const KEY_SEMITONES: Readonly<Record<string, number>> = {
  KeyA: 0, KeyW: 1, KeyS: 2, KeyE: 3, KeyD: 4, KeyF: 5, KeyT: 6, KeyG: 7, KeyY: 8, KeyH: 9, KeyU: 10, KeyJ: 11,
  KeyK: 12, KeyO: 13, KeyL: 14, KeyP: 15, Semicolon: 16,
}
export const OCTAVE_DOWN = 'KeyZ'
export const OCTAVE_UP = 'KeyX'

/// The C the `a` key plays at first: c4, MIDI 60.
export const DEFAULT_BASE = 60
/// Velocity of every computer-keyboard note (about 0.8 as `vel`).
export const KEY_VELOCITY = 100
const LOWEST_BASE = 0
const HIGHEST_BASE = 108

/// Which notes the keyboard holds and at which octave it plays. Each method returns the MIDI
/// messages to send (possibly none). A held key keeps the note it started with when the octave
/// changes, so its release ends the right note.
export class ComputerKeyboard {
  private base = DEFAULT_BASE
  private readonly held = new Map<string, number>()

  get octaveBase(): number {
    return this.base
  }

  /// Whether a key position is one this keyboard uses.
  static handles(code: string): boolean {
    return code in KEY_SEMITONES || code === OCTAVE_DOWN || code === OCTAVE_UP
  }

  down(code: string): number[][] {
    if (code === OCTAVE_DOWN || code === OCTAVE_UP) {
      const next = this.base + (code === OCTAVE_UP ? 12 : -12)
      if (next >= LOWEST_BASE && next <= HIGHEST_BASE) this.base = next
      return []
    }
    const semis = KEY_SEMITONES[code]
    if (semis === undefined || this.held.has(code)) return []
    const note = this.base + semis
    if (note > 127) return []
    this.held.set(code, note)
    return [noteOn(note, KEY_VELOCITY)]
  }

  up(code: string): number[][] {
    const note = this.held.get(code)
    if (note === undefined) return []
    this.held.delete(code)
    // Another key may still hold the same note after an octave change: keep it sounding.
    for (const n of this.held.values()) if (n === note) return []
    return [noteOff(note)]
  }

  /// Releases every held key (focus moved to the editor, the window lost focus).
  releaseAll(): number[][] {
    const notes = new Set(this.held.values())
    this.held.clear()
    return [...notes].map((n) => noteOff(n))
  }

  get holding(): boolean {
    return this.held.size > 0
  }
}
