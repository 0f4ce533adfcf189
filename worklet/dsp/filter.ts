/// 2-pole filters with the RBJ cookbook's responses (the bilinear transform, with prewarping, of
/// the analog prototypes 1/(s^2+s/Q+1), s^2/(..), (s/Q)/(..) and (s^2+1)/(..)), computed in the
/// trapezoidal state-variable form (Simper/Cytomic): the same magnitude and phase as the
/// cookbook's direct form, but its state stays bounded when cutoff and q move every sample,
/// which a direct-form biquad does not guarantee.
/// State at `o`: two integrator states, the last cutoff and q, and the coefficients derived from them.

import { quad, quadAdd, quadStart } from './filter-loops.ts'
import { steady } from './vector.ts'
import { MemoryAt, QUAD_FLOATS, QUAD_INTS } from './dsp-memory.ts'

export const FILTER_STATE = ['ic1', 'ic2', 'cutoff', 'q', 'a1', 'a2', 'a3', 'k'] as const
export const FILTER_INIT = [0, 0, -1, -1, 0, 0, 0, 0] as const

export const MIN_CUTOFF = 20
export const MAX_CUTOFF = 20000
export const MIN_Q = 0.05
export const MAX_Q = 50
/// Below this a state is flushed to zero: subnormal doubles are slow and the worklet does not flush them.
const TINY = 1e-15
/// A state as the filter keeps it: flushed to zero below TINY. The block kernels flush their states
/// once, at the end of each block; the per-sample functions after each sample. In a kernel's loop
/// the flush sat on the recursion's chain from one sample to the next: a pair of lowpasses took
/// 2.45 ns per filter and sample with it there, 1.56 without (Chromium). The two ways differ only
/// while a state is within 1e-15 of zero (a filter ringing out into silence), by about that much;
/// a state decaying into subnormals within a block (poles near zero) is slow for that block only.
const flush = (n: number): number => (n < TINY && n > -TINY ? 0 : n)

/// The prewarp tan(x), 0 <= x < pi/2 (a cutoff up to 0.49 sr), as a fraction N / D: a (7,6) Padé
/// approximant on 0..pi/4 and, above, tan(x) = 1 / tan(pi/2 - x), the same fraction upside down;
/// within 2e-13 of Math.tan. Kept as a fraction because the coefficients need only its two parts:
/// with g = N / D, a1 = 1 / (1 + g (g + k)) = D^2 / (D^2 + N^2 + k N D), a2 = g a1 = N D / (..) and
/// a3 = g^2 a1 = N^2 / (..), one division where tan and a1 took two (or three); x = cutoff * (pi /
/// sr), pi / sr computed once per block. A cutoff moved by an envelope or an LFO pays this every
/// sample. padeNum, padeDen: the fraction's parts on 0..pi/4.
const padeNum = (t: number, t2: number): number => t * (135135 + t2 * (-17325 + t2 * (378 - t2)))
const padeDen = (t2: number): number => 135135 + t2 * (-62370 + t2 * (3150 - 28 * t2))

/// Recomputes the coefficients only when cutoff or q changed.
function coefficients(S: Float64Array, o: number, cutoff: number, q: number, sr: number): void {
  if (cutoff !== S[o + 2] || q !== S[o + 3]) setCoefficients(S, o, cutoff, q, sr)
}

/// Derives the coefficients from cutoff (clamped to 20 Hz..min(20 kHz, 0.49 sr); NaN gives 20 Hz)
/// and q (clamped to 0.05..50), and remembers which cutoff and q they are for.
export function setCoefficients(S: Float64Array, o: number, cutoff: number, q: number, sr: number): void {
  S[o + 2] = cutoff
  S[o + 3] = q
  const top = Math.min(MAX_CUTOFF, sr * 0.49)
  const c = cutoff > MIN_CUTOFF ? (cutoff < top ? cutoff : top) : MIN_CUTOFF // NaN gives the minimum
  const r = q > MIN_Q ? (q < MAX_Q ? q : MAX_Q) : MIN_Q
  const k = 1 / r
  const x = c * (Math.PI / sr)
  const up = x > Math.PI / 4, t = up ? Math.PI / 2 - x : x, t2 = t * t
  const pn = padeNum(t, t2), pd = padeDen(t2)
  const N = up ? pd : pn, D = up ? pn : pd
  const z = 1 / (D * D + N * (N + k * D))
  S[o + 4] = D * D * z
  S[o + 5] = N * D * z
  S[o + 6] = N * N * z
  S[o + 7] = k
}

