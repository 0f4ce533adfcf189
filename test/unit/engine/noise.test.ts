import { describe, expect, it } from 'vitest'
import { PINK_STATE, WHITE_STATE, pink, seedFor, white } from '../../../worklet/dsp/noise.ts'
import { fft } from '../../../worklet/dsp/fft.ts'
import { render } from '../helpers/patch.ts'

/// Average power per octave band (Welch: 64 Hann-windowed frames of 4096), in dB.
function octaveBands(gen: () => number, sr: number, bands: [number, number][]): number[] {
  const N = 4096
  const power = new Float64Array(N / 2)
  for (let f = 0; f < 64; f++) {
    const re = new Float64Array(N), im = new Float64Array(N)
    for (let i = 0; i < N; i++) re[i] = gen() * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / N))
    fft(re, im)
    for (let i = 0; i < N / 2; i++) power[i] += re[i] * re[i] + im[i] * im[i]
  }
  return bands.map(([lo, hi]) => {
    let s = 0, n = 0
    for (let i = Math.ceil((lo * N) / sr); i < (hi * N) / sr; i++) { s += power[i]; n++ }
    return 10 * Math.log10(s / n)
  })
}

const BANDS: [number, number][] = [[100, 200], [400, 800], [1600, 3200], [6400, 12800]]

describe('noise', () => {
  it('white: within -1..1, zero mean, flat spectrum', () => {
    const S = new Float64Array(WHITE_STATE.length)
    S[0] = seedFor('n.noise')
    let sum = 0, sq = 0, lo = 0, hi = 0
    for (let i = 0; i < 48000; i++) {
      const x = white(S, 0)
      sum += x; sq += x * x; lo = Math.min(lo, x); hi = Math.max(hi, x)
    }
    expect(lo).toBeGreaterThanOrEqual(-1)
    expect(hi).toBeLessThan(1)
    expect(Math.abs(sum / 48000)).toBeLessThan(0.02)
    expect(sq / 48000).toBeCloseTo(1 / 3, 1) // uniform
    const b = octaveBands(() => white(S, 0), 48000, BANDS)
    for (const x of b) expect(Math.abs(x - b[0])).toBeLessThan(1.5)
  })

  it('pink: falls about 3 dB per octave and stays within -1..1', () => {
    const S = new Float64Array(PINK_STATE.length)
    S[0] = seedFor('n.noise')
    let peak = 0
    for (let i = 0; i < 48000; i++) peak = Math.max(peak, Math.abs(pink(S, 0)))
    expect(peak).toBeLessThan(1)
    expect(peak).toBeGreaterThan(0.3)
    const b = octaveBands(() => pink(S, 0), 48000, BANDS)
    // Bands two octaves apart: about -6 dB each step (power per bin).
    for (let k = 1; k < b.length; k++) expect(b[k] - b[k - 1]).toBeGreaterThan(-7.5), expect(b[k] - b[k - 1]).toBeLessThan(-4.5)
  })

  it('two noise units in a patch are different streams', () => {
    const r = render('node a = noise()\nnode b = noise()\nout = a * 0.1, b * 0.1', { seconds: 0.1, record: ['a', 'b'] })
    let dot = 0, na = 0, nb = 0
    for (let i = 0; i < r.nodes.a.length; i++) { dot += r.nodes.a[i] * r.nodes.b[i]; na += r.nodes.a[i] ** 2; nb += r.nodes.b[i] ** 2 }
    expect(Math.abs(dot / Math.sqrt(na * nb))).toBeLessThan(0.05)
  })
})
