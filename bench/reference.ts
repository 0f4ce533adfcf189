/// A plain, slow, sample-by-sample model of P1–P4 (naive saws, the cookbook's biquads with
/// coefficients per sample, the same ADSR breakpoints as the native graphs): what each engine's
/// RMS should be near. Saws here are not band-limited, so saw patches read slightly high.

import { DURATION, P1, P2, P4, SAMPLE_RATE as SR, adsrPoints, gates, p3Freq, p3Seconds, p4Voices, type PatchId } from './patches.ts'
import type { Row } from './report.ts'

function envelope(segments: [number, number][][], n: number): Float64Array {
  const out = new Float64Array(n)
  for (const p of segments) {
    for (let k = 0; k + 1 < p.length; k++) {
      const [t0, v0] = p[k], [t1, v1] = p[k + 1]
      for (let i = Math.ceil(t0 * SR); i < Math.min(n, t1 * SR); i++) out[i] = v0 + ((v1 - v0) * (i / SR - t0)) / (t1 - t0 || 1)
    }
  }
  return out
}

/// One biquad (RBJ cookbook, direct form I) whose coefficients may change every sample.
class Biquad {
  x1 = 0; x2 = 0; y1 = 0; y2 = 0
  constructor(private mode: 'lp' | 'bp') {}
  tick(x: number, f: number, q: number): number {
    const w = (2 * Math.PI * f) / SR, al = Math.sin(w) / (2 * q), c = Math.cos(w), a0 = 1 + al
    const [b0, b1, b2] = this.mode === 'lp' ? [(1 - c) / 2, 1 - c, (1 - c) / 2] : [al, 0, -al]
    const y = (b0 * x + b1 * this.x1 + b2 * this.x2 + 2 * c * this.y1 - (1 - al) * this.y2) / a0
    this.x2 = this.x1; this.x1 = x; this.y2 = this.y1; this.y1 = y
    return y
  }
}

const rms = (x: Float64Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length)

function p1(n: number): Float64Array {
  const dry = new Float64Array(n)
  for (let v = 0; v < P1.voices; v++) {
    const lp = new Biquad('lp')
    const env = envelope(gates(P1.gateHz(v), n / SR).map((g) => adsrPoints(P1.env, g.on, g.off)), n)
    for (let i = 0; i < n; i++) {
      let s = 0
      for (const d of P1.detune) s += 2 * ((i * P1.freq(v) * d / SR) % 1) - 1
      dry[i] += (lp.tick(s / 3, P1.cutoff(v), P1.q) * env[i]) / P1.voices
    }
  }
  const out = new Float64Array(n)
  // out = dry + 0.4 * (the line), the line fed back at 0.4: out[i] = dry[i] + 0.4 * out[i - D].
  for (let i = 0; i < n; i++) out[i] = dry[i] + (i >= P1.delaySamples ? P1.feedback * out[i - P1.delaySamples] : 0)
  return out
}

function p2(n: number): Float64Array {
  const bp = new Biquad('bp')
  const g = gates(P2.clockHz, n / SR)
  const he = envelope(g.map((x) => adsrPoints(P2.hat.env, x.on, x.off)), n)
  const ke = envelope(g.filter((_, k) => k % P2.kick.every === 0).map((x) => adsrPoints(P2.kick.env, x.on, x.off)), n)
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const hat = bp.tick(Math.random() * 2 - 1, P2.hat.cutoff, P2.hat.q) * he[i]
    const kick = ((Math.sin((2 * Math.PI * P2.kick.freqs[0] * i) / SR) + Math.sin((2 * Math.PI * P2.kick.freqs[1] * i) / SR)) / 2) * ke[i]
    out[i] = (hat + kick) / 2
  }
  return out
}

/// Each sine by rotating (sin, cos) one sample at a time: exact to about 1e-11 over these lengths,
/// and fast enough for every N of the table (4096 sines for 1 s in about a second).
function p3(n: number, count: number): Float64Array {
  const out = new Float64Array(n)
  for (let k = 0; k < count; k++) {
    const w = (2 * Math.PI * p3Freq(k)) / SR, c = Math.cos(w), s = Math.sin(w)
    let x = 0, y = 1
    for (let i = 0; i < n; i++) {
      out[i] += x / count
      const x1 = x * c + y * s
      y = y * c - x * s
      x = x1
    }
  }
  return out
}

/// P4 as the 16 fixed voices of p4Voices, oscillators running on between notes.
function p4(n: number): Float64Array {
  const out = new Float64Array(n)
  for (const voice of p4Voices(n / SR)) {
    const lp = new Biquad('lp')
    const fe = envelope(voice.notes.map((x) => adsrPoints(P4.filterEnv, x.time, x.off)), n)
    const ae = envelope(voice.notes.map((x) => adsrPoints(P4.ampEnv, x.time, x.off)), n)
    let hz = voice.initialHz, ph1 = 0, ph2 = 0, next = 0
    for (let i = 0; i < n; i++) {
      while (next < voice.notes.length && Math.round(voice.notes[next].time * SR) <= i) hz = voice.notes[next++].hz
      const s = (2 * ph1 - 1 + 2 * ph2 - 1) / 2
      ph1 = (ph1 + hz / SR) % 1
      ph2 = (ph2 + (hz * P4.detune) / SR) % 1
      out[i] += lp.tick(s, P4.cutoffBase + P4.cutoffDepth * fe[i], P4.q) * ae[i] * P4.level
    }
  }
  return out
}

/// The model's RMS of `id` rendered for `seconds` (P3 with `n` sines).
export function referenceRms(id: PatchId, seconds: number, n = 64): number {
  const frames = Math.round(seconds * SR)
  return rms(id === 'P1' ? p1(frames) : id === 'P2' ? p2(frames) : id === 'P3' ? p3(frames, n) : p4(frames))
}

/// Puts a 'reference model' row before the first row of each patch (and P3 size) in `rows`, with
/// the RMS the engines should reach over the same length of render.
export function addReferenceRows(rows: Row[]): void {
  const seen = new Set<string>()
  for (const r of [...rows]) {
    const key = `${r.patch}/${r.n ?? ''}`
    if (seen.has(key) || r.engine === 'reference model') continue
    seen.add(key)
    const id = r.patch as PatchId
    const rms = id === 'P3' ? referenceRms(id, p3Seconds(r.n!), r.n) : referenceRms(id, DURATION[id])
    const note = id === 'P2' ? 'plain JS, its own noise: the RMS to expect' : id === 'P3' ? 'plain JS' : 'plain JS, naive saws: the RMS to expect'
    rows.splice(rows.indexOf(r), 0, { patch: r.patch, ...(r.n != null ? { n: r.n } : {}), engine: 'reference model', x_realtime: null, x_realtime_warm: null, rms, ratio: null, note })
  }
}