/// One sample of the state-variable filter; leaves band (v1) and low (v2) outputs in BL[0..1].
///
/// Written as the state update it amounts to, with band and low read off the old and new states:
/// new = M * state + input column (from a1..a3), as `A ic1 + B d` and `B ic1 + ic2 + F d` with
/// d = x - ic2 (A = 2 a1 - 1, B = 2 a2, F = 2 a3; four products, where M's four entries and the
/// column's two took six). The textbook form (v3 = x - ic2, v1 = a1 ic1 + a2 v3, ic1' = 2 v1 - ic1,
/// ...) chains five dependent operations from one sample's state to the next; this form chains
/// three (a difference, a product, a sum), which is what bounds a filter's speed: 1.6x faster
/// here, the same filter to rounding. The kernels below compute the same expressions.
function tick(S: Float64Array, o: number, x: number, BL: Float64Array): void {
  const ic1 = S[o], ic2 = S[o + 1]
  const a1 = S[o + 4], a2 = S[o + 5], a3 = S[o + 6]
  const d = x - ic2
  const n1 = (2 * a1 - 1) * ic1 + 2 * a2 * d
  const n2 = 2 * a2 * ic1 + ic2 + 2 * a3 * d
  BL[0] = (n1 + ic1) * 0.5
  BL[1] = (n2 + ic2) * 0.5
  S[o] = flush(n1)
  S[o + 1] = flush(n2)
}

const BL = new Float64Array(2)

export function filterLp(S: Float64Array, o: number, x: number, cutoff: number, q: number, sr: number): number {
  coefficients(S, o, cutoff, q, sr)
  tick(S, o, x, BL)
  return BL[1]
}

export function filterHp(S: Float64Array, o: number, x: number, cutoff: number, q: number, sr: number): number {
  coefficients(S, o, cutoff, q, sr)
  tick(S, o, x, BL)
  return x - S[o + 7] * BL[0] - BL[1]
}

/// Band-pass with 0 dB at the centre (the cookbook's "constant 0 dB peak gain" form).
export function filterBp(S: Float64Array, o: number, x: number, cutoff: number, q: number, sr: number): number {
  coefficients(S, o, cutoff, q, sr)
  tick(S, o, x, BL)
  return S[o + 7] * BL[0]
}

export function filterNotch(S: Float64Array, o: number, x: number, cutoff: number, q: number, sr: number): number {
  coefficients(S, o, cutoff, q, sr)
  tick(S, o, x, BL)
  return x - S[o + 7] * BL[0]
}

/// Filter modes as the block kernel takes them (the generator maps mode names to these).
export const FILTER_MODES = ['lp', 'hp', 'bp', 'notch'] as const
/// Each mode's output as weights of input x, band v1 (times k) and low v2: y = mx x + m1 k v1 + m2 v2,
/// which gives exactly the per-mode expressions above. The lowpass, the common case, is written as
/// its one output in the kernels' loops (`mode === 0 ? v2 : ...`): the weighted sum with two zero
/// weights costs four more operations per sample in loops bound by their arithmetic.
const MODE_X = [0, 1, 0, 1], MODE_1 = [0, -1, 1, -1], MODE_2 = [1, -1, 0, 0]

