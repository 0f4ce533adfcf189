import { describe, expect, it } from 'vitest'
import { ADSR_INIT, adsr, adsrBlock, adsrTrigBlock } from '../../../worklet/dsp/adsr.ts'
import { CLOCK_INIT, trigBlock } from '../../../worklet/dsp/clock.ts'
import { takeRows } from '../../../worklet/engine/memory.ts'

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
  it('the block kernel gives the per-sample reference exactly, constant and moving times alike, its rows in the arena or not', () => {
    const P = Float64Array.of(2, SR, 1 / SR, 0)
    let mismatches = 0
    // Gates of several lengths (retriggers mid-attack, mid-decay, mid-release), times from one
    // sample to a second, sustain levels 0..1, and the same with every time a moving block. Rows in
    // DSP_MEMORY's arena, as a program's are, hold their sustain through the wasm fill
    // (fill-loop.ts); others through a loop.
    for (const [a, d, sus, r] of [[0.005, 0.1, 0.6, 0.15], [0.001, 0.04, 0, 0.01], [0, 0, 1, 0], [1, 1, 0.5, 1], [0.01, 0.2, 1.2, 0.05]]) {
      for (const [moving, arena] of [[false, false], [true, false], [false, true]]) {
        const ref = new Float64Array(ADSR_INIT), S = new Float64Array(ADSR_INIT)
        const W = arena ? takeRows(6 * 128) : new Float64Array(6 * 128), V = Float64Array.of(a, d, sus, r)
        let seed = 7
        let gate = 0, left = 0
        for (let b = 0; b < (3 * SR) / 128; b++) {
          for (let i = 0; i < 128; i++) {
            if (--left <= 0) { seed = (seed * 1103515245 + 12345) % 2147483648; gate = 1 - gate; left = 1 + (seed % 9000) }
            W[128 + i] = gate
            const wob = moving ? 1 + 0.1 * Math.sin((b * 128 + i) * 0.001) : 1
            W[256 + i] = a * wob; W[384 + i] = d * wob; W[512 + i] = sus * wob; W[640 + i] = r * wob
          }
          if (moving) adsrBlock(S, 0, W, 0, 0, 128, V, 128, 0, 256, 0, 384, 0, 512, 0, 640, 0, P)
          else adsrBlock(S, 0, W, 0, 0, 128, V, 128, 0, -1, 0, -1, 1, -1, 2, -1, 3, P)
          for (let i = 0; i < 128; i++) {
            const y = moving ? adsr(ref, 0, W[128 + i], W[256 + i], W[384 + i], W[512 + i], W[640 + i], 1 / SR) : adsr(ref, 0, W[128 + i], a, d, sus, r, 1 / SR)
            if (W[i] !== y) mismatches++
          }
        }
      }
    }
    expect(mismatches).toBe(0)
  })


  it('an envelope gated by its own trig, as one kernel, gives the samples and state of the trig and the envelope run one after the other', () => {
    // Trigs slow and fast (several runs a block), duties from a sliver to all, times from one
    // sample to a second; blocks of odd lengths, as a voice's blocks are cut at events.
    const P = Float64Array.of(2, SR, 1 / SR, 0)
    let mismatches = 0, moving = 0
    for (const [rate, duty] of [[0.5, 0.5], [3.7, 0.25], [700, 0.5], [90, 0.02], [2, 1], [5, 0]]) {
      for (const [a, d, sus, r] of [[0.01, 0.1, 0.7, 0.3], [0, 0, 1, 0], [0.002, 0.01, 0, 0.005], [1, 1, 0.5, 1]]) {
        const V = Float64Array.of(rate, duty, a, d, sus, r)
        // Separate: trig at 0, envelope at 4; fused: trig at 8, envelope at 12.
        const S = new Float64Array(16)
        for (const o of [0, 8]) S.set(CLOCK_INIT, o)
        for (const o of [4, 12]) S.set(ADSR_INIT, o)
        const W = new Float64Array(3 * 128)
        for (let b = 0; b < 400; b++) {
          const len = [128, 37, 1, 128, 90][b % 5]
          trigBlock(S, 0, W, 0, 0, len, V, -1, 0, -1, 1, P)
          adsrBlock(S, 4, W, 128, 0, len, V, 0, 0, -1, 2, -1, 3, -1, 4, -1, 5, P)
          adsrTrigBlock(S, 12, 8, W, 256, 0, len, V, 0, 1, 2, 3, 4, 5, P)
          for (let i = 0; i < len; i++) {
            if (W[128 + i] !== W[256 + i]) mismatches++
            if (i > 0 && W[128 + i] !== W[128 + i - 1]) moving++
          }
        }
        for (let j = 0; j < 4; j++) if (S[4 + j] !== S[12 + j] || (j < 3 && S[j] !== S[8 + j])) mismatches++
      }
    }
    expect(moving).toBeGreaterThan(10000)
    expect(mismatches).toBe(0)
  })

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
