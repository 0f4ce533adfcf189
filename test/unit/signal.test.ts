// The browser specs' measurements, checked on signals whose answers are known.
import { describe, expect, it } from 'vitest'
import { frequency, frequencyTrack, gapRuns, gaps, maxJump, onsetOf, rms } from '../browser/signal.ts'

const sr = 48000
const sine = (hz: number, n: number, amp = 1, phase = 0) =>
  Array.from({ length: n }, (_, i) => amp * Math.sin(phase + (2 * Math.PI * hz * i) / sr))

describe('signal measurements', () => {
  it('measures the frequency of sines to a hundredth of a hertz', () => {
    for (const hz of [55, 220, 331.3, 1234.5]) expect(frequency(sine(hz, sr / 2, 0.3, 1), sr)).toBeCloseTo(hz, 2)
  })

  it('gives NaN for silence and DC', () => {
    expect(frequency(new Array(1000).fill(0), sr)).toBeNaN()
    expect(frequency(new Array(1000).fill(0.5), sr)).toBeNaN()
  })

  it('measures rms', () => {
    expect(rms(sine(440, sr, 1))).toBeCloseTo(Math.SQRT1_2, 3)
  })

  it('finds a phase jump that a continuous frequency change does not make', () => {
    // A phase-continuous switch from 220 to 330 Hz...
    const smooth: number[] = []
    let ph = 0
    for (let i = 0; i < 4800; i++) {
      ph += (2 * Math.PI * (i < 2400 ? 220 : 330)) / sr
      smooth.push(0.5 * Math.sin(ph))
    }
    const bound = (0.5 * 2 * Math.PI * 330) / sr
    expect(maxJump(smooth).jump).toBeLessThanOrEqual(bound * 1.001)
    // ...and one that restarts the phase.
    const reset = [...sine(220, 2400, 0.5).slice(0, 1300), ...sine(330, 2400, 0.5)]
    const found = maxJump(reset)
    expect(found.jump).toBeGreaterThan(bound * 3)
    expect(found.at).toBe(1300)
  })

  it('counts gaps and tracks frequency per window', () => {
    expect(gaps([0, NaN, 1, Infinity])).toBe(2)
    expect(gapRuns([NaN, 0, NaN, NaN, 1, Infinity])).toEqual([[0, 1], [2, 4], [5, 6]])
    expect(gapRuns([0, 1])).toEqual([])
    const track = frequencyTrack([...sine(200, 4800), ...sine(400, 4800)], sr, 2400)
    expect(track.map(([, hz]) => Math.round(hz))).toEqual([200, 200, 400, 400])
  })
})

describe('onset of a new frequency', () => {
  it('finds the period where a sine changes pitch', () => {
    const x: number[] = []
    let ph = 0
    for (let i = 0; i < 9600; i++) {
      ph += (2 * Math.PI * (i < 5000 ? 220 : 330)) / sr
      x.push(Math.sin(ph))
    }
    const at = onsetOf(x, sr, 330)
    // The first whole period at 330 Hz starts at the first crossing after the change.
    expect(at).toBeGreaterThanOrEqual(5000)
    expect(at).toBeLessThan(5000 + sr / 330 + 1)
    expect(onsetOf(x, sr, 440)).toBe(-1)
  })
})
