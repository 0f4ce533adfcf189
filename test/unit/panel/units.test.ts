import { describe, expect, it } from 'vitest'
import { compile } from '../../../src/language/compile.ts'
import { inferUnits } from '../../../src/panel/units.ts'

describe('units shown beside knobs and faders', () => {
  it('come from the literal, else from the argument the control drives', () => {
    const text = `knob cutoff = 1800 [80..9000] exp
knob atk = 5ms [1ms..1s] exp
knob rel = 0.2 [0.01..2]
knob ratio = 1.5 [0.5..4]
knob tune = 440hz [100hz..1000hz]
fader level = 0.5 [0..1]
voice v(freq, gate) {
  node env = adsr(gate, atk, 0.1, 0.5, rel)
  out = filter(lp, osc(saw, freq * ratio), 200 + env * cutoff) * env
}
out = poly(v, [c4 e4]) * level + osc(sine, tune) * 0
`
    const patch = compile(text).patch!
    expect(inferUnits(patch, text)).toEqual({ cutoff: 'Hz', atk: 's', rel: 's', ratio: null, tune: 'Hz', level: null })
  })
  it('is none when a control drives arguments of different units', () => {
    const text = 'knob x = 1 [0.5..2]\nout = osc(sine, 100 * x) * adsr(trig(2), x)\n'
    expect(inferUnits(compile(text).patch!, text).x).toBeNull()
  })
})