/// A block of the filter in mode `mode` (an index into FILTER_MODES); input, cutoff and q as W
/// offsets or -1 with a constant. With constant cutoff and q the coefficients are checked once.
/// `g`: a row the output is multiplied by (`filter(...) * env`, the generator's fusion of a product
/// into the filter's pass: the same products as a pass of their own), or -1. `cmVi`, `caVi`: a
/// cutoff row read as V[caVi] + row * V[cmVi] (`300 + env * 2400`, an envelope's amount on the
/// cutoff: vMulAdd's arithmetic, in this pass instead of one of its own), or -1.
export function filterBlock(S: Float64Array, o: number, mode: number, W: Float64Array, out: number, lo: number, hi: number, V: Float64Array, x: number, xVi: number, c: number, cVi: number, q: number, qVi: number, P: Float64Array, g: number, cmVi: number, caVi: number): void {
  const xk = V[xVi], sr = P[1]
  // Without an amount, 0 + row * 1: the row's values (a cutoff of -0 reads as +0; both clamp to
  // the lowest cutoff).
  const cm = cmVi < 0 ? 1 : V[cmVi], ca = caVi < 0 ? 0 : V[caVi]
  let ck = V[cVi], qk = V[qVi]
  if (c >= 0 && steady(W, c, lo, hi)) {
    ck = ca + W[c + lo] * cm
    c = -1
  }
  if (q >= 0 && steady(W, q, lo, hi)) {
    qk = W[q + lo]
    q = -1
  }
  const mx = MODE_X[mode], s1 = MODE_1[mode], m2 = MODE_2[mode]
  let ic1 = S[o], ic2 = S[o + 1]
  if (c < 0 && q < 0) {
    // coefficients()' check written out (as in filterPair): with the call, P1's first 200 blocks
    // after the warm-up ran at 39-135 us each against 33-58 (Node, three fresh processes each).
    if (ck !== S[o + 2] || qk !== S[o + 3]) setCoefficients(S, o, ck, qk, sr)
    const a1 = S[o + 4], a2 = S[o + 5], a3 = S[o + 6], m1 = s1 * S[o + 7]
    // tick()'s state update with its coefficients computed once (same expressions, same rounding).
    const A = 2 * a1 - 1, B = 2 * a2, F = 2 * a3
    for (let i = lo; i < hi; i++) {
      const xi = x < 0 ? xk : W[x + i]
      const d = xi - ic2
      const n1 = A * ic1 + B * d
      const n2 = B * ic1 + ic2 + F * d
      const v1 = (n1 + ic1) * 0.5, v2 = (n2 + ic2) * 0.5
      W[out + i] = (mode === 0 ? v2 : mx * xi + m1 * v1 + m2 * v2) * (g < 0 ? 1 : W[g + i])
      ic1 = n1
      ic2 = n2
    }
  } else {
    // A moving cutoff or q (an envelope or an LFO on the cutoff): the coefficients every sample,
    // without checking whether the cutoff changed (it nearly always has; the same cutoff gives the
    // same coefficients either way), and 1 / q only when q moves. They come as the state update's
    // terms (A = 2 a1 - 1, B = 2 a2, F = 2 a3, from 2 / (..) instead of 1 / (..): scaling by 2 is
    // exact, so these are the products setCoefficients' a1..a3 give, doubled). This loop is bound
    // by its floating-point arithmetic: a lowpass written as its one output (not the weighted sum
    // of all three with two zero weights) and no change check took it from 11 to 8.6 ns per sample
    // here, in Node.
    const top = Math.min(MAX_CUTOFF, sr * 0.49), piSr = Math.PI / sr
    // The bounds as numbers of this function (+): read from module scope, V8 can hold them as
    // untyped values, and a clamp mixing one with a sample then boxed the sample, every sample
    // (P4 left 2.2 kB of garbage per block in Node when the engine ran as ES modules).
    const minC = +MIN_CUTOFF, minQ = +MIN_Q, maxQ = +MAX_Q
    let lastQ = S[o + 3], k = S[o + 7], m1 = s1 * k
    // The last sample's cutoff, q and fraction, for the state at the end.
    let cv = S[o + 2], qv = lastQ, N = 0, D = 1, z2 = 0
    for (let i = lo; i < hi; i++) {
      cv = c < 0 ? ck : ca + W[c + i] * cm
      qv = q < 0 ? qk : W[q + i]
      if (qv !== lastQ) {
        const r = qv > minQ ? (qv < maxQ ? qv : maxQ) : minQ
        k = 1 / r
        m1 = s1 * k
        lastQ = qv
      }
      const cc = cv > minC ? (cv < top ? cv : top) : minC
      const xc = cc * piSr
      const up = xc > Math.PI / 4, t = up ? Math.PI / 2 - xc : xc, t2 = t * t
      const pn = padeNum(t, t2), pd = padeDen(t2)
      N = up ? pd : pn
      D = up ? pn : pd
      z2 = 2 / (D * D + N * (N + k * D))
      const A = D * D * z2 - 1, B = N * D * z2, F = N * N * z2
      const xi = x < 0 ? xk : W[x + i]
      const d = xi - ic2
      const n1 = A * ic1 + B * d
      const n2 = B * ic1 + ic2 + F * d
      const v1 = (n1 + ic1) * 0.5, v2 = (n2 + ic2) * 0.5
      W[out + i] = mode === 0 ? v2 : mx * xi + m1 * v1 + m2 * v2
      ic1 = n1
      ic2 = n2
    }
    // The state keeps the last sample's a1..a3, as the per-sample code leaves them (z2 / 2 is
    // setCoefficients' z exactly). Written out: a call passing doubles would box them, garbage
    // per voice per block.
    if (hi > lo) {
      const z = z2 * 0.5
      S[o + 2] = cv
      S[o + 3] = qv
      S[o + 4] = D * D * z
      S[o + 5] = N * D * z
      S[o + 6] = N * N * z
      S[o + 7] = k
    }
    // A fused product (codegen.ts, `gained`) in a pass of its own: the hot loop above stays
    // without it, and a moving cutoff is rarer than a knob at rest.
    if (g >= 0) for (let i = lo; i < hi; i++) W[out + i] *= W[g + i]
  }
  S[o] = flush(ic1)
  S[o + 1] = flush(ic2)
}

