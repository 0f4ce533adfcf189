// The browser specs' measurements checked on signals whose answers are known.
import { describe, expect, it } from 'vitest'
import { bandPower, levelAt, onsets, rms } from '../../browser/panel-audio.ts'

const SR = 48000
const sine = (f: number, n: number, a = 1) => Array.from({ length: n }, (_, i) => a * Math.sin((2 * Math.PI * f * i) / SR))

describe('audio measurements', () => {
  it('finds a sine in its band and at its frequency', () => {
    const s = sine(1000, 16384)
    expect(bandPower(s, SR, 900, 1100) / bandPower(s, SR, 0, SR / 2)).toBeGreaterThan(0.99)
    expect(levelAt(s, SR, 1000)).toBeCloseTo(0, 1)
    expect(levelAt(s, SR, 1500)).toBeLessThan(-60)
    expect(rms(s)).toBeCloseTo(Math.SQRT1_2, 2)
  })
  it('times onsets of bursts', () => {
    const s = new Array(SR).fill(0)
    for (const t of [0.1, 0.35, 0.6]) for (let i = 0; i < 480; i++) s[Math.round(t * SR) + i] = Math.sin(i / 3)
    const o = onsets(s, SR)
    expect(o.length).toBe(3)
    expect(o[1] - o[0]).toBeCloseTo(0.25, 2)
  })
})
