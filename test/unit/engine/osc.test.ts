import { describe, expect, it } from 'vitest'
import { OSC_INIT, oscBank, oscSine, oscSineBlock, oscSquare, oscSquareBlock, oscTable } from '../../../worklet/dsp/osc.ts'
import { PHASE_SHIFT } from '../../../worklet/dsp/table-sizes.ts'
import { sineSlopes, sineTable, tablePosition, waveBase } from '../../../worklet/dsp/wavetable.ts'
import { spectrum, worstNonHarmonic } from '../helpers/spectrum.ts'
import { zeroCrossingHz } from '../helpers/signal.ts'

type Wave = 'sine' | 'saw' | 'square' | 'tri'

/// Renders `seconds` of one oscillator straight from the DSP functions; `freq` may vary per sample.
function render(wave: Wave, freq: (i: number) => number, sr: number, seconds: number, pw = 0.5): Float64Array {
  const S = new Float64Array(OSC_INIT)
  const out = new Float64Array(Math.round(sr * seconds))
  const saw = waveBase('saw'), tri = waveBase('tri'), sine = sineTable()
  for (let i = 0; i < out.length; i++) {
    const inc = freq(i) / sr
    out[i] = wave === 'sine' ? oscSine(S, 0, inc, sine)
      : wave === 'saw' ? oscTable(S, 0, inc, saw)
      : wave === 'tri' ? oscTable(S, 0, inc, tri)
      : oscSquare(S, 0, inc, pw, saw)
  }
  return out
}

describe('osc', () => {
  it('holds its frequency within 0.05 Hz over 1 s', () => {
    for (const [wave, hz] of [['sine', 440], ['saw', 1234.5], ['square', 97.3], ['tri', 3001.7]] as [Wave, number][]) {
      const measured = zeroCrossingHz(render(wave, () => hz, 48000, 1), 48000)
      expect(Math.abs(measured - hz), `${wave} ${hz} Hz measured ${measured}`).toBeLessThan(0.05)
    }
  })

  // At 44.1 kHz none of these fundamentals has a whole-sample period, so an alias cannot hide on a
  // harmonic (at 48 kHz, 2 kHz would have a 24-sample period and every alias would land on one).
  for (const wave of ['saw', 'square'] as Wave[]) {
    for (const hz of [440, 2000, 5000, 4800]) {
      it(`${wave} at ${hz} Hz: every non-harmonic component at least 60 dB down`, () => {
        const sr = 44100
        const s = spectrum(render(wave, () => hz, sr, 0.75), sr)
        const worst = worstNonHarmonic(s, hz)
        expect(worst.db, `worst at ${worst.hz.toFixed(0)} Hz`).toBeLessThan(-60)
      })
    }
  }

  it('stays band-limited under vibrato that crosses table edges', () => {
    const sr = 48000
    // 5 Hz vibrato of +-3% around 3.3 kHz sweeps across several 1/6-octave tables; the spectrum
    // of the modulated tone has sidebands, so compare against the same vibrato on a pure sine set:
    // aliases are the components above the highest harmonic that fits (around 20 kHz) folding down.
    const f = (i: number) => 3300 * (1 + 0.03 * Math.sin((2 * Math.PI * 5 * i) / sr))
    const x = render('saw', f, sr, 0.7)
    const s = spectrum(x, sr)
    // Harmonics of 3.3 kHz with vibrato smear +-3% per harmonic number; below the fundamental nothing
    // but aliases can appear.
    let worst = -Infinity
    for (let i = Math.ceil(30 / s.binHz); i < Math.floor(3000 / s.binHz); i++) worst = Math.max(worst, s.db[i])
    expect(worst).toBeLessThan(-60)
  })

  it('square honours its pulse width', () => {
    const x = render('square', () => 100, 48000, 0.2, 0.25)
    let high = 0
    for (let i = 0; i < 9600; i++) if (x[i] > 0) high++
    expect(Math.abs(high / 9600 - 0.25)).toBeLessThan(0.01)
  })
})

