// The pure helpers behind the taps, number scrubbing and lint marks.
import { describe, expect, it } from 'vitest'
import { formatValue, risingCrossings, span, traceRange, triggerIndex } from '../../src/editor/tap-trace.ts'
import { scrubbable, scrubbed, scrubbedNote, stepFor } from '../../src/editor/scrub.ts'
import { toLint } from '../../src/editor/live-reload.ts'

const sine = (periods: number, n: number, phase: number, offset = 0) =>
  Float32Array.from({ length: n }, (_, i) => offset + Math.sin(phase + (2 * Math.PI * periods * i) / n))

describe('scope trigger', () => {
  it('starts every window of a periodic signal at the same phase', () => {
    // Eight periods in 256 points, seen at different moments: the trace starts where the signal
    // rises through zero, whatever the window's own starting phase.
    for (const phase of [0.3, 1.7, 2.9, 4.4, 6.0]) {
      const sig = sine(8, 256, phase)
      const at = triggerIndex(sig, 128)
      expect(at).toBeGreaterThanOrEqual(0)
      expect(at).toBeLessThan(32 + 1)
      const i = Math.floor(at)
      // Linear interpolation puts the crossing within a few thousandths of the true zero.
      const v = sig[i] + (sig[i + 1] - sig[i]) * (at - i)
      expect(Math.abs(v)).toBeLessThan(1e-6)
      expect(sig[i + 1]).toBeGreaterThan(sig[i])
    }
  })

  it('triggers on the middle level of a signal that does not cross zero', () => {
    const sig = sine(4, 256, 2, 3)
    const at = triggerIndex(sig, 128)
    expect(at).toBeGreaterThan(0)
    expect(sig[Math.ceil(at)]).toBeGreaterThanOrEqual(3)
  })

  it('does not trigger without a rising edge, nor on constants; counts crossings to tell slow from fast', () => {
    expect(triggerIndex(sine(0.3, 256, Math.PI / 2), 128)).toBe(-1)
    // A rising edge too late to leave a whole window after it does not trigger either.
    expect(triggerIndex(sine(0.3, 256, Math.PI * 1.4), 128)).toBe(-1)
    expect(triggerIndex(new Float32Array(256).fill(0.5), 128)).toBe(-1)
    expect(risingCrossings(sine(8, 256, 4))).toBe(8)
    expect(risingCrossings(sine(0.3, 256, 4))).toBeLessThan(2)
  })

  it('scales symmetric around zero, envelopes from zero, constants to a thin band', () => {
    expect(traceRange(-0.2, 0.5)).toEqual([-0.5, 0.5])
    expect(traceRange(...span([0.1, 0.9, 0.4]))).toEqual([0, 0.9])
    expect(traceRange(200, 210)).toEqual([200, 210])
    expect(span([NaN, 3, -1, NaN])).toEqual([-1, 3])
    const [lo, hi] = traceRange(5, 5)
    expect(hi - lo).toBeCloseTo(1e-3)
  })

  it('prints values briefly', () => {
    expect(formatValue(1800)).toBe('1800')
    expect(formatValue(0.123456)).toBe('0.123')
    expect(formatValue(-0.0312)).toBe('-0.0312')
    expect(formatValue(0.00001)).toBe('0')
  })
})

describe('number scrubbing', () => {
  it('reads literals that can be dragged', () => {
    expect(scrubbable('440')).toEqual({ value: 440, unit: '', decimals: 0 })
    expect(scrubbable('0.25')).toEqual({ value: 0.25, unit: '', decimals: 2 })
    expect(scrubbable('3ms')).toEqual({ value: 3, unit: 'ms', decimals: 0 })
    expect(scrubbable('.5')).toEqual({ value: 0.5, unit: '', decimals: 1 })
    expect(scrubbable('1e3')).toBeNull()
  })

  it('steps by about a hundredth of the order of magnitude per pixel', () => {
    expect(stepFor(scrubbable('440')!)).toBe(1)
    expect(stepFor(scrubbable('1800')!)).toBe(10)
    expect(stepFor(scrubbable('0.5')!)).toBeCloseTo(0.001)
    expect(scrubbed(scrubbable('440')!, 25)).toBe('465')
    expect(scrubbed(scrubbable('440')!, 25, true)).toBe('690')
    expect(scrubbed(scrubbable('1800')!, -3)).toBe('1770')
    expect(scrubbed(scrubbable('3ms')!, 12)).toBe('3.12ms')
    expect(scrubbed(scrubbable('0.5')!, -1000)).toBe('0.000')
  })
})

describe('note scrubbing', () => {
  it('moves a semitone per 8 pixels, an octave with Shift, within MIDI', () => {
    expect(scrubbedNote(57, 8)).toBe('a#3')
    expect(scrubbedNote(57, 20)).toBe('b3')
    expect(scrubbedNote(57, -8)).toBe('g#3')
    expect(scrubbedNote(57, 8, true)).toBe('a4')
    expect(scrubbedNote(120, 800)).toBe('g9')
    expect(scrubbedNote(3, -80)).toBe('c-1')
  })
})

describe('lint marks', () => {
  it('keeps diagnostics inside the document', () => {
    const d = { line: 1, col: 1, severity: 'error' as const, message: 'm' }
    expect(toLint([{ ...d, from: 3, to: 9 }], 5)).toEqual([{ from: 3, to: 5, severity: 'error', message: 'm' }])
    expect(toLint([{ ...d, from: 4, to: 2 }], 10)[0]).toMatchObject({ from: 4, to: 4 })
  })
})
