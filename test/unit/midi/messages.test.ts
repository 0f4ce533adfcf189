import { describe, expect, it } from 'vitest'
import { bendSemitones, controlChange, noteHz, noteOff, noteOn, parseMidi, pitchBend, velocity01 } from '../../../src/midi/messages.ts'

describe('parseMidi', () => {
  it('reads note on and off on any channel', () => {
    expect(parseMidi([0x90, 69, 100])).toEqual({ k: 'on', channel: 0, note: 69, velocity: 100 })
    expect(parseMidi([0x93, 60, 1])).toEqual({ k: 'on', channel: 3, note: 60, velocity: 1 })
    expect(parseMidi([0x80, 69, 64])).toEqual({ k: 'off', channel: 0, note: 69 })
  })
  it('reads a note-on with velocity 0 as a note-off', () => {
    expect(parseMidi([0x9f, 61, 0])).toEqual({ k: 'off', channel: 15, note: 61 })
  })
  it('reads control change and 14-bit pitch bend', () => {
    expect(parseMidi([0xb0, 74, 127])).toEqual({ k: 'cc', channel: 0, cc: 74, value: 127 })
    expect(parseMidi([0xe1, 0x00, 0x40])).toEqual({ k: 'bend', channel: 1, value: 8192 })
    expect(parseMidi([0xe0, 0x7f, 0x7f])).toEqual({ k: 'bend', channel: 0, value: 16383 })
  })
  it('ignores system, sysex, program change, aftertouch and broken messages', () => {
    for (const m of [[0xf8], [0xf0, 1, 2, 0xf7], [0xc0, 5], [0xd0, 30], [0xa0, 60, 10], [0x90, 60], [0x90, 200, 1], [], [0x40, 1, 2]]) {
      expect(parseMidi(m)).toBeNull()
    }
  })
  it('round-trips the byte builders', () => {
    expect(parseMidi(noteOn(64, 90))).toEqual({ k: 'on', channel: 0, note: 64, velocity: 90 })
    expect(parseMidi(noteOff(64, 2))).toEqual({ k: 'off', channel: 2, note: 64 })
    expect(parseMidi(controlChange(1, 300))).toEqual({ k: 'cc', channel: 0, cc: 1, value: 127 })
    expect(parseMidi(pitchBend(12000))).toEqual({ k: 'bend', channel: 0, value: 12000 })
  })
})

describe('pitch and velocity', () => {
  it('tunes equal temperament to a4 = 440 Hz', () => {
    expect(noteHz(69)).toBe(440)
    expect(noteHz(81)).toBeCloseTo(880, 9)
    expect(noteHz(60)).toBeCloseTo(261.6256, 3)
  })
  it('bends two semitones each way, exactly at both ends and at the centre', () => {
    expect(bendSemitones(8192)).toBe(0)
    expect(bendSemitones(0)).toBe(-2)
    expect(bendSemitones(16383)).toBe(2)
    expect(noteHz(69, bendSemitones(16383))).toBeCloseTo(493.8833, 3)
    expect(noteHz(69, bendSemitones(0))).toBeCloseTo(391.9954, 3)
  })
  it('scales velocity to 0..1', () => {
    expect(velocity01(127)).toBe(1)
    expect(velocity01(100)).toBeCloseTo(0.7874, 4)
    expect(velocity01(0)).toBe(0)
  })
})