/// A filter of constant cutoff and q (V indices) whose input is white noise that nothing else
/// reads (`filter(bp, noise(), 2000, 5)`, a hat; the generator's fusion, codegen.ts): the noise's
/// generator (noise.ts's whiteBlock, its state at `n`) runs inside filterBlock's constant loop,
/// and the noise's row is never written. Each is a recursion bound by its latency (the generator's
/// six shifts and xors, the filter's state), and in one loop the CPU overlaps the two: P2's hat
/// 0.73-0.77 -> 0.41-0.44 us a block in Chromium (bench/PROFILE.md, session 20). The same samples
/// as whiteBlock then filterBlock; `g` as filterBlock's. The recurrence is filterBlock's constant
/// loop written out again, as filterPair writes it: a helper per sample would return two states
/// (boxed doubles unless V8 inlines it), and a noise input inside filterBlock would put a test of
/// the input's kind in the loop every constant filter runs.
export function filterNoiseBlock(S: Float64Array, o: number, n: number, mode: number, W: Float64Array, out: number, lo: number, hi: number, V: Float64Array, cVi: number, qVi: number, P: Float64Array, g: number): void {
  const ck = V[cVi], qk = V[qVi]
  // coefficients()' check written out, as filterBlock writes it.
  if (ck !== S[o + 2] || qk !== S[o + 3]) setCoefficients(S, o, ck, qk, P[1])
  const mx = MODE_X[mode], s1 = MODE_1[mode], m2 = MODE_2[mode]
  const a1 = S[o + 4], a2 = S[o + 5], a3 = S[o + 6], m1 = s1 * S[o + 7]
  const A = 2 * a1 - 1, B = 2 * a2, F = 2 * a3
  let ic1 = S[o], ic2 = S[o + 1], x = S[n] | 0
  for (let i = lo; i < hi; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    const xi = x * (1 / 2147483648)
    const d = xi - ic2
    const n1 = A * ic1 + B * d
    const n2 = B * ic1 + ic2 + F * d
    const v1 = (n1 + ic1) * 0.5, v2 = (n2 + ic2) * 0.5
    W[out + i] = (mode === 0 ? v2 : mx * xi + m1 * v1 + m2 * v2) * (g < 0 ? 1 : W[g + i])
    ic1 = n1
    ic2 = n2
  }
  S[n] = x
  S[o] = flush(ic1)
  S[o + 1] = flush(ic2)
}

