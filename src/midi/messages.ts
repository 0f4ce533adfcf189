/// MIDI 1.0 channel messages as the Web MIDI API delivers them (one whole message per event, no
/// running status), read into plain events. Anything else (system messages, sysex, aftertouch,
/// program change, a truncated message) reads as null and is ignored.

import { midiToHz } from '../language/numbers.ts'

export type MidiEvent =
  | { k: 'on'; channel: number; note: number; velocity: number }
  | { k: 'off'; channel: number; note: number }
  | { k: 'cc'; channel: number; cc: number; value: number }
  | { k: 'bend'; channel: number; value: number }

/// The sustain (damper) pedal: 64 and above holds.
export const CC_SUSTAIN = 64
/// Channel mode messages that silence: all sound off, all notes off.
export const CC_ALL_SOUND_OFF = 120
export const CC_ALL_NOTES_OFF = 123
/// CC numbers from 120 up are channel mode messages, never a knob.
export const CC_FIRST_MODE = 120

export function parseMidi(data: ArrayLike<number>): MidiEvent | null {
  const status = data[0]
  if (status === undefined || status < 0x80 || status >= 0xf0) return null
  const type = status & 0xf0
  const channel = status & 0x0f
  const d1 = data[1]
  const d2 = data[2]
  const ok = (b: number | undefined): b is number => b !== undefined && b >= 0 && b < 0x80
  if (!ok(d1) || !ok(d2)) return null
  switch (type) {
    case 0x90:
      // A note-on with velocity 0 is a note-off (the usual running-status idiom).
      return d2 === 0 ? { k: 'off', channel, note: d1 } : { k: 'on', channel, note: d1, velocity: d2 }
    case 0x80:
      return { k: 'off', channel, note: d1 }
    case 0xb0:
      return { k: 'cc', channel, cc: d1, value: d2 }
    case 0xe0:
      return { k: 'bend', channel, value: d1 | (d2 << 7) }
    default:
      return null
  }
}

/// The bytes of an event (channel 0 unless given), for the computer keyboard and the tests.
export function noteOn(note: number, velocity: number, channel = 0): number[] {
  return [0x90 | channel, note & 0x7f, Math.max(1, Math.min(127, Math.round(velocity)))]
}
export function noteOff(note: number, channel = 0): number[] {
  return [0x80 | channel, note & 0x7f, 0]
}
export function controlChange(cc: number, value: number, channel = 0): number[] {
  return [0xb0 | channel, cc & 0x7f, Math.max(0, Math.min(127, Math.round(value)))]
}
/// `value` 0..16383, 8192 is centre.
export function pitchBend(value: number, channel = 0): number[] {
  const v = Math.max(0, Math.min(16383, Math.round(value)))
  return [0xe0 | channel, v & 0x7f, v >> 7]
}

/// Semitones of a 14-bit pitch bend value for a bend range of `range` semitones: 0 gives
/// -range, 8192 gives 0, 16383 gives +range (the halves are scaled separately so both ends
/// are exact).
export function bendSemitones(value: number, range = 2): number {
  const d = value - 8192
  return (d / (d < 0 ? 8192 : 8191)) * range
}

/// A note's frequency with a bend in semitones: equal temperament, a4 (69) = 440 Hz.
export function noteHz(note: number, bendSemis = 0): number {
  return midiToHz(note + bendSemis)
}

/// A note-on velocity 1..127 as the voice's `vel`, 0..1.
export function velocity01(velocity: number): number {
  return Math.max(0, Math.min(1, velocity / 127))
}
