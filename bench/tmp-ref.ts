import { P1, P2, SAMPLE_RATE as SR, adsrPoints, gates } from './patches.ts'
function env(pts: [number, number][][], n: number): Float64Array {
  const out = new Float64Array(n)
  for (const p of pts) for (let k = 0; k + 1 < p.length; k++) {
    const [t0, v0] = p[k], [t1, v1] = p[k + 1]
    for (let i = Math.ceil(t0 * SR); i < Math.min(n, t1 * SR); i++) out[i] = v0 + (v1 - v0) * ((i / SR - t0) / (t1 - t0 || 1))
  }
  return out
}
function lpCoefs(type: string, f: number, q: number) {
  const w = 2 * Math.PI * f / SR, al = Math.sin(w) / (2 * q), c = Math.cos(w)
  let b0, b1, b2
  if (type === 'lp') { b0 = (1 - c) / 2; b1 = 1 - c; b2 = b0 } else { b0 = al; b1 = 0; b2 = -al }
  const a0 = 1 + al
  return [b0 / a0, b1 / a0, b2 / a0, -2 * c / a0, (1 - al) / a0]
}
function biquad(x: Float64Array, [b0, b1, b2, a1, a2]: number[]) {
  const y = new Float64Array(x.length); let x1 = 0, x2 = 0, y1 = 0, y2 = 0
  for (let i = 0; i < x.length; i++) { const v = b0 * x[i] + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2; x2 = x1; x1 = x[i]; y2 = y1; y1 = v; y[i] = v }
  return y
}
const rms = (x: Float64Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length)
const sec = 8, n = sec * SR
// P1
const dry = new Float64Array(n)
for (let v = 0; v < 8; v++) {
  const s = new Float64Array(n)
  for (const d of P1.detune) { const f = P1.freq(v) * d; for (let i = 0; i < n; i++) { const ph = (i * f / SR) % 1; s[i] += (2 * ph - 1) / 3 } }
  const y = biquad(s, lpCoefs('lp', P1.cutoff(v), P1.q))
  const e = env(gates(P1.gateHz(v), sec).map(g => adsrPoints(P1.env, g.on, g.off)), n)
  for (let i = 0; i < n; i++) dry[i] += y[i] * e[i] / 8
}
const out = new Float64Array(n)
for (let i = 0; i < n; i++) out[i] = dry[i] + (i >= 18000 ? 0.4 * out[i - 18000] : 0)
console.log('P1 ref rms', rms(out).toFixed(4), 'dry', rms(dry).toFixed(4))
// P2
const noise = new Float64Array(n).map(() => Math.random() * 2 - 1)
const hat = biquad(noise, lpCoefs('bp', 2000, 5))
const g = gates(P2.clockHz, sec)
const he = env(g.map(x => adsrPoints(P2.hat.env, x.on, x.off)), n)
const ke = env(g.filter((_, k) => k % 4 === 0).map(x => adsrPoints(P2.kick.env, x.on, x.off)), n)
const p2 = new Float64Array(n), h2 = new Float64Array(n), k2 = new Float64Array(n)
for (let i = 0; i < n; i++) { h2[i] = hat[i] * he[i]; k2[i] = (Math.sin(2 * Math.PI * 50 * i / SR) + Math.sin(2 * Math.PI * 120 * i / SR)) * ke[i]; p2[i] = h2[i] + k2[i] }
console.log('P2 ref rms', rms(p2).toFixed(4), 'hat', rms(h2).toFixed(4), 'kick', rms(k2).toFixed(4))
// P4 reference: naive saws, RBJ lowpass with per-sample coefficients
import { P4, p4Notes } from './patches.ts'
{
  const p4 = new Float64Array(n)
  for (const note of p4Notes(sec)) {
    const fe = env([adsrPoints(P4.filterEnv, note.time, note.off)], n)
    const ae = env([adsrPoints(P4.ampEnv, note.time, note.off)], n)
    let x1 = 0, x2 = 0, y1 = 0, y2 = 0
    const i0 = Math.ceil(note.time * SR), i1 = Math.min(n, Math.ceil((note.off + P4.ampEnv.r) * SR))
    for (let i = i0; i < i1; i++) {
      const t = (i - i0) / SR
      const s = ((2 * ((t * note.hz) % 1) - 1) + (2 * ((t * note.hz * P4.detune) % 1) - 1)) / 2
      const [b0, b1, b2, a1, a2] = lpCoefs('lp', P4.cutoffBase + P4.cutoffDepth * fe[i], P4.q)
      const v = b0 * s + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2; x2 = x1; x1 = s; y2 = y1; y1 = v
      p4[i] += v * ae[i] * P4.level
    }
  }
  console.log('P4 ref rms', rms(p4).toFixed(4))
}