/// Two filters of one mode with constant cutoff and q (V indices) over a block, in one loop:
/// filterBlock's constant path for each, the two independent recurrences overlapping in the CPU
/// (one filter's sample depends on its previous sample, so a filter alone leaves the CPU waiting:
/// 2.1 against 3.5 ns per filter and sample here). The generator pairs filters that do not depend
/// on each other (codegen.ts); each gives exactly the samples it gives alone.
///
/// With `d` >= 0 the pair also adds its two outputs into the row at `d`, a step of a sum of rows
/// (vSumRows' `(v0 + ... + v7) / 8`, P1's voices) that the generator spreads over the pairs
/// producing its terms in order (codegen.ts, sumsIntoPairs): `part` 0 starts it (d = a + b), 1
/// goes on (d = d + a + b), 2 ends it scaled as vSumRows scales (mode `sumMode` by V[kVi]). The
/// same additions in the same order as vSumRows', so the same samples, in a loop that waits on
/// its filters' recurrences anyway, instead of a pass of their own over every term.
export function filterPair(S: Float64Array, o0: number, o1: number, mode: number, W: Float64Array, out0: number, out1: number, lo: number, hi: number, V: Float64Array, x0: number, x1: number, c0Vi: number, q0Vi: number, c1Vi: number, q1Vi: number, P: Float64Array, g0: number, g1: number, d = -1, part = 0, sumMode = 0, kVi = -1): void {
  const sr = P[1]
  const c0 = V[c0Vi], q0 = V[q0Vi], c1 = V[c1Vi], q1 = V[q1Vi]
  if (c0 !== S[o0 + 2] || q0 !== S[o0 + 3]) setCoefficients(S, o0, c0, q0, sr)
  if (c1 !== S[o1 + 2] || q1 !== S[o1 + 3]) setCoefficients(S, o1, c1, q1, sr)
  const mx = MODE_X[mode], s1 = MODE_1[mode], m2 = MODE_2[mode]
  const m10 = s1 * S[o0 + 7], m11 = s1 * S[o1 + 7]
  const a10 = S[o0 + 4], a20 = S[o0 + 5], a30 = S[o0 + 6], a11 = S[o1 + 4], a21 = S[o1 + 5], a31 = S[o1 + 6]
  const A0 = 2 * a10 - 1, B0 = 2 * a20, F0 = 2 * a30
  const A1 = 2 * a11 - 1, B1 = 2 * a21, F1 = 2 * a31
  let i10 = S[o0], i20 = S[o0 + 1], i11 = S[o1], i21 = S[o1 + 1]
  if (mode === 0 && g0 >= 0 && g1 >= 0) {
    // Two lowpasses each times a row (P1's voices: `filter(lp, ..) * env`): the general loop below
    // with its choices made. V8 does not take a loop-invariant branch out of a loop, and the band
    // outputs, the mode's weights and the choices kept more values live than the CPU has registers
    // for. P1 in Chromium (bench/ab.ts against the general loop): 12% less time per block.
    // A loop per part of a sum (none, start, middle, end): V8 keeps a loop-invariant branch in.
    // The start has its own rather than adding into a row filled first: a fill is another pass
    // (P1 1.4% more time, bench/ab.ts), and only -0 would do as the fill (0 + -0 is 0, where
    // vSumRows' sum of -0 terms is -0).
    if (d < 0) {
      for (let i = lo; i < hi; i++) {
        const da = W[x0 + i] - i20, db = W[x1 + i] - i21
        const n10 = A0 * i10 + B0 * da
        const n20 = B0 * i10 + i20 + F0 * da
        const n11 = A1 * i11 + B1 * db
        const n21 = B1 * i11 + i21 + F1 * db
        W[out0 + i] = (n20 + i20) * 0.5 * W[g0 + i]
        W[out1 + i] = (n21 + i21) * 0.5 * W[g1 + i]
        i10 = n10
        i20 = n20
        i11 = n11
        i21 = n21
      }
    } else if (part === 0) {
      for (let i = lo; i < hi; i++) {
        const da = W[x0 + i] - i20, db = W[x1 + i] - i21
        const n10 = A0 * i10 + B0 * da
        const n20 = B0 * i10 + i20 + F0 * da
        const n11 = A1 * i11 + B1 * db
        const n21 = B1 * i11 + i21 + F1 * db
        const a = (n20 + i20) * 0.5 * W[g0 + i], b = (n21 + i21) * 0.5 * W[g1 + i]
        W[out0 + i] = a
        W[out1 + i] = b
        W[d + i] = a + b
        i10 = n10
        i20 = n20
        i11 = n11
        i21 = n21
      }
    } else {
      // vSumRows' scale, written out here: a double a call returns is boxed when V8 does not
      // inline the call, and it did not (P1: 16 bytes of garbage a block). Computed at the top of
      // the kernel instead, it cost P1 8% (bench/ab.ts): one more value live through its loops.
      const k = part === 1 || kVi < 0 ? 1 : sumMode === 2 ? 1 / V[kVi] : V[kVi]
      for (let i = lo; i < hi; i++) {
        const da = W[x0 + i] - i20, db = W[x1 + i] - i21
        const n10 = A0 * i10 + B0 * da
        const n20 = B0 * i10 + i20 + F0 * da
        const n11 = A1 * i11 + B1 * db
        const n21 = B1 * i11 + i21 + F1 * db
        const a = (n20 + i20) * 0.5 * W[g0 + i], b = (n21 + i21) * 0.5 * W[g1 + i]
        W[out0 + i] = a
        W[out1 + i] = b
        W[d + i] = (W[d + i] + a + b) * k
        i10 = n10
        i20 = n20
        i11 = n11
        i21 = n21
      }
    }
  } else {
    for (let i = lo; i < hi; i++) {
      const xa = W[x0 + i], xb = W[x1 + i]
      const da = xa - i20, db = xb - i21
      const n10 = A0 * i10 + B0 * da
      const n20 = B0 * i10 + i20 + F0 * da
      const n11 = A1 * i11 + B1 * db
      const n21 = B1 * i11 + i21 + F1 * db
      const v10 = (n10 + i10) * 0.5, v20 = (n20 + i20) * 0.5, v11 = (n11 + i11) * 0.5, v21 = (n21 + i21) * 0.5
      W[out0 + i] = (mode === 0 ? v20 : mx * xa + m10 * v10 + m2 * v20) * (g0 < 0 ? 1 : W[g0 + i])
      W[out1 + i] = (mode === 0 ? v21 : mx * xb + m11 * v11 + m2 * v21) * (g1 < 0 ? 1 : W[g1 + i])
      i10 = n10
      i20 = n20
      i11 = n11
      i21 = n21
    }
    // The generator spreads sums only over the loop above; for any other caller, a pass of its own.
    if (d >= 0 && part === 0) for (let i = lo; i < hi; i++) W[d + i] = W[out0 + i] + W[out1 + i]
    else if (d >= 0) {
      const k = part === 1 || kVi < 0 ? 1 : sumMode === 2 ? 1 / V[kVi] : V[kVi]
      for (let i = lo; i < hi; i++) W[d + i] = (W[d + i] + W[out0 + i] + W[out1 + i]) * k
    }
  }
  S[o0] = flush(i10)
  S[o0 + 1] = flush(i20)
  S[o1] = flush(i11)
  S[o1 + 1] = flush(i21)
}

