import { describe, expect, it } from 'vitest'
import { FILTER_INIT, filterBlock, filterNoiseBlock, filterPair, filterPairRows, filterQuad, filterQuadRows, filterBp, filterHp, filterLp, filterNotch, setCoefficients } from '../../../worklet/dsp/filter.ts'
import { DSP_MEMORY } from '../../../worklet/dsp/dsp-memory.ts'
import { seedFor, whiteBlock } from '../../../worklet/dsp/noise.ts'
import { give, takeRows } from '../../../worklet/engine/memory.ts'
import { rms } from '../helpers/signal.ts'

const SR = 48000
type Fn = typeof filterLp

/// Steady-state gain (dB) of a filter for a sine at `hz`.
function gainDb(fn: Fn, hz: number, cutoff: number, q: number): number {
  const S = new Float64Array(FILTER_INIT)
  const n = SR / 2
  const x = new Float64Array(n), y = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    x[i] = Math.sin((2 * Math.PI * hz * i) / SR)
    y[i] = fn(S, 0, x[i], cutoff, q, SR)
  }
  return 20 * Math.log10(rms(y, n / 2) / rms(x, n / 2))
}

/// Renders a patch of every filter mode, moving and constant cutoffs and q, and counts the samples
/// that differ from the per-sample DSP functions.
async function mismatchesAgainstDsp(): Promise<number> {
  const { render } = await import('../helpers/patch.ts')
  const r = render('node x = noise()\nnode sweep = osc(sine, 3) * 0.5 + 0.5\nnode l = filter(lp, x, 100 + sweep * 5000, 4)\nnode h = filter(hp, x, 2000)\nnode b = filter(bp, x, 900, 1 + sweep * 10)\nnode n = filter(notch, l, 440, 2)\nnode hs = filter(hp, x, 300 + sweep * 3000, 2)\nout = (l + h + b + n + hs) * 0.1', { seconds: 0.2, record: ['x', 'sweep', 'l', 'h', 'b', 'n', 'hs'] })
  const S = new Float64Array(40)
  for (const o of [0, 8, 16, 24, 32]) S.set(FILTER_INIT, o)
  let mismatches = 0
  const nd = r.nodes
  for (let i = 0; i < nd.x.length; i++) {
    const l = filterLp(S, 0, nd.x[i], 100 + nd.sweep[i] * 5000, 4, SR)
    if (nd.l[i] !== l) mismatches++
    if (nd.h[i] !== filterHp(S, 8, nd.x[i], 2000, 0.707, SR)) mismatches++
    if (nd.b[i] !== filterBp(S, 16, nd.x[i], 900, 1 + nd.sweep[i] * 10, SR)) mismatches++
    if (nd.n[i] !== filterNotch(S, 24, l, 440, 2, SR)) mismatches++
    // A moving cutoff with q held runs its own loop; a highpass there reads all three outputs.
    if (nd.hs[i] !== filterHp(S, 32, nd.x[i], 300 + nd.sweep[i] * 3000, 2, SR)) mismatches++
  }
  return mismatches
}

/// Block `b` of the pair tests' rows: two inputs (W 0 and 128) and two gain rows (256 and 384).
function pairInputs(W: Float64Array, b: number): void {
  for (let i = 0; i < 128; i++) {
    const k = b * 128 + i
    W[i] = Math.sin(k * 0.3) + (k % 7) * 0.1
    W[128 + i] = Math.sin(k * 0.05 + 1)
    W[256 + i] = Math.cos(k * 0.01) * 0.8
    W[384 + i] = k % 200 < 100 ? 1 : 0.25
  }
}

