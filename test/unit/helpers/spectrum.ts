// Windowed spectra for measuring oscillators and chords. The FFT is the engine's own table
// builder (a plain radix-2 transform); the window is the 4-term Blackman-Harris, whose side lobes
// (-92 dB) sit well under the -60 dB the tests check.
import { fft } from '../../../worklet/dsp/fft.ts'

export interface Spectrum {
  /// Magnitude per bin in dB, relative to the strongest bin.
  db: Float64Array
  binHz: number
}

/// Spectrum of the first power-of-two samples of `x` (at most `size`).
export function spectrum(x: ArrayLike<number>, sampleRate: number, size = 32768): Spectrum {
  let n = 1
  while (n * 2 <= Math.min(size, x.length)) n *= 2
  const re = new Float64Array(n)
  const im = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * i) / (n - 1)
    const w = 0.35875 - 0.48829 * Math.cos(t) + 0.14128 * Math.cos(2 * t) - 0.01168 * Math.cos(3 * t)
    re[i] = x[i] * w
  }
  fft(re, im)
  const half = n / 2
  const mag = new Float64Array(half)
  let peak = 1e-300
  for (let i = 0; i < half; i++) {
    mag[i] = Math.hypot(re[i], im[i])
    if (mag[i] > peak) peak = mag[i]
  }
  const db = new Float64Array(half)
  for (let i = 0; i < half; i++) db[i] = 20 * Math.log10(mag[i] / peak + 1e-300)
  return { db, binHz: sampleRate / n }
}

/// Level (dB, relative to the spectrum's peak) of the strongest bin within `guard` bins of `hz`.
export function levelAt(s: Spectrum, hz: number, guard = 4): number {
  const c = Math.round(hz / s.binHz)
  let best = -Infinity
  for (let i = Math.max(0, c - guard); i <= Math.min(s.db.length - 1, c + guard); i++) best = Math.max(best, s.db[i])
  return best
}

/// Strongest component that is not a harmonic of f0 (more than `guard` bins from every multiple of
/// f0, and above 20 Hz), in dB relative to the fundamental, and where it is.
export function worstNonHarmonic(s: Spectrum, f0: number, guard = 10): { db: number; hz: number } {
  const fund = levelAt(s, f0)
  let worst = -Infinity
  let at = 0
  for (let i = Math.ceil(20 / s.binHz); i < s.db.length; i++) {
    const hz = i * s.binHz
    const h = Math.max(1, Math.round(hz / f0))
    if (Math.abs(hz - h * f0) <= guard * s.binHz) continue
    if (s.db[i] > worst) {
      worst = s.db[i]
      at = hz
    }
  }
  return { db: worst - fund, hz: at }
}

/// Local maxima at least `minDb` above the floor, strongest first: [hz, db][].
export function peaks(s: Spectrum, minDb: number): [number, number][] {
  const out: [number, number][] = []
  for (let i = 1; i < s.db.length - 1; i++) {
    if (s.db[i] > minDb && s.db[i] >= s.db[i - 1] && s.db[i] > s.db[i + 1]) out.push([i * s.binHz, s.db[i]])
  }
  return out.sort((a, b) => b[1] - a[1])
}