/// The cutoff of a control's row that holds one value over the block, as filterBlock reads it:
/// V[caVi] + row * V[cmVi] (-1 for 0 and 1), by the same expression, so the same number.
function restingCutoff(W: Float64Array, c: number, lo: number, V: Float64Array, cmVi: number, caVi: number): number {
  return (caVi < 0 ? 0 : V[caVi]) + W[c + lo] * (cmVi < 0 ? 1 : V[cmVi])
}

/// Two filters of one mode whose cutoffs are rows of a knob or fader (`filter(lp, x, cutoff + 300,
/// q) * env`: a row at `c0`, `c1`, read as ca + row * cm with the V indices cm/ca, -1 for 1 and 0,
/// as filterBlock reads them) and whose q are constants: while both rows hold one value over the
/// block (the controls at rest, nearly always) the cutoffs go to the V slots `v0`, `v1` and the two
/// run as filterPair; while a control glides, each runs as filterBlock. The same samples as
/// filterBlock for each, either way: filterBlock computes a steady row's cutoff by the same
/// expression, and filterPair gives each filter's samples as filterBlock's constant path does.
export function filterPairRows(
  S: Float64Array, o0: number, o1: number, mode: number, W: Float64Array, out0: number, out1: number, lo: number, hi: number,
  V: Float64Array, x0: number, x1: number, c0: number, c1: number, cm0Vi: number, ca0Vi: number, cm1Vi: number, ca1Vi: number,
  q0Vi: number, q1Vi: number, P: Float64Array, g0: number, g1: number, v0: number, v1: number,
): void {
  if (hi > lo && steady(W, c0, lo, hi) && steady(W, c1, lo, hi)) {
    V[v0] = restingCutoff(W, c0, lo, V, cm0Vi, ca0Vi)
    V[v1] = restingCutoff(W, c1, lo, V, cm1Vi, ca1Vi)
    return filterPair(S, o0, o1, mode, W, out0, out1, lo, hi, V, x0, x1, v0, q0Vi, v1, q1Vi, P, g0, g1)
  }
  filterBlock(S, o0, mode, W, out0, lo, hi, V, x0, 0, c0, 0, -1, q0Vi, P, g0, cm0Vi, ca0Vi)
  filterBlock(S, o1, mode, W, out1, lo, hi, V, x1, 0, c1, 0, -1, q1Vi, P, g1, cm1Vi, ca1Vi)
}