describe('filter', () => {
  it('a 2-pole lowpass at 1 kHz attenuates 4 kHz by at least 22 dB', () => {
    const g1 = gainDb(filterLp, 100, 1000, 0.707)
    const g4 = gainDb(filterLp, 4000, 1000, 0.707)
    expect(Math.abs(g1)).toBeLessThan(0.1)
    expect(g1 - g4).toBeGreaterThan(22)
    expect(gainDb(filterLp, 1000, 1000, 0.707)).toBeCloseTo(-3.01, 1)
  })

  it('highpass, bandpass and notch have the cookbook shapes', () => {
    expect(gainDb(filterHp, 250, 1000, 0.707)).toBeLessThan(-22)
    expect(Math.abs(gainDb(filterHp, 10000, 1000, 0.707))).toBeLessThan(0.3)
    expect(Math.abs(gainDb(filterBp, 1000, 1000, 5))).toBeLessThan(0.1)
    expect(gainDb(filterBp, 4000, 1000, 5)).toBeLessThan(-20)
    expect(gainDb(filterNotch, 1000, 1000, 2)).toBeLessThan(-40)
    expect(Math.abs(gainDb(filterNotch, 100, 1000, 2))).toBeLessThan(0.1)
  })

  it('stays finite and bounded with cutoff swept 20 Hz..20 kHz at audio rate and q up to 20', () => {
    for (const fn of [filterLp, filterHp, filterBp, filterNotch]) {
      const S = new Float64Array(FILTER_INIT)
      let peak = 0
      let nonFinite = 0
      for (let i = 0; i < SR; i++) {
        // 20 Hz..20 kHz, exponentially, swept at 1.7 kHz; q swept 0.5..20 at 310 Hz; a saw input.
        const cutoff = 20 * 1000 ** (0.5 + 0.5 * Math.sin((2 * Math.PI * 1700 * i) / SR))
        const q = 0.5 + 19.5 * (0.5 + 0.5 * Math.sin((2 * Math.PI * 310 * i) / SR))
        const x = ((i * 220) / SR) % 1 * 2 - 1
        const y = fn(S, 0, x, cutoff, q, SR)
        if (!Number.isFinite(y)) nonFinite++
        peak = Math.max(peak, Math.abs(y))
      }
      expect(nonFinite).toBe(0)
      expect(peak).toBeLessThan(100)
    }
  })

  it('derives the cookbook coefficients from the prewarp tan within 1e-12, from 20 Hz to 20 kHz or 0.49 sr', () => {
    const S = new Float64Array(FILTER_INIT)
    let worst = 0
    for (const sr of [44100, 48000, 96000]) {
      for (let c = 20; c <= Math.min(20000, 0.49 * sr); c *= 1.01) {
        for (const q of [0.05, 0.707, 5, 50]) {
          setCoefficients(S, 0, c, q, sr)
          const g = Math.tan((Math.PI * c) / sr), k = 1 / q
          const a1 = 1 / (1 + g * (g + k))
          worst = Math.max(worst, Math.abs(S[4] - a1), Math.abs(S[5] - g * a1), Math.abs(S[6] - g * g * a1))
        }
      }
    }
    expect(worst).toBeLessThan(1e-12)
  })

  it('survives nonsense parameters and flushes tiny state to zero', () => {
    const S = new Float64Array(FILTER_INIT)
    for (const [c, q] of [[NaN, 1], [-5, 0], [1e9, 1e9], [1000, NaN]]) expect(Number.isFinite(filterLp(S, 0, 1, c, q, SR))).toBe(true)
    for (let i = 0; i < SR; i++) filterLp(S, 0, 0, 1000, 0.707, SR)
    expect(S[0]).toBe(0)
    expect(S[1]).toBe(0)
  })
})

