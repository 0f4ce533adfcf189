import { describe, expect, it } from 'vitest'
import { valueChange } from '../../../src/midi/drive.ts'
import { applyChange } from '../../../src/midi/cc-text.ts'
import { ccToValue } from '../../../src/midi/cc-value.ts'
import { compile } from '../../../src/language/compile.ts'
import { usesMidiNotes } from '../../../src/midi/usage.ts'

describe('writing a CC-driven value into the text', () => {
  const text = 'knob cutoff = 1800 [80..9000] exp cc 74 # b\nfader level = 0.5 [0..1]\nout = filter(lp, osc(saw, 110), cutoff) * level\n'
  const [cutoff, level] = compile(text).patch!.controls

  it('replaces only the value, as the panel writes it, and the result compiles to it', () => {
    const t = applyChange(text, valueChange(text, cutoff, ccToValue(127, cutoff))!)
    expect(t.split('\n')[0]).toBe('knob cutoff = 9000 [80..9000] exp cc 74 # b')
    expect(compile(t).patch!.controls[0].value).toBe(9000)
    expect(valueChange(t, cutoff, 9000)).toBeNull()
    const u = applyChange(text, valueChange(text, cutoff, ccToValue(64, cutoff))!)
    expect(compile(u).patch!.controls[0].value).toBeCloseTo(864.5, 1)
    const w = applyChange(text, valueChange(text, level, ccToValue(42, level))!)
    expect(w.split('\n')[1]).toBe('fader level = 0.331 [0..1]')
  })
})

describe('usesMidiNotes', () => {
  it('finds poly(..., midi)', () => {
    const voice = 'voice v(freq, gate, vel) {\n  out = osc(sine, freq) * adsr(gate) * vel\n}\n'
    expect(usesMidiNotes(compile(voice + 'out = poly(v, midi, voices: 4)\n').patch!)).toBe(true)
    expect(usesMidiNotes(compile(voice + 'out = poly(v, [c4 e4])\n').patch!)).toBe(false)
  })
})