/// Two pairs of filterPairRows' filters, lowpasses times rows (its arguments for each of the four),
/// in one pass while all four cutoffs' rows rest: their values to the V slots v0..v3, then
/// filterQuad (its wasm loop); while any glides, each filter alone (filterBlock). filterQuad gives
/// each filter's filterBlock samples, and filterBlock reads a resting row's cutoff by the same
/// expression as here, so the samples are filterBlock's either way.
export function filterQuadRows(
  S: Float64Array, o0: number, o1: number, o2: number, o3: number, mode: number, W: Float64Array, out0: number, out1: number, out2: number, out3: number,
  lo: number, hi: number, V: Float64Array, x0: number, x1: number, x2: number, x3: number, c0: number, c1: number, c2: number, c3: number,
  cm0Vi: number, ca0Vi: number, cm1Vi: number, ca1Vi: number, cm2Vi: number, ca2Vi: number, cm3Vi: number, ca3Vi: number,
  q0Vi: number, q1Vi: number, q2Vi: number, q3Vi: number, P: Float64Array, g0: number, g1: number, g2: number, g3: number,
  v0: number, v1: number, v2: number, v3: number,
): void {
  if (hi > lo && steady(W, c0, lo, hi) && steady(W, c1, lo, hi) && steady(W, c2, lo, hi) && steady(W, c3, lo, hi)) {
    V[v0] = restingCutoff(W, c0, lo, V, cm0Vi, ca0Vi)
    V[v1] = restingCutoff(W, c1, lo, V, cm1Vi, ca1Vi)
    V[v2] = restingCutoff(W, c2, lo, V, cm2Vi, ca2Vi)
    V[v3] = restingCutoff(W, c3, lo, V, cm3Vi, ca3Vi)
    return filterQuad(S, o0, o1, o2, o3, mode, W, out0, out1, out2, out3, lo, hi, V, x0, x1, x2, x3, v0, q0Vi, v1, q1Vi, v2, q2Vi, v3, q3Vi, P, g0, g1, g2, g3, -1, 0, 0, 0, -1)
  }
  filterBlock(S, o0, mode, W, out0, lo, hi, V, x0, 0, c0, 0, -1, q0Vi, P, g0, cm0Vi, ca0Vi)
  filterBlock(S, o1, mode, W, out1, lo, hi, V, x1, 0, c1, 0, -1, q1Vi, P, g1, cm1Vi, ca1Vi)
  filterBlock(S, o2, mode, W, out2, lo, hi, V, x2, 0, c2, 0, -1, q2Vi, P, g2, cm2Vi, ca2Vi)
  filterBlock(S, o3, mode, W, out3, lo, hi, V, x3, 0, c3, 0, -1, q3Vi, P, g3, cm3Vi, ca3Vi)
}

const ROWS_AT = new MemoryAt()