describe('filter in a patch', () => {
  it('the generated inline filters match the DSP functions sample for sample', async () => {
    expect(await mismatchesAgainstDsp()).toBe(0)
  })

  it('moving cutoffs from below 20 Hz to above the top, and NaN, give the per-sample coefficients and state, in blocks of any length', () => {
    // Cutoffs clamped at both ends, crossing pi/4 (the fraction turned upside down), and NaN, in
    // blocks of odd lengths, through every mode; the state (integrators, last cutoff and its
    // coefficients) as the per-sample code leaves it.
    const P = Float64Array.of(2, SR, 1 / SR, 0, 0), V = Float64Array.of(0, 0.3, 3)
    const S = new Float64Array(16), R = new Float64Array(8)
    S.set(FILTER_INIT)
    R.set(FILTER_INIT)
    const W = new Float64Array(3 * 128)
    let mismatches = 0, i0 = 0
    for (const len of [128, 37, 1, 128, 64, 5]) {
      for (let i = 0; i < len; i++) {
        const k = i0 + i
        W[i] = Math.sin(k * 0.7)
        W[128 + i] = k % 97 === 0 ? NaN : 5 + (k % 50) * 500 // 5 Hz .. 24.5 kHz
      }
      filterBlock(S, 0, i0 % 4, W, 256, 0, len, V, 0, 0, 128, 0, -1, 2, P, -1, -1, -1)
      const fn = [filterLp, filterHp, filterBp, filterNotch][i0 % 4]
      for (let i = 0; i < len; i++) if (W[256 + i] !== fn(R, 0, W[i], W[128 + i], 3, SR)) mismatches++
      for (let j = 0; j < 8; j++) if (S[j] !== R[j] && !(Number.isNaN(S[j]) && Number.isNaN(R[j]))) mismatches++
      i0 += len
    }
    expect(mismatches).toBe(0)
  })

  it('a gain row multiplies the output exactly as a product computed after it, with constant or moving cutoff', () => {
    const P = Float64Array.of(2, SR, 1 / SR, 0, 0), V = Float64Array.of(0, 900, 2)
    const W = new Float64Array(5 * 128)
    for (let i = 0; i < 128; i++) {
      W[i] = Math.sin(i * 0.3)
      W[128 + i] = 200 + i * 30
      W[256 + i] = Math.cos(i * 0.05) * 0.8
    }
    let mismatches = 0
    for (const moving of [false, true]) {
      for (let mode = 0; mode < 4; mode++) {
        const S = new Float64Array(16), S2 = new Float64Array(16)
        S.set(FILTER_INIT)
        S2.set(FILTER_INIT)
        for (let b = 0; b < 3; b++) {
          filterBlock(S, 0, mode, W, 384, 0, 128, V, 0, 0, moving ? 128 : -1, 1, -1, 2, P, 256, -1, -1)
          filterBlock(S2, 0, mode, W, 512, 0, 128, V, 0, 0, moving ? 128 : -1, 1, -1, 2, P, -1, -1, -1)
          for (let i = 0; i < 128; i++) if (W[384 + i] !== W[512 + i] * W[256 + i]) mismatches++
        }
        if (rms(W.subarray(384, 512)) < 0.01) mismatches++
      }
    }
    expect(mismatches).toBe(0)
  })

  it('a pair of filters with gain rows (both, one, none; every mode) gives each one\'s filterBlock samples exactly', () => {
    const P = Float64Array.of(2, SR, 1 / SR, 0, 0), V = Float64Array.of(700, 0.9, 2500, 3)
    const W = new Float64Array(10 * 128)
    let mismatches = 0, loud = 0
    for (let mode = 0; mode < 4; mode++) {
      for (const [ga, gb] of [[256, 384], [256, -1], [-1, 384], [-1, -1]]) {
        const S = new Float64Array(32)
        for (const o of [0, 8, 16, 24]) S.set(FILTER_INIT, o)
        for (let b = 0; b < 6; b++) {
          pairInputs(W, b)
          // A pair, then each filter alone on copies of the state (offsets 16 and 24).
          filterPair(S, 0, 8, mode, W, 512, 640, 0, 128, V, 0, 128, 0, 1, 2, 3, P, ga, gb)
          filterBlock(S, 16, mode, W, 768, 0, 128, V, 0, 0, -1, 0, -1, 1, P, ga, -1, -1)
          filterBlock(S, 24, mode, W, 896, 0, 128, V, 128, 0, -1, 2, -1, 3, P, gb, -1, -1)
          for (let i = 0; i < 128; i++) if (W[512 + i] !== W[768 + i] || W[640 + i] !== W[896 + i]) mismatches++
          if (rms(W.subarray(512, 640)) > 0.01 && rms(W.subarray(640, 768)) > 0.01) loud++
        }
        for (let j = 0; j < 8; j++) if (S[j] !== S[16 + j] || S[8 + j] !== S[24 + j]) mismatches++
      }
    }
    expect(loud).toBeGreaterThan(80)
    expect(mismatches).toBe(0)
  })

  it('a pair at a knob\'s rows gives each one\'s filterBlock samples exactly, the rows at rest and gliding, in every mode, with and without scale, offset and gain', () => {
    // V: q 0.9 and 3, a scale 2 and an offset 300; slots 4 and 5 for the pair's cutoffs.
    const P = Float64Array.of(2, SR, 1 / SR, 0, 0), V = Float64Array.of(0.9, 3, 2, 300, 0, 0)
    const W = new Float64Array(12 * 128)
    let mismatches = 0, loud = 0, paired = 0
    for (let mode = 0; mode < 4; mode++) {
      for (const [cm, ca, ga, gb] of [[-1, -1, 256, 384], [2, 3, 256, -1], [-1, 3, -1, 384], [2, -1, -1, -1]]) {
        const S = new Float64Array(32)
        for (const o of [0, 8, 16, 24]) S.set(FILTER_INIT, o)
        for (let b = 0; b < 12; b++) {
          // A knob's rows (1024, 1152): at rest over most blocks, gliding over blocks 3, 4 and 8,
          // the two rows unlike; and at rest in one and gliding in the other in block 10.
          const glide0 = b === 3 || b === 4 || b === 8, glide1 = glide0 || b === 10
          pairInputs(W, b)
          for (let i = 0; i < 128; i++) {
            const k = b * 128 + i
            W[1024 + i] = glide0 ? 600 + k : 600 + 128 * b
            W[1152 + i] = glide1 ? 2400 - k : 2400 - 64 * b
          }
          if (!glide0 && !glide1) paired++
          // The pair, then each filter alone on copies of the state (offsets 16 and 24).
          filterPairRows(S, 0, 8, mode, W, 512, 640, 0, 128, V, 0, 128, 1024, 1152, cm, ca, cm, ca, 0, 1, P, ga, gb, 4, 5)
          filterBlock(S, 16, mode, W, 768, 0, 128, V, 0, 0, 1024, 0, -1, 0, P, ga, cm, ca)
          filterBlock(S, 24, mode, W, 896, 0, 128, V, 128, 0, 1152, 0, -1, 1, P, gb, cm, ca)
          for (let i = 0; i < 128; i++) if (W[512 + i] !== W[768 + i] || W[640 + i] !== W[896 + i]) mismatches++
          if (rms(W.subarray(512, 640)) > 0.01 && rms(W.subarray(640, 768)) > 0.01) loud++
        }
        for (let j = 0; j < 8; j++) if (!Object.is(S[j], S[16 + j]) || !Object.is(S[8 + j], S[24 + j])) mismatches++
      }
    }
    expect(paired).toBeGreaterThan(100)
    expect(loud).toBeGreaterThan(150)
    expect(mismatches).toBe(0)
  })

  it('a pair adds its outputs into a sum of rows as the first, a middle or the last pair of it, with vSumRows\' samples exactly', async () => {
    const { vSumRows } = await import('../../../worklet/dsp/vector.ts')
    const P = Float64Array.of(2, SR, 1 / SR, 0, 0), V = Float64Array.of(700, 0.9, 2500, 3, 8, 0.3)
    const W = new Float64Array(24 * 128)
    // Three pairs make six rows; a sum of them is written by vSumRows at row 20 and by the pairs at
    // row 21. Lowpasses with gains (the loop the generator spreads sums over) and bandpasses
    // without (the pass of its own any other caller gets), each scale vSumRows takes.
    let compared = 0, differing = 0, negativeZeros = 0
    for (const [mode, g] of [[0, 256], [1, -1]]) {
      for (const [sumMode, kVi] of [[0, -1], [1, 5], [2, 4]]) {
        const S = new Float64Array(48)
        for (let o = 0; o < 48; o += 8) S.set(FILTER_INIT, o)
        for (let b = 0; b < 4; b++) {
          for (let i = 0; i < 128; i++) {
            const k = b * 128 + i
            // Now and then the inputs go negative and the envelope silent: every output is -0
            // (a negative sample times 0), and so is a sum of them, which the pairs must keep.
            const low = k % 200 >= 150
            W[i] = low ? -2 : Math.sin(k * 0.3) + (k % 7) * 0.1
            W[128 + i] = low ? -2 : Math.sin(k * 0.05 + 1)
            W[256 + i] = k % 200 < 100 ? 1 : k % 200 < 170 ? 0.25 : 0
          }
          const outs = [4, 5, 6, 7, 8, 9].map((r) => r * 128)
          for (let j = 0; j < 3; j++) {
            filterPair(S, 16 * j, 16 * j + 8, mode, W, outs[2 * j], outs[2 * j + 1], 0, 128, V, 0, 128, 0, 1, 2, 3, P, g, g, 21 * 128, j, sumMode, kVi)
          }
          vSumRows(W, 20 * 128, Int32Array.from(outs), V, sumMode, kVi, 0, 128)
          for (let i = 0; i < 128; i++, compared++) {
            // Object.is: -0 and 0 are told apart.
            if (!Object.is(W[20 * 128 + i], W[21 * 128 + i])) differing++
            if (Object.is(W[20 * 128 + i], -0)) negativeZeros++
          }
          expect(rms(W.subarray(21 * 128, 22 * 128))).toBeGreaterThan(0.01)
        }
      }
    }
    expect(compared).toBe(2 * 3 * 4 * 128)
    expect(differing).toBe(0)
    expect(negativeZeros).toBeGreaterThan(0)
  })

  it('the block kernels ring out into silence to a state of exactly zero, flushed at a block\'s end, within 1e-14 of the per-sample code', () => {
    // A lowpass at 1 kHz decays by about 0.9 per sample: its state passes 1e-15 some 400 samples
    // into the silence and, unflushed, would still be near 1e-80 after 16 blocks.
    const P = Float64Array.of(2, SR, 1 / SR, 0, 0), V = Float64Array.of(1000, 0.707, 1500, 2, 0)
    const W = new Float64Array(6 * 128)
    const S = new Float64Array(24), R = new Float64Array(8)
    for (const o of [0, 8, 16]) S.set(FILTER_INIT, o)
    R.set(FILTER_INIT)
    let worst = 0, heard = 0
    for (let b = 0; b < 20; b++) {
      for (let i = 0; i < 128; i++) {
        W[i] = b < 4 ? Math.sin((b * 128 + i) * 0.2) : 0
        W[128 + i] = 1
      }
      filterBlock(S, 0, 0, W, 256, 0, 128, V, 0, 0, -1, 0, -1, 1, P, -1, -1, -1)
      filterPair(S, 8, 16, 1, W, 384, 512, 0, 128, V, 0, 0, 2, 3, 0, 1, P, 128, 128)
      for (let i = 0; i < 128; i++) {
        const y = filterLp(R, 0, W[i], 1000, 0.707, SR)
        worst = Math.max(worst, Math.abs(W[256 + i] - y))
        if (Math.abs(W[256 + i]) > 0.1 && Math.abs(W[384 + i]) > 0.1 && Math.abs(W[512 + i]) > 0.1) heard++
      }
      if (b === 4) expect(S[0]).not.toBe(0)
    }
    expect(heard).toBeGreaterThan(100)
    expect(worst).toBeLessThan(1e-14)
    for (const j of [0, 1, 8, 9, 16, 17]) expect(S[j]).toBe(0)
  })

  it('four lowpasses times rows in one wasm quad give the two pairs\' samples exactly: alone or in a sum (start, middle, end), every scale, uneven spans', () => {
    const P = Float64Array.of(2, SR, 1 / SR, 0, 0), V = Float64Array.of(700, 0.9, 2500, 3, 8, 0.3, 120, 1.5, 9000, 0.6)
    // Rows: inputs 0-3, gains 4-7, the quad's outputs 8-11, its sum row 12. The quad's W lies in the
    // wasm memory's arena (its fast path); the pairs' is a plain array.
    const Wq = takeRows(13 * 128), Wp = new Float64Array(13 * 128)
    expect(Wq.buffer === DSP_MEMORY.buffer).toBe(true)
    let compared = 0, differing = 0, negativeZeros = 0
    for (const [d, partA, partB, sumMode, kVi] of [[-1, 0, 0, 0, -1], [12, 0, 1, 0, -1], [12, 0, 2, 1, 5], [12, 1, 1, 0, -1], [12, 1, 2, 2, 4], [12, 1, 2, 0, -1]]) {
      const Sq = new Float64Array(32), Sp = new Float64Array(32)
      for (let o = 0; o < 32; o += 8) Sq.set(FILTER_INIT, o), Sp.set(FILTER_INIT, o)
      for (let b = 0; b < 6; b++) {
        for (let i = 0; i < 128; i++) {
          const k = b * 128 + i, low = k % 200 >= 150
          for (let j = 0; j < 4; j++) {
            Wp[j * 128 + i] = low ? -2 : Math.sin(k * (0.05 + 0.1 * j)) + (k % (5 + j)) * 0.1
            Wp[(4 + j) * 128 + i] = k % 200 < 100 ? 1 - 0.1 * j : k % 200 < 170 ? 0.25 : 0
          }
          // A middle or last quad adds to what the sum row holds.
          Wp[12 * 128 + i] = Math.cos(k * 0.01)
        }
        Wq.set(Wp)
        // Spans as a delay loop's sub-blocks make them: 1, 36, 91 samples.
        for (const [lo, hi] of [[0, 1], [1, 37], [37, 128]]) {
          filterQuad(Sq, 0, 8, 16, 24, 0, Wq, 8 * 128, 9 * 128, 10 * 128, 11 * 128, lo, hi, V, 0, 128, 256, 384, 0, 1, 2, 3, 6, 7, 8, 9, P, 512, 640, 768, 896, d < 0 ? -1 : d * 128, partA, partB, sumMode, kVi)
          filterPair(Sp, 0, 8, 0, Wp, 8 * 128, 9 * 128, lo, hi, V, 0, 128, 0, 1, 2, 3, P, 512, 640, d < 0 ? -1 : d * 128, partA, sumMode, kVi)
          filterPair(Sp, 16, 24, 0, Wp, 10 * 128, 11 * 128, lo, hi, V, 256, 384, 6, 7, 8, 9, P, 768, 896, d < 0 ? -1 : d * 128, partB, sumMode, kVi)
        }
        for (let i = 8 * 128; i < 13 * 128; i++, compared++) {
          if (!Object.is(Wq[i], Wp[i])) differing++
          if (Object.is(Wq[i], -0)) negativeZeros++
        }
        for (let o = 0; o < 32; o++) if (!Object.is(Sq[o], Sp[o])) differing++
        expect(rms(Wq.subarray(8 * 128, 9 * 128))).toBeGreaterThan(0.01)
      }
    }
    expect(compared).toBe(6 * 6 * 5 * 128)
    expect(differing).toBe(0)
    expect(negativeZeros).toBeGreaterThan(0)
    give(Wq)
  })

  it('four lowpasses at knobs\' rows give each one\'s filterBlock samples exactly, as a wasm quad while the rows rest and alone while any glides', () => {
    // V: q 0.9, 3, 0.7 and 2; a scale 2 and an offset 300; slots 6-9 for the quad's cutoffs.
    const P = Float64Array.of(2, SR, 1 / SR, 0, 0), V = Float64Array.of(0.9, 3, 0.7, 2, 2, 300, 0, 0, 0, 0)
    // Rows: inputs 0-3, gains 4-7, the quad's outputs 8-11, the filters' alone 12-15, the knobs'
    // rows 16-19. In the arena, so a resting block runs filterQuad's wasm loop.
    const W = takeRows(20 * 128)
    expect(W.buffer === DSP_MEMORY.buffer).toBe(true)
    const row = (r: number) => r * 128
    let mismatches = 0, loud = 0, resting = 0
    for (const [cm, ca] of [[-1, -1], [4, 5], [-1, 5], [4, -1]]) {
      const S = new Float64Array(64)
      for (let o = 0; o < 64; o += 8) S.set(FILTER_INIT, o)
      for (let b = 0; b < 12; b++) {
        // At rest over most blocks; the first knob gliding over blocks 3, 4 and 8, the last alone in block 10.
        const glide = (j: number) => (j === 0 && (b === 3 || b === 4 || b === 8)) || (j === 3 && b === 10)
        for (let i = 0; i < 128; i++) {
          const k = b * 128 + i
          for (let j = 0; j < 4; j++) {
            W[row(j) + i] = Math.sin(k * (0.05 + 0.1 * j)) + (k % (5 + j)) * 0.1
            W[row(4 + j) + i] = k % 200 < 100 ? 1 - 0.1 * j : 0.25
            W[row(16 + j) + i] = glide(j) ? 500 + 3 * k + 200 * j : 500 + 90 * b + 200 * j
          }
        }
        if (![0, 1, 2, 3].some(glide)) resting++
        filterQuadRows(S, 0, 8, 16, 24, 0, W, row(8), row(9), row(10), row(11), 0, 128, V, row(0), row(1), row(2), row(3),
          row(16), row(17), row(18), row(19), cm, ca, cm, ca, cm, ca, cm, ca, 0, 1, 2, 3, P, row(4), row(5), row(6), row(7), 6, 7, 8, 9)
        // Each alone, on its own copy of the state (offsets 32-56).
        for (let j = 0; j < 4; j++) filterBlock(S, 32 + 8 * j, 0, W, row(12 + j), 0, 128, V, row(j), 0, row(16 + j), 0, -1, j, P, row(4 + j), cm, ca)
        for (let i = row(8); i < row(12); i++) if (!Object.is(W[i], W[i + row(4)])) mismatches++
        if (rms(W.subarray(row(8), row(9))) > 0.01 && rms(W.subarray(row(11), row(12))) > 0.01) loud++
      }
      for (let j = 0; j < 32; j++) if (!Object.is(S[j], S[32 + j])) mismatches++
    }
    expect(resting).toBe(4 * 8)
    expect(loud).toBeGreaterThan(40)
    expect(mismatches).toBe(0)
    give(W)
  })

  it('a quad outside the arena, of another mode or without gain rows runs as its two pairs', () => {
    const P = Float64Array.of(2, SR, 1 / SR, 0, 0), V = Float64Array.of(700, 0.9, 2500, 3)
    for (const [mode, g] of [[0, -1], [1, 512], [0, 512]]) {
      const Wq = new Float64Array(12 * 128), Wp = new Float64Array(12 * 128)
      for (let i = 0; i < 512; i++) Wq[i] = Wp[i] = Math.sin(i * 0.2)
      for (let i = 512; i < 1024; i++) Wq[i] = Wp[i] = 0.5
      const Sq = new Float64Array(32), Sp = new Float64Array(32)
      for (let o = 0; o < 32; o += 8) Sq.set(FILTER_INIT, o), Sp.set(FILTER_INIT, o)
      filterQuad(Sq, 0, 8, 16, 24, mode, Wq, 1024, 1152, 1280, 1408, 0, 128, V, 0, 128, 256, 384, 0, 1, 2, 3, 0, 1, 2, 3, P, g, g, g, g, -1, 0, 0, 0, -1)
      filterPair(Sp, 0, 8, mode, Wp, 1024, 1152, 0, 128, V, 0, 128, 0, 1, 2, 3, P, g, g)
      filterPair(Sp, 16, 24, mode, Wp, 1280, 1408, 0, 128, V, 256, 384, 0, 1, 2, 3, P, g, g)
      expect(Wq).toEqual(Wp)
      expect(Sq).toEqual(Sp)
      expect(rms(Wq.subarray(1024, 1152))).toBeGreaterThan(0.01)
    }
  })

  it('filters with constant cutoff and q run two at a time and give exactly the samples they give alone', async () => {
    const { render, patchOf } = await import('../helpers/patch.ts')
    const { generate } = await import('../../../worklet/engine/codegen.ts')
    const { readableMain } = await import('../../../worklet/engine/call-table.ts')
    // Five lowpasses and two bandpasses on independent inputs; one of them feeds a sixth lowpass,
    // which must wait for it; a seventh lowpass has a moving cutoff and runs alone.
    const text = [
      'node a = noise()', 'node b = osc(saw, 110)', 'node c = osc(tri, 220) + a * 0.1', 'node lfo = osc(sine, 2) * 0.5 + 0.5',
      'node l1 = filter(lp, a, 500)', 'node l2 = filter(lp, b, 900, 2)', 'node l3 = filter(lp, c, 1500)', 'node l4 = filter(lp, a, 3000, 0.5)',
      'node l5 = filter(lp, l1, 200)', 'node p1 = filter(bp, a, 1000, 4)', 'node p2 = filter(bp, b, 2000, 8)',
      'node m = filter(lp, b, 300 + lfo * 2000)',
      'out = (l1 + l2 + l3 + l4 + l5 + p1 + p2 + m) * 0.1',
    ].join('\n')
    const main = readableMain(generate(patchOf(text)))
    expect(main.match(/filterPair\(/g)?.length).toBe(3)
    expect(main.match(/filterBlock\(/g)?.length).toBe(2)
    const r = render(text, { seconds: 0.2, record: ['a', 'b', 'c', 'lfo', 'l1', 'l2', 'l3', 'l4', 'l5', 'p1', 'p2', 'm'] })
    const nd = r.nodes
    const S = new Float64Array(8 * 8)
    for (let o = 0; o < 64; o += 8) S.set(FILTER_INIT, o)
    let mismatches = 0
    const same = (x: number, y: number): void => { if (x !== y) mismatches++ }
    for (let i = 0; i < nd.a.length; i++) {
      const l1 = filterLp(S, 0, nd.a[i], 500, 0.707, SR)
      same(nd.l1[i], l1)
      same(nd.l2[i], filterLp(S, 8, nd.b[i], 900, 2, SR))
      same(nd.l3[i], filterLp(S, 16, nd.c[i], 1500, 0.707, SR))
      same(nd.l4[i], filterLp(S, 24, nd.a[i], 3000, 0.5, SR))
      same(nd.l5[i], filterLp(S, 32, l1, 200, 0.707, SR))
      same(nd.p1[i], filterBp(S, 40, nd.a[i], 1000, 4, SR))
      same(nd.p2[i], filterBp(S, 48, nd.b[i], 2000, 8, SR))
      const m = filterLp(S, 56, nd.b[i], 300 + nd.lfo[i] * 2000, 0.707, SR)
      same(nd.m[i], m)
      // The output sums the filters after they ran (as float32, as the output is).
      same(r.left[i], Math.fround((nd.l1[i] + nd.l2[i] + nd.l3[i] + nd.l4[i] + nd.l5[i] + nd.p1[i] + nd.p2[i] + m) * 0.1))
    }
    expect(Math.max(...nd.l5.map(Math.abs))).toBeGreaterThan(0.01)
    expect(mismatches).toBe(0)
  })

  it('a filter of white noise in one kernel gives whiteBlock then filterBlock bit for bit: every mode, with and without a gain row, odd spans, the cutoff changed', () => {
    const P = Float64Array.of(2, SR, 1 / SR, 0)
    const V = Float64Array.of(2000, 5, 300, 0.6, 9000, 0.707)
    for (let mode = 0; mode < 4; mode++) for (const gained of [false, true]) {
      // Apart: the noise's row at 0, the filter's output at 128, the gain row at 256.
      const apart = { S: new Float64Array(16), W: new Float64Array(3 * 128) }
      const fused = { S: new Float64Array(16), W: new Float64Array(3 * 128) }
      for (const v of [apart, fused]) { v.S.set(FILTER_INIT, 0); v.S[8] = seedFor(`hat.noise ${mode}`) }
      for (let b = 0; b < 10; b++) {
        const lo = b % 3 === 1 ? 7 : 0, hi = b % 4 === 2 ? 101 : 128
        const c = b < 4 ? 0 : b < 7 ? 2 : 4
        for (let i = 0; i < 128; i++) apart.W[256 + i] = fused.W[256 + i] = Math.sin(i * 0.1 + b)
        const g = gained ? 256 : -1
        whiteBlock(apart.S, 8, apart.W, 0, lo, hi)
        filterBlock(apart.S, 0, mode, apart.W, 128, lo, hi, V, 0, 0, -1, c, -1, c + 1, P, g, -1, -1)
        filterNoiseBlock(fused.S, 0, 8, mode, fused.W, 128, lo, hi, V, c, c + 1, P, g)
        for (let i = lo; i < hi; i++) expect(Object.is(fused.W[128 + i], apart.W[128 + i]), `mode ${mode}, gain ${gained}, block ${b}, sample ${i}`).toBe(true)
        expect([...fused.S]).toEqual([...apart.S])
      }
      expect(rms(fused.W.subarray(128, 256))).toBeGreaterThan(0.01)
    }
  })

  it('a filter runs with its noise as one kernel where the noise is white, read only there and the cutoff and q are numbers', async () => {
    const { patchOf } = await import('../helpers/patch.ts')
    const { generate } = await import('../../../worklet/engine/codegen.ts')
    const { readableMain } = await import('../../../worklet/engine/call-table.ts')
    const voice = 'voice v(freq, gate) {\n  out = filter(hp, noise(), freq * 8, 2) + filter(bp, noise(), 3000, 4) * adsr(gate, 1ms, 30ms, 0, 10ms)\n}\nnode k = poly(v, [c3 e3], rate: 4, voices: 2)\n'
    const text = voice + [
      'node hat = filter(bp, noise(), 2000, 5) * adsr(trig(8), 1ms, 40ms, 0, 10ms)',
      'node wind = filter(lp, noise(), 500 + osc(sine, 0.2) * 300)',
      'node rain = filter(lp, noise(pink), 3000)',
      // hiss reads a node's noise by its name: the node keeps its row (a tap may draw it).
      'node hiss = filter(hp, n, 6000)',
      'node n = noise()',
      'out = (hat + wind + rain + hiss + k) * 0.2',
    ].join('\n')
    const g = generate(patchOf(text))
    // hat and the voice's bandpass fuse; wind (a moving cutoff), rain (pink), hiss (a node's noise)
    // and the voice's highpass (a cutoff from its pitch) do not.
    expect(readableMain(g).match(/filterNoiseBlock\(/g)?.length).toBe(1)
    expect(g.voices.join('\n').match(/filterNoiseBlock\(/g)?.length).toBe(1)
    expect(readableMain(g).match(/whiteBlock\(/g)?.length).toBe(2)
    expect(readableMain(g).match(/pinkBlock\(/g)?.length).toBe(1)
  })

  it('lowpasses times envelopes, summed as P1\'s voices are, run four at a time and give exactly the samples they give alone', async () => {
    const { render, patchOf } = await import('../helpers/patch.ts')
    const { generate } = await import('../../../worklet/engine/codegen.ts')
    const { readableMain } = await import('../../../worklet/engine/call-table.ts')
    // Eight voices: two quads adding into the sum `dry`, the first starting it, the second ending
    // it (divided by 8); a ninth lowpass times an envelope reads voice 0 and must wait for it (its
    // input never silent: a state ringing out to zero is flushed per block here, per sample there).
    const voice = (k: number) => `node v${k} = filter(lp, ${k % 2 ? 'b' : 'a'}, ${400 + 300 * k}, ${0.5 + 0.25 * k}) * env${k % 3}`
    const text = [
      'node a = noise()', 'node b = osc(saw, 110)',
      'node env0 = adsr(trig(4), 0.01, 0.05, 0.5, 0.05)', 'node env1 = adsr(trig(6), 0.002, 0.1, 0.3, 0.02)', 'node env2 = adsr(trig(5), 0.02, 0.02, 0.8, 0.1)',
      ...[0, 1, 2, 3, 4, 5, 6, 7].map(voice),
      'node dry = (v0 + v1 + v2 + v3 + v4 + v5 + v6 + v7) / 8',
      'node late = filter(lp, v0 + b, 300) * env1',
      'out = dry + late',
    ].join('\n')
    const main = readableMain(generate(patchOf(text)))
    expect(main.match(/filterQuad\(/g)?.length).toBe(2)
    const r = render(text, { seconds: 0.25, record: ['a', 'b', 'env0', 'env1', 'env2', 'v0', 'v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'dry', 'late'] })
    const nd = r.nodes
    const S = new Float64Array(9 * 8)
    for (let o = 0; o < 72; o += 8) S.set(FILTER_INIT, o)
    let mismatches = 0
    const same = (x: number, y: number): void => { if (!Object.is(x, y)) mismatches++ }
    const env = [nd.env0, nd.env1, nd.env2]
    for (let i = 0; i < nd.a.length; i++) {
      const v: number[] = []
      for (let k = 0; k < 8; k++) {
        v.push(filterLp(S, 8 * k, (k % 2 ? nd.b : nd.a)[i], 400 + 300 * k, 0.5 + 0.25 * k, SR) * env[k % 3][i])
        same(nd[`v${k}`][i], v[k])
      }
      same(nd.dry[i], (((((((v[0] + v[1]) + v[2]) + v[3]) + v[4]) + v[5]) + v[6]) + v[7]) * (1 / 8))
      same(nd.late[i], filterLp(S, 64, v[0] + nd.b[i], 300, 0.707, SR) * nd.env1[i])
    }
    expect(rms(nd.dry)).toBeGreaterThan(0.01)
    expect(mismatches).toBe(0)
  })
})
