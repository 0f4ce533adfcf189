// Measurements on captured output for the panel's sound specs: band power from an FFT, the
// level of single frequencies, and the times of note onsets. Plain numbers in, plain numbers out.

import { fft } from '../../worklet/dsp/fft.ts'

/// Power spectrum (Hann window) of the last 2^k samples that fit; bin width sampleRate / n.
export function powerSpectrum(samples: readonly number[], sampleRate: number): { power: Float64Array; binHz: number } {
  let n = 1
  while (n * 2 <= samples.length) n *= 2
  const off = samples.length - n
  const re = new Float64Array(n)
  const im = new Float64Array(n)
  for (let i = 0; i < n; i++) re[i] = samples[off + i] * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n))
  fft(re, im)
  const power = new Float64Array(n / 2)
  for (let i = 0; i < n / 2; i++) power[i] = re[i] * re[i] + im[i] * im[i]
  return { power, binHz: sampleRate / n }
}

/// Total power between lo and hi Hz.
export function bandPower(samples: readonly number[], sampleRate: number, lo: number, hi: number): number {
  const { power, binHz } = powerSpectrum(samples, sampleRate)
  let sum = 0
  for (let i = Math.ceil(lo / binHz); i <= Math.floor(hi / binHz) && i < power.length; i++) sum += power[i]
  return sum
}

/// Peak power within ±3 bins of f, in dB relative to the strongest bin of the spectrum.
export function levelAt(samples: readonly number[], sampleRate: number, f: number): number {
  const { power, binHz } = powerSpectrum(samples, sampleRate)
  let max = 0
  for (const p of power) max = Math.max(max, p)
  const c = Math.round(f / binHz)
  let peak = 0
  for (let i = Math.max(0, c - 3); i <= Math.min(power.length - 1, c + 3); i++) peak = Math.max(peak, power[i])
  return 10 * Math.log10(peak / max + 1e-30)
}

export { rms } from '../unit/helpers/signal.ts'

/// Times (s) where the 2 ms envelope rises through `threshold` of the recording's peak, at least
/// `gap` seconds apart.
export function onsets(samples: readonly number[], sampleRate: number, threshold = 0.3, gap = 0.05): number[] {
  const w = Math.max(1, Math.round(sampleRate * 0.002))
  const env: number[] = []
  for (let i = 0; i + w <= samples.length; i += w) {
    let m = 0
    for (let j = i; j < i + w; j++) m = Math.max(m, Math.abs(samples[j]))
    env.push(m)
  }
  const peak = Math.max(...env)
  const out: number[] = []
  for (let k = 1; k < env.length; k++) {
    const t = (k * w) / sampleRate
    if (env[k - 1] < threshold * peak && env[k] >= threshold * peak && (!out.length || t - out[out.length - 1] >= gap)) out.push(t)
  }
  return out
}
