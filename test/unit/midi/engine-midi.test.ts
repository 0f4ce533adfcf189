/// The engine's MIDI voices (`poly(VOICE, midi)`) against issue 8: equal temperament with +-2
/// semitones of bend, velocity as `vel` 0..1, note-off releases, the sustain pedal holds releases
/// until it lifts, more notes than voices steal the oldest. Measured on rendered samples.

import { describe, expect, it } from 'vitest'
import { Engine } from '../../../worklet/engine/engine.ts'
import { patchOf } from '../helpers/patch.ts'
import { levelAt, spectrum } from '../helpers/spectrum.ts'

const SR = 48000
const voice = 'voice t(freq, gate, vel) {\n  out = osc(sine, freq) * adsr(gate, 1ms, 1ms, 1, 20ms) * vel\n}\n'
const hz = (m: number) => 440 * 2 ** ((m - 69) / 12)

function engine(voices = 8, extra = ''): Engine {
  const e = new Engine(SR)
  e.load(patchOf(`${voice}node m = poly(t, midi, voices: ${voices})\nout = m * 0.5${extra}`))
  return e
}

/// Renders `seconds` and returns the left channel.
function run(e: Engine, seconds: number): Float32Array {
  const L = new Float32Array(Math.round(seconds * SR))
  e.process(L, new Float32Array(L.length))
  return L
}

const rms = (x: Float32Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length)

describe('MIDI voices in the engine', () => {
  it('plays velocity as vel: 64 is about half of 127', () => {
    const e = engine()
    e.midi([0x90, 69, 127])
    const loud = rms(run(e, 0.2).subarray(4800))
    e.midi([0x80, 69, 0])
    run(e, 0.2)
    e.midi([0x90, 69, 64])
    const soft = rms(run(e, 0.2).subarray(4800))
    expect(loud).toBeCloseTo(0.5 * Math.SQRT1_2, 2)
    expect(soft / loud).toBeCloseTo(64 / 127, 2)
  })

  it('holds let-go keys while the sustain pedal is down and releases them when it lifts', () => {
    const e = engine()
    e.midi([0xb0, 64, 127, 0x90, 60, 100, 0x90, 64, 100])
    run(e, 0.1)
    e.midi([0x80, 60, 0, 0x90, 64, 0]) // both keys up (the second as note-on velocity 0)
    const held = run(e, 0.3)
    expect(rms(held.subarray(SR * 0.2))).toBeGreaterThan(0.2)
    expect(e.stats().voices).toBe(2)
    e.midi([0xb0, 64, 0])
    const after = run(e, 0.3)
    expect(rms(after.subarray(SR * 0.2))).toBe(0)
    expect(e.stats().voices).toBe(0)
  })

  it('keeps a key that is still down sounding when the pedal lifts', () => {
    const e = engine()
    e.midi([0xb0, 64, 127, 0x90, 60, 100, 0x90, 67, 100, 0x80, 60, 0])
    run(e, 0.1)
    e.midi([0xb0, 64, 0])
    const x = run(e, 0.3)
    const s = spectrum(x.subarray(SR * 0.1), SR, 8192)
    expect(levelAt(s, hz(67))).toBeGreaterThan(levelAt(s, hz(60)) + 60)
  })

  it('a key struck again under the pedal takes a new voice; the pedal lifting releases both', () => {
    const e = engine()
    e.midi([0xb0, 64, 127, 0x90, 60, 100, 0x80, 60, 0, 0x90, 60, 100, 0x80, 60, 0])
    run(e, 0.1)
    expect(e.stats().voices).toBe(2)
    e.midi([0xb0, 64, 0])
    run(e, 0.3)
    expect(e.stats().voices).toBe(0)
  })

  it('a pedal pressed after the key-up does not bring the note back', () => {
    const e = engine()
    e.midi([0x90, 60, 100])
    run(e, 0.05)
    e.midi([0x80, 60, 0, 0xb0, 64, 127])
    const x = run(e, 0.3)
    expect(rms(x.subarray(SR * 0.2))).toBe(0)
  })

  it('more held notes than voices steal the oldest', () => {
    const e = engine(2)
    e.midi([0x90, 60, 100])
    run(e, 0.01)
    e.midi([0x90, 64, 100])
    run(e, 0.01)
    e.midi([0x90, 67, 100])
    const s = spectrum(run(e, 0.4).subarray(2400), SR, 16384)
    expect(levelAt(s, hz(64))).toBeGreaterThan(-12)
    expect(levelAt(s, hz(67))).toBeGreaterThan(-12)
    expect(levelAt(s, hz(60))).toBeLessThan(levelAt(s, hz(64)) - 60)
  })

  it('bends exactly two semitones at both ends', () => {
    for (const [lsb, msb, semis] of [[0x7f, 0x7f, 2], [0, 0, -2], [0, 0x40, 0]]) {
      const e = engine()
      e.midi([0x90, 69, 127, 0xe0, lsb, msb])
      const s = spectrum(run(e, 0.5).subarray(4800), SR, 16384)
      expect(levelAt(s, 440 * 2 ** (semis / 12))).toBeGreaterThan(-1.5)
    }
  })

  it('all notes off (CC 123) releases everything, sustained or not', () => {
    const e = engine()
    e.midi([0xb0, 64, 127, 0x90, 60, 100, 0x90, 62, 100, 0x80, 62, 0])
    run(e, 0.05)
    e.midi([0xb0, 123, 0])
    const x = run(e, 0.3)
    expect(rms(x.subarray(SR * 0.2))).toBe(0)
    // The pedal is up afterwards: a new note is released by its note-off.
    e.midi([0x90, 60, 100])
    run(e, 0.05)
    e.midi([0x80, 60, 0])
    expect(rms(run(e, 0.3).subarray(SR * 0.2))).toBe(0)
  })

  it('keeps the pedal and the sustained voices across a hot reload', () => {
    const e = engine()
    e.midi([0xb0, 64, 127, 0x90, 69, 100, 0x80, 69, 0])
    run(e, 0.1)
    // A different shape: the poly's state carries over by key.
    e.load(patchOf(`${voice}node m = poly(t, midi, voices: 8)\nnode dry = m * 0.5\nout = dry`))
    const x = run(e, 0.3)
    expect(rms(x.subarray(SR * 0.2))).toBeGreaterThan(0.2)
    e.midi([0xb0, 64, 0])
    expect(rms(run(e, 0.3).subarray(SR * 0.2))).toBe(0)
  })
})