describe('osc in a patch', () => {
  it('the generated inline oscillators match the DSP functions sample for sample', async () => {
    const { render } = await import('../helpers/patch.ts')
    const r = render('node lfo = osc(sine, 5)\nnode a = osc(saw, 300 + lfo * 40)\nnode b = osc(square, 123, pw: 0.3 + lfo * 0.1)\nnode c = osc(tri, -77)\nout = (a + b + c) * 0.1', { seconds: 0.2, record: ['lfo', 'a', 'b', 'c'] })
    const n = r.nodes.a.length
    const S = new Float64Array(16)
    for (const o of [0, 4, 8, 12]) S.set(OSC_INIT, o)
    const saw = waveBase('saw'), tri = waveBase('tri'), sine = sineTable()
    const isr = 1 / 48000
    let mismatches = 0
    for (let i = 0; i < n; i++) {
      const lfo = oscSine(S, 0, 5 * isr, sine)
      if (r.nodes.lfo[i] !== lfo) mismatches++
      if (r.nodes.a[i] !== oscTable(S, 4, (300 + lfo * 40) * isr, saw)) mismatches++
      if (r.nodes.b[i] !== oscSquare(S, 8, 123 * isr, 0.3 + lfo * 0.1, saw)) mismatches++
      if (r.nodes.c[i] !== oscTable(S, 12, -77 * isr, tri)) mismatches++
    }
    expect(mismatches).toBe(0)
  })

  it('sine and pulse kernels give the DSP functions\' samples for frequencies past the sample rate and far below zero (a deep FM sweep), constant or moving', () => {
    // An increment of a whole cycle a sample or more wraps the phase by more than 1 at once: the
    // kernels' wrap must take the floor, as the per-sample functions do.
    const sr = 48000, P = Float64Array.of(2, sr, 1 / sr, 0, 0), sine = sineTable(), saw = waveBase('saw')
    const hz = [-130000, -48000, -47999.5, -440, 0, 440, 23999, 48000, 52000.25, 130000]
    let mismatches = 0, samples = 0
    for (const moving of [false, true]) {
      for (const f0 of hz) {
        const S = new Float64Array(8), R = new Float64Array(8)
        S.set(OSC_INIT, 0), S.set(OSC_INIT, 4), R.set(OSC_INIT, 0), R.set(OSC_INIT, 4)
        const V = Float64Array.of(f0, 0.3), W = new Float64Array(4 * 128)
        for (let b = 0; b < 6; b++) {
          // A moving frequency sweeps around f0 by up to 3 sample rates, through zero both ways.
          for (let i = 0; i < 128; i++) W[i] = moving ? f0 + 3 * sr * Math.sin((b * 128 + i) * 0.05) : f0
          oscSineBlock(S, 0, sine, W, 128, 0, 128, V, moving ? 0 : -1, 0, P)
          oscSquareBlock(S, 4, saw, W, 256, 0, 128, V, moving ? 0 : -1, 0, -1, 1, P)
          for (let i = 0; i < 128; i++) {
            const inc = W[i] * P[2] // as the kernels scale a frequency
            if (W[128 + i] !== oscSine(R, 0, inc, sine)) mismatches++
            if (W[256 + i] !== oscSquare(R, 4, inc, 0.3, saw)) mismatches++
            samples += 2
          }
        }
        for (const o of [0, 4]) if (S[o] !== R[o] || !(S[o] >= 0 && S[o] < 1)) mismatches++
      }
    }
    expect(samples).toBe(2 * 10 * 6 * 128 * 2)
    expect(mismatches).toBe(0)
  })

  it('a bank of saws or triangles gives the DSP functions\' samples exactly, added, written or scaled', () => {
    // Five oscillators run as a group of three and a pair: their samples summed per group as the
    // kernel sums them, the first group writing (scaled by V[5], or divided by it) or adding into
    // the row, the second adding. Frequencies out of table crossfades, in them, and some of each;
    // one negative.
    const P = Float64Array.of(2, 48000, 1 / 48000, 0), isr = 1 / 48000
    // The nearest frequency at or above f whose table is crossfaded into the next (or not).
    const pick = (f: number, fade: boolean): number => {
      while ((tablePosition(Math.abs(f) * isr) % 1 > 0) !== fade) f *= 1.001
      return f
    }
    const slots = Int32Array.of(0, 4, 8, 12, 16), vals = Int32Array.of(0, 1, 2, 3, 4)
    let mismatches = 0, loud = 0
    for (const fades of [[false, false, false, false, false], [false, true, false, true, false], [true, true, true, true, true]]) {
      const V = Float64Array.of(...[110, 110.55, 331, -77, 1234.5].map((f, j) => pick(f, fades[j])), 3)
      for (const wave of [waveBase('saw'), waveBase('tri')]) for (const mode of [0, 1, 2]) {
        const S = new Float64Array(20), R = new Float64Array(20)
        for (const o of slots) { S.set(OSC_INIT, o); R.set(OSC_INIT, o) }
        const W = new Float64Array(128)
        for (let b = 0; b < 40; b++) {
          for (let i = 0; i < 128; i++) W[i] = Math.sin(i + b) // what the row held before
          const before = W.slice()
          oscBank(S, 0, slots, V, vals, wave, 0, W, 0, 0, 128, P, mode, 5, -1)
          for (let i = 0; i < 128; i++) {
            const y = (j: number) => oscTable(R, slots[j], V[vals[j]] * isr, wave)
            const g1 = y(0) + y(1) + y(2), g2 = y(3) + y(4)
            const first = mode === 0 ? before[i] + g1 : mode === 1 ? g1 * V[5] : g1 * (1 / V[5])
            if (W[i] !== first + g2) mismatches++
            if (Math.abs(W[i]) > 0.5) loud++
          }
        }
      }
    }
    expect(loud).toBeGreaterThan(3000)
    expect(mismatches).toBe(0)
  })

  it('a bank with a gain row writes its sum times that row, as the bank then a product pass do, for every size and wave', () => {
    // One group of sines (two or four) takes the row in its pass; other sizes, and saws and
    // triangles, in a pass after. The scales are not powers of two, so a product taken in another
    // order (y * (k * g)) would round differently.
    const P = Float64Array.of(2, 48000, 1 / 48000, 0)
    const slots = Int32Array.of(0, 4, 8, 12, 16), vals = Int32Array.of(0, 1, 2, 3, 4)
    const V = Float64Array.of(110, 161.3, 331, -77, 1234.5, 0.3)
    let mismatches = 0, loud = 0, checked = 0
    for (const [wave, sine] of [[0, 1], [waveBase('saw'), 0], [waveBase('tri'), 0]]) for (let n = 1; n <= 5; n++) for (const mode of [1, 2]) {
      if (sine === 0 && n === 1) continue // a saw bank has two or more
      const S = new Float64Array(20), R = new Float64Array(20)
      for (const o of slots) { S.set(OSC_INIT, o); R.set(OSC_INIT, o) }
      const W = new Float64Array(384), X = new Float64Array(384)
      for (let b = 0; b < 30; b++) {
        for (let i = 0; i < 128; i++) W[128 + i] = X[128 + i] = Math.sin(0.05 * (i + 128 * b)) * 1.7 // the gain row
        oscBank(S, 0, slots.subarray(0, n), V, vals.subarray(0, n), wave, sine, W, 0, 0, 128, P, mode, 5, 128)
        oscBank(R, 0, slots.subarray(0, n), V, vals.subarray(0, n), wave, sine, X, 0, 0, 128, P, mode, 5, -1)
        for (let i = 0; i < 128; i++) X[i] = X[i] * X[128 + i]
        for (let i = 0; i < 128; i++) {
          if (W[i] !== X[i]) mismatches++
          if (Math.abs(W[i]) > 0.2) loud++
          checked++
        }
      }
    }
    expect(checked).toBe(3840 * 26)
    expect(loud).toBeGreaterThan(checked / 4)
    expect(mismatches).toBe(0)
  })

  it('a sine bank reads point + fraction * slope, the interpolation between the points exactly (slopes per unit of the phase fraction)', () => {
    const { table, slope } = sineSlopes()
    const frac = 2 ** PHASE_SHIFT
    let checked = 0
    for (let j = 0; j < table.length - 1; j += 7) {
      for (const f of [1, 12345, 2 ** 20 + 3, frac - 1]) {
        // The interpolation written from the points, as the banks read it before the slopes were scaled.
        expect(table[j] + f * slope[j]).toBe(table[j] + (f / frac) * (table[j + 1] - table[j]))
        checked++
      }
    }
    expect(checked).toBeGreaterThan(1000)
    // Half way between two points of a rising stretch is their mean, to rounding.
    expect(table[10] + (frac / 2) * slope[10]).toBeCloseTo((table[10] + table[11]) / 2, 15)
  })
})
