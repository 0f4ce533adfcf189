/// How clean each engine's saw is: one saw rendered alone, its spectrum, and the strongest
/// component that is not a harmonic of its pitch, in dB against the fundamental. A band-limited
/// saw has nothing there but its interpolation's error; a naive one folds every harmonic above
/// Nyquist back into the band. P1's ratio to Faust compares saws of different cleanliness, and
/// this row says how different.

import { spectrum } from '../../test/unit/helpers/spectrum.ts'

/// The pitches measured: low, middle and high in a synth's range.
export const ALIAS_FREQS = [110, 440, 1760] as const
/// Samples analysed (1.4 s at 48 kHz), after SKIP samples of start-up.
export const ALIAS_N = 1 << 16
export const ALIAS_SKIP = 4096

/// The strongest component more than 8 bins (6 Hz) from every harmonic of `f`, in dB against the
/// fundamental, in the spectrum the engine's tests measure oscillators with (4-term Blackman-Harris
/// window, side lobes under -92 dB, so the window's own leakage stays below what is measured). Its
/// floor, for single-precision samples of a clean saw, is about -99 dB at 110 Hz
/// (test/unit/saw-alias.test.ts).
export function aliasDb(x: Float32Array, f: number, sampleRate: number): number {
  if (x.length < ALIAS_SKIP + ALIAS_N) throw new RangeError(`aliasDb: ${x.length} samples, ${ALIAS_SKIP + ALIAS_N} needed`)
  const { db, binHz } = spectrum(x.subarray(ALIAS_SKIP, ALIAS_SKIP + ALIAS_N), sampleRate, ALIAS_N)
  const k0 = Math.round(f / binHz)
  let fundamental = -Infinity, worst = -Infinity
  for (let i = k0 - 2; i <= k0 + 2; i++) fundamental = Math.max(fundamental, db[i])
  for (let i = 10; i < db.length; i++) {
    const h = (i * binHz) / f
    if (Math.abs(h - Math.round(h)) * f > 8 * binHz) worst = Math.max(worst, db[i])
  }
  return worst - fundamental
}
