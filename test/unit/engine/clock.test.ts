import { describe, expect, it } from 'vitest'
import { CLOCK_INIT, trig, trigBlock } from '../../../worklet/dsp/clock.ts'
import { SEQ_INIT, seq, seqBlock, seqTable } from '../../../worklet/dsp/seq.ts'
import type { Step } from '../../../src/language/patch-data.ts'
import { onsets } from '../helpers/signal.ts'

const SR = 48000

describe('trig and seq at the DSP level', () => {
  it('trig: onsets on the exact sample after 60 s, whole and fractional periods alike', () => {
    for (const rate of [8, 8.4, 7.3]) {
      const S = new Float64Array(CLOCK_INIT)
      const n = 60 * SR + 1000
      const x = new Float64Array(n)
      for (let i = 0; i < n; i++) x[i] = trig(S, 0, rate / SR, 0.5)
      const on = onsets(x)
      // Period k starts at the first sample whose time reaches k / rate.
      const expected = on.map((_, k) => Math.max(0, Math.ceil((k * SR) / rate - 1e-6)))
      expect(on.length).toBe(Math.floor(((n - 1) * rate) / SR) + 1)
      expect(on).toEqual(expected)
    }
  })

  it('the trig kernel gives the per-sample reference exactly, constant rates filled run by run', () => {
    const P = Float64Array.of(2, SR, 1 / SR, 0)
    let mismatches = 0
    for (const rate of [8, 7.3, 0.5, 1000, SR / 128, 0.00314159, 24000, 0, -3]) {
      for (const duty of [0.5, 0.01, 0.000001, 1, 0, 1.5]) {
        const ref = new Float64Array(CLOCK_INIT), S = new Float64Array(CLOCK_INIT)
        const V = Float64Array.of(rate, duty), W = new Float64Array(128)
        for (let b = 0; b < (4 * SR) / 128; b++) {
          trigBlock(S, 0, W, 0, 0, 128, V, -1, 0, -1, 1, P)
          for (let i = 0; i < 128; i++) if (W[i] !== trig(ref, 0, rate * (1 / SR), duty)) mismatches++
        }
        for (let k = 0; k < 3; k++) expect(S[k]).toBe(ref[k])
      }
    }
    expect(mismatches).toBe(0)
  })

  it('seq: x retriggers on consecutive hits, rests are silent, values hold, ties hold the gate', () => {
    const steps: Step[] = [{ k: 'hit' }, { k: 'hit' }, { k: 'rest' }, { k: 'value', v: 0.25 }, { k: 'hit' }, { k: 'tie' }]
    const t = seqTable(steps)
    const C = new Float64Array(CLOCK_INIT), S = new Float64Array(SEQ_INIT)
    const period = 6000 // 8 Hz at 48 kHz
    const out = new Float64Array(period * 6)
    for (let i = 0; i < out.length; i++) out[i] = seq(S, 0, trig(C, 0, 8 / SR, 0.5), t.pass, t.value, t.n)
    const at = (step: number, frac: number) => out[step * period + Math.floor(frac * period)]
    expect(onsets(out)).toEqual([0, period, 4 * period])
    expect(at(0, 0.25)).toBe(1)
    expect(at(0, 0.75)).toBe(0)
    expect(at(1, 0.25)).toBe(1)
    expect(Math.max(...out.subarray(2 * period, 3 * period))).toBe(0)
    expect(at(3, 0.1)).toBe(0.25)
    expect(at(3, 0.9)).toBe(0.25)
    expect(at(4, 0.75)).toBe(1) // held into the tie
    expect(at(5, 0.25)).toBe(1)
    expect(at(5, 0.75)).toBe(0) // the tie's own clock pulse ends the gate
  })

  it('the seq kernel gives the per-sample reference exactly, for any clock row, blocks of any length and a list that gets shorter', () => {
    // Clocks: a trig, a square whose high level is not 1, a sine (negative and positive), one with
    // NaNs, one that changes every sample; steps that pass the clock, hold values and tie.
    const clocks: ((k: number) => number)[] = [
      (k) => ((k % 6000) < 3000 ? 1 : 0),
      (k) => ((k % 1000) < 300 ? 0.7 : 0),
      (k) => Math.sin(k * 0.01),
      (k) => (k % 997 === 0 ? NaN : (k % 500) < 250 ? 2 : -1),
      (k) => k % 2,
    ]
    const lists: Step[][] = [
      [{ k: 'hit' }, { k: 'rest' }, { k: 'value', v: 55 }, { k: 'hit' }, { k: 'tie' }],
      [{ k: 'value', v: 110 }, { k: 'value', v: 82.5 }, { k: 'rest' }],
    ]
    let mismatches = 0, changes = 0
    for (const clock of clocks) {
      for (const steps of lists) {
        const long = seqTable(steps), short = seqTable(steps.slice(0, 1))
        const S = new Float64Array(SEQ_INIT), R = new Float64Array(SEQ_INIT)
        const V = Float64Array.of(0), W = new Float64Array(256)
        let k = 0
        for (let b = 0; b < 300; b++) {
          // The list shrinks to one step two thirds of the way (a reload with a shorter list).
          const t = b < 200 ? long : short
          const len = [128, 37, 0, 1, 128, 90][b % 6]
          for (let i = 0; i < len; i++) W[i] = clock(k + i)
          seqBlock(S, 0, W, 128, 0, len, V, 0, 0, t)
          for (let i = 0; i < len; i++) {
            const y = seq(R, 0, W[i], t.pass, t.value, t.n)
            if (!Object.is(W[128 + i], y)) mismatches++
            if (i > 0 && W[128 + i] !== W[128 + i - 1]) changes++
          }
          k += len
          for (let j = 0; j < 3; j++) if (!Object.is(S[j], R[j])) mismatches++
        }
      }
    }
    expect(changes).toBeGreaterThan(5000)
    expect(mismatches).toBe(0)
  })
})
