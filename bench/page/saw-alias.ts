/// How clean each engine's saw is: one saw rendered alone, its spectrum, and the strongest
/// component that is not a harmonic of its pitch, in dB against the fundamental. A band-limited
/// saw has nothing there but its interpolation's error; a naive one folds every harmonic above
/// Nyquist back into the band. P1's ratio to Faust compares saws of different cleanliness, and
/// this row says how different.

import { fft } from '../../worklet/dsp/fft.ts'

/// The pitches measured: low, middle and high in a synth's range.
export const ALIAS_FREQS = [110, 440, 1760] as const
/// Samples analysed (1.4 s at 48 kHz), after SKIP samples of start-up.
export const ALIAS_N = 1 << 16
export const ALIAS_SKIP = 4096

/// The strongest component more than 8 bins (6 Hz) from every harmonic of `f`, in dB against the
/// fundamental, under a 4-term Blackman-Harris window (sidelobes under -92 dB, so the window's
/// own leakage stays below what is measured). Its floor, for single-precision samples of a clean
/// saw, is about -99 dB at 110 Hz (test/unit/saw-alias.test.ts).
export function aliasDb(x: Float32Array, f: number, sampleRate: number): number {
  const n = ALIAS_N
  if (x.length < ALIAS_SKIP + n) throw new RangeError(`aliasDb: ${x.length} samples, ${ALIAS_SKIP + n} needed`)
  const re = new Float64Array(n), im = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n
    re[i] = x[ALIAS_SKIP + i] * (0.35875 - 0.48829 * Math.cos(a) + 0.14128 * Math.cos(2 * a) - 0.01168 * Math.cos(3 * a))
  }
  fft(re, im)
  const bin = sampleRate / n
  const mag = (i: number) => Math.hypot(re[i], im[i])
  const k0 = Math.round(f / bin)
  let fundamental = 0
  for (let i = k0 - 2; i <= k0 + 2; i++) fundamental = Math.max(fundamental, mag(i))
  let worst = 0
  for (let i = 10; i < n / 2; i++) {
    const h = (i * bin) / f
    if (Math.abs(h - Math.round(h)) * f > 8 * bin) worst = Math.max(worst, mag(i))
  }
  return 20 * Math.log10(worst / fundamental)
}
