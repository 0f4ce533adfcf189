import { describe, expect, it } from 'vitest'
import { renderOffline } from '../../../worklet/render.ts'
import { patchOf, render } from '../helpers/patch.ts'
import { onsets, zeroCrossingHz } from '../helpers/signal.ts'

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

  it('an edit of a literal list plays the new steps at once, without a rebuild: a seq, a seq in a voice, a poly\'s notes', () => {
    const text = (seqList: string, voiceList: string, notes: string) => [
      'voice v(freq, gate) {',
      `  node m = seq(trig(2), [${voiceList}])`,
      '  out = osc(sine, freq * m) * gate',
      '}',
      'node clock = trig(8)',
      `node f = seq(clock, [${seqList}])`,
      `node k = poly(v, [${notes}], rate: 1, gate: 1)`,
      'out = k * 0.3, osc(sine, f) * 0.3',
    ].join('\n')
    const before = patchOf(text('110 220 330 440', '1', 'a3 a3 a3 a3'))
    const after = patchOf(text('550 660 770 880', '2', 'e4 e4 e4 e4'))
    expect(after.shapeKey).toBe(before.shapeKey)
    const r = renderOffline(before, { seconds: 1.5, swap: { patch: after, at: 0.5 }, record: ['f'] })
    expect(r.loads.map((l) => l.rebuilt)).toEqual([true, false])
    const at = r.swapFrame
    const seen = (from: number, to: number) => [...new Set(r.nodes.f.subarray(from, to))].sort((a, b) => a - b)
    expect(seen(0, at)).toEqual([110, 220, 330, 440])
    // The clock's step in progress at the swap holds its place in the new list.
    expect(seen(at + 6000, at + 30000)).toEqual([550, 660, 770, 880])
    // The voices: a3 (220 Hz) times 1 before; the note of the next step (1 s) e4 (329.63 Hz), times 2.
    expect(zeroCrossingHz(r.left.subarray(2400, at - 2400), 48000)).toBeCloseTo(220, 0)
    expect(zeroCrossingHz(r.left.subarray(48000 + 2400, 72000 - 2400), 48000)).toBeCloseTo(659.26, 0)
  })
})
