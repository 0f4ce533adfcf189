/// Measuring what the page played: levels, spectra and frequencies of captured samples.

export { rms } from '../unit/helpers/signal.ts'

/// Magnitude of frequency `hz` in x[from..from+n) (Goertzel, Hann window), amplitude-normalised:
/// a full-scale sine at `hz` gives about 1.
export function magnitudeAt(x: ArrayLike<number>, hz: number, rate: number, from: number, n: number): number {
  const w = (2 * Math.PI * hz) / rate
  const c = 2 * Math.cos(w)
  let s1 = 0
  let s2 = 0
  for (let i = 0; i < n; i++) {
    const win = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1))
    const s0 = x[from + i] * win + c * s1 - s2
    s2 = s1
    s1 = s0
  }
  const re = s1 - s2 * Math.cos(w)
  const im = s2 * Math.sin(w)
  return (Math.sqrt(re * re + im * im) * 4) / n
}

/// The strongest frequency between lo and hi in x[from..from+n): a coarse scan every `step` Hz,
/// then golden-section refinement of the peak to a small fraction of a hertz.
export function peakFrequency(x: ArrayLike<number>, rate: number, from: number, n: number, lo = 30, hi = 4000, step = 2): number {
  let best = lo
  let bestM = -1
  for (let f = lo; f <= hi; f += step) {
    const m = magnitudeAt(x, f, rate, from, n)
    if (m > bestM) {
      bestM = m
      best = f
    }
  }
  let a = best - step
  let b = best + step
  const g = (Math.sqrt(5) - 1) / 2
  for (let i = 0; i < 30; i++) {
    const c = b - g * (b - a)
    const d = a + g * (b - a)
    if (magnitudeAt(x, c, rate, from, n) > magnitudeAt(x, d, rate, from, n)) b = d
    else a = c
  }
  return (a + b) / 2
}

/// Local maxima of the spectrum between lo and hi (every `step` Hz) above `floor` times the
/// strongest, strongest first.
export function spectralPeaks(x: ArrayLike<number>, rate: number, from: number, n: number, lo: number, hi: number, step = 2, floor = 0.25): { hz: number; mag: number }[] {
  const fs: number[] = []
  const ms: number[] = []
  for (let f = lo; f <= hi; f += step) {
    fs.push(f)
    ms.push(magnitudeAt(x, f, rate, from, n))
  }
  const top = Math.max(...ms)
  const peaks: { hz: number; mag: number }[] = []
  for (let i = 1; i < ms.length - 1; i++) if (ms[i] >= ms[i - 1] && ms[i] > ms[i + 1] && ms[i] >= top * floor) peaks.push({ hz: fs[i], mag: ms[i] })
  return peaks.sort((p, q) => q.mag - p.mag)
}

/// Frequency of a tone whose magnitude is largest in a band of a spectrum: the centroid weighted
/// by magnitude-squared, for a sharper estimate of a known note than the scan grid.
export function spectralCentroid(x: ArrayLike<number>, rate: number, from: number, n: number, lo: number, hi: number, step = 1): number {
  let num = 0
  let den = 0
  for (let f = lo; f <= hi; f += step) {
    const m = magnitudeAt(x, f, rate, from, n) ** 2
    num += f * m
    den += m
  }
  return num / den
}