/// Two pairs of filters of one mode with constant cutoff and q (filterPair's arguments for each;
/// `partA` and `partB` their parts of a sum of rows at `d`, as filterPair's `part`) in one pass.
/// Four lowpasses times rows (P1's voices) whose rows lie in the wasm memory's arena run in one
/// wasm loop, two filters to a vector (filter-loops.ts); anything else runs as the two pairs. The
/// same samples either way. The scheduler puts two pairs side by side only where nothing between
/// them reads or writes their rows (schedule.ts), and every row here is read and written at one
/// sample at a time, in the pairs' order: the second pair may read what the first writes.
export function filterQuad(
  S: Float64Array, o0: number, o1: number, o2: number, o3: number, mode: number, W: Float64Array, out0: number, out1: number, out2: number, out3: number,
  lo: number, hi: number, V: Float64Array, x0: number, x1: number, x2: number, x3: number,
  c0Vi: number, q0Vi: number, c1Vi: number, q1Vi: number, c2Vi: number, q2Vi: number, c3Vi: number, q3Vi: number,
  P: Float64Array, g0: number, g1: number, g2: number, g3: number, d: number, partA: number, partB: number, sumMode: number, kVi: number,
): void {
  const rows = ROWS_AT.of(W)
  if (mode !== 0 || g0 < 0 || g1 < 0 || g2 < 0 || g3 < 0 || hi <= lo || rows < 0 || (d >= 0 && (partA === 2 || partB === 0))) {
    filterPair(S, o0, o1, mode, W, out0, out1, lo, hi, V, x0, x1, c0Vi, q0Vi, c1Vi, q1Vi, P, g0, g1, d, partA, sumMode, kVi)
    filterPair(S, o2, o3, mode, W, out2, out3, lo, hi, V, x2, x3, c2Vi, q2Vi, c3Vi, q3Vi, P, g2, g3, d, partB, sumMode, kVi)
    return
  }
  // Each comparison written out as filterPair writes it: a call passing doubles boxes them.
  const sr = P[1]
  if (V[c0Vi] !== S[o0 + 2] || V[q0Vi] !== S[o0 + 3]) setCoefficients(S, o0, V[c0Vi], V[q0Vi], sr)
  if (V[c1Vi] !== S[o1 + 2] || V[q1Vi] !== S[o1 + 3]) setCoefficients(S, o1, V[c1Vi], V[q1Vi], sr)
  if (V[c2Vi] !== S[o2 + 2] || V[q2Vi] !== S[o2 + 3]) setCoefficients(S, o2, V[c2Vi], V[q2Vi], sr)
  if (V[c3Vi] !== S[o3 + 2] || V[q3Vi] !== S[o3 + 3]) setCoefficients(S, o3, V[c3Vi], V[q3Vi], sr)
  const F = QUAD_FLOATS, I = QUAD_INTS
  lanesIn(S, o0, o1, F, 0, 12)
  lanesIn(S, o2, o3, F, 6, 16)
  // filterPair's scale: only where the second pair ends the sum.
  F[20] = partB !== 2 || kVi < 0 ? 1 : sumMode === 2 ? 1 / V[kVi] : V[kVi]
  const at = rows + lo * 8
  I[0] = at + x0 * 8
  I[1] = at + x1 * 8
  I[2] = at + x2 * 8
  I[3] = at + x3 * 8
  I[4] = at + g0 * 8
  I[5] = at + g1 * 8
  I[6] = at + g2 * 8
  I[7] = at + g3 * 8
  I[8] = at + out0 * 8
  I[9] = at + out1 * 8
  I[10] = at + out2 * 8
  I[11] = at + out3 * 8
  I[12] = d < 0 ? 0 : at + d * 8
  const bytes = (hi - lo) * 8
  if (d < 0) quad(bytes)
  else if (partA === 0) quadStart(bytes)
  else quadAdd(bytes)
  lanesOut(F, 12, S, o0, o1)
  lanesOut(F, 16, S, o2, o3)
}

/// Two filters' arguments to one pair of filterQuad's lanes (filter-loops.ts's layout): at `c`
/// filterPair's A = 2 a1 - 1, B = 2 a2, F = 2 a3, each for filter a then b; at `s` their states
/// ic1, ic1, ic2, ic2. Offsets and arrays only: a double passed to a call is boxed.
function lanesIn(S: Float64Array, a: number, b: number, F: Float64Array, c: number, s: number): void {
  F[c] = 2 * S[a + 4] - 1
  F[c + 1] = 2 * S[b + 4] - 1
  F[c + 2] = 2 * S[a + 5]
  F[c + 3] = 2 * S[b + 5]
  F[c + 4] = 2 * S[a + 6]
  F[c + 5] = 2 * S[b + 6]
  F[s] = S[a]
  F[s + 1] = S[b]
  F[s + 2] = S[a + 1]
  F[s + 3] = S[b + 1]
}

/// The loop's advanced states at `s` back to filters a and b, flushed as filterPair flushes them.
function lanesOut(F: Float64Array, s: number, S: Float64Array, a: number, b: number): void {
  S[a] = flush(F[s])
  S[b] = flush(F[s + 1])
  S[a + 1] = flush(F[s + 2])
  S[b + 1] = flush(F[s + 3])
}
