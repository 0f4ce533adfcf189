import { describe, expect, it } from 'vitest'
import { render } from '../helpers/patch.ts'
import { onsets } from '../helpers/signal.ts'

describe('trig and seq in a patch', () => {
  it('onsets land on the exact sample after 60 s, for whole and fractional periods', () => {
    // bpm 126: beat * 4 = 8.4 Hz, a period of 5714.29 samples; 8 Hz is exactly 6000.
    const r = render('bpm 126\nnode a = trig(beat * 4)\nnode b = trig(8, duty: 0.25)\nout = (a + b) * 0.1', { seconds: 61, record: ['a', 'b'] })
    for (const [name, rate] of [['a', 8.4], ['b', 8]] as const) {
      const on = onsets(r.nodes[name])
      const late = on.filter((i) => i >= 60 * 48000)
      expect(late.length).toBeGreaterThan(5)
      for (const i of late) {
        const k = Math.round((i * rate) / 48000)
        expect(i, `${name} onset ${k}`).toBe(Math.max(0, Math.ceil((k * 48000) / rate - 1e-6)))
      }
    }
  })

  it('x steps retrigger, rests are silent, the first step plays at time 0', () => {
    const r = render('node clock = trig(8)\nnode g = seq(clock, [x x . x])\nout = g * 0.5', { seconds: 1, record: ['g'] })
    const g = r.nodes.g
    const P = 6000
    // Steps 0, 1, 3 of each 4-step bar; the clock goes low halfway through each, so x x is two onsets.
    expect(onsets(g)).toEqual([0, P, 3 * P, 4 * P, 5 * P, 7 * P])
    expect(Math.max(...g.subarray(2 * P, 3 * P))).toBe(0)
    expect(Math.max(...r.left.subarray(2 * P, 3 * P))).toBe(0)
    expect(g[P - 1]).toBe(0)
  })

  it('seq holds numbers and notes for their step and reads a step_seq control', () => {
    const r = render('step_seq pat = [x . x x]\nnode clock = trig(4)\nnode f = seq(clock, [100 a4 c4+e4 _])\nnode g = seq(clock, pat)\nout = osc(sine, f) * g * 0.2', { seconds: 1, record: ['f', 'g'] })
    const f = r.nodes.f, g = r.nodes.g
    const P = 12000
    expect(f[10]).toBe(100)
    expect(f[P - 1]).toBe(100)
    expect(f[P + 10]).toBeCloseTo(440, 6)
    expect(f[2 * P + 10]).toBeCloseTo(261.6256, 3) // the chord's lowest note
    expect(f[3 * P + P / 2 + 10]).toBeCloseTo(261.6256, 3) // tied
    expect(onsets(g)).toEqual([0, 2 * P, 3 * P])
  })
})
