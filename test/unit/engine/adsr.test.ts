import { describe, expect, it } from 'vitest'
import { ADSR_INIT, adsr } from '../../../worklet/dsp/adsr.ts'

const SR = 48000

/// Runs the envelope over a gate given as a function of the sample index.
function run(gate: (i: number) => number, n: number, a: number, d: number, s: number, r: number): Float64Array {
  const S = new Float64Array(ADSR_INIT)
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = adsr(S, 0, gate(i), a, d, s, r, 1 / SR)
  return out
}

const firstIndex = (x: Float64Array, from: number, pred: (v: number) => boolean) => {
  for (let i = from; i < x.length; i++) if (pred(x[i])) return i
  return -1
}

describe('adsr', () => {
  it('attack, decay and release times are within 1 ms', () => {
    const [a, d, s, r] = [0.02, 0.05, 0.4, 0.1]
    const off = 0.3 * SR
    const env = run((i) => (i < off ? 1 : 0), 0.5 * SR, a, d, s, r)
    const peakAt = firstIndex(env, 0, (v) => v >= 1)
    const sustainAt = firstIndex(env, peakAt, (v) => v <= s + 1e-12)
    const silentAt = firstIndex(env, off, (v) => v <= 0)
    expect(env[0]).toBeGreaterThan(0) // the attack starts on the gate's first sample
    expect(Math.abs((peakAt + 1) / SR - a)).toBeLessThan(0.001)
    expect(Math.abs((sustainAt - peakAt) / SR - d)).toBeLessThan(0.001)
    expect(Math.abs((silentAt - off + 1) / SR - r)).toBeLessThan(0.001)
    expect(env[off - 1]).toBeCloseTo(s, 12)
  })

  it('a retrigger during release rises from the current level', () => {
    const [a, d, s, r] = [0.01, 0.05, 0.8, 0.2]
    const off = 0.2 * SR, on = off + 0.05 * SR
    const env = run((i) => (i < off || i >= on ? 1 : 0), 0.4 * SR, a, d, s, r)
    const before = env[on - 1]
    expect(before).toBeGreaterThan(0.5) // still releasing
    expect(before).toBeLessThan(0.8)
    expect(env[on] - before).toBeGreaterThan(0)
    expect(env[on] - before).toBeLessThan(2 / (a * SR)) // one attack step, no jump
    // The attack slope is unchanged, so the rest of the way to 1 takes (1 - level) * a.
    const peakAt = firstIndex(env, on, (v) => v >= 1)
    expect(Math.abs((peakAt - on + 1) / SR - (1 - before) * a)).toBeLessThan(0.001)
  })

  it('a gate that falls during the attack releases from where it got', () => {
    const env = run((i) => (i < 240 ? 1 : 0), 0.2 * SR, 0.01, 0.05, 0.5, 0.1)
    expect(env[239]).toBeCloseTo(0.5, 2)
    const silentAt = firstIndex(env, 240, (v) => v <= 0)
    expect(Math.abs((silentAt - 240 + 1) / SR - 0.1)).toBeLessThan(0.001)
  })
})
