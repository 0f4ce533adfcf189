import { describe, expect, it } from 'vitest'
import { formatControlValue, valueChange } from '../../../src/midi/drive.ts'
import { applyChange } from '../../../src/midi/cc-text.ts'
import { ccToValue } from '../../../src/midi/cc-value.ts'
import { compile } from '../../../src/language/compile.ts'
import { usesMidiNotes } from '../../../src/midi/usage.ts'

const cutoff = { kind: 'knob', name: 'cutoff', min: 80, max: 9000, curve: 'exp' as const, cc: 74 }
const level = { kind: 'fader', name: 'level', min: 0, max: 1, curve: 'lin' as const, cc: null }

describe('writing a CC-driven value into the text', () => {
  it('rounds as the panel does: four digits on exp, a thousandth of a linear range', () => {
    expect(formatControlValue(ccToValue(127, cutoff), cutoff)).toBe('9000')
    expect(formatControlValue(ccToValue(64, cutoff), cutoff)).toBe('864.5')
    expect(formatControlValue(1 / 3, level)).toBe('0.333')
    expect(formatControlValue(2, level)).toBe('1')
  })
  it('replaces only the value, and the result compiles to it', () => {
    const text = 'knob cutoff = 1800 [80..9000] exp cc 74 # b\nout = filter(lp, osc(saw, 110), cutoff)\n'
    const ch = valueChange(text, cutoff, 9000)!
    const t = applyChange(text, ch)
    expect(t.split('\n')[0]).toBe('knob cutoff = 9000 [80..9000] exp cc 74 # b')
    expect(compile(t).patch!.controls[0].value).toBe(9000)
    expect(valueChange(t, cutoff, 9000)).toBeNull()
  })
})

describe('usesMidiNotes', () => {
  it('finds poly(..., midi)', () => {
    const voice = 'voice v(freq, gate, vel) {\n  out = osc(sine, freq) * adsr(gate) * vel\n}\n'
    expect(usesMidiNotes(compile(voice + 'out = poly(v, midi, voices: 4)\n').patch!)).toBe(true)
    expect(usesMidiNotes(compile(voice + 'out = poly(v, [c4 e4])\n').patch!)).toBe(false)
  })
})
