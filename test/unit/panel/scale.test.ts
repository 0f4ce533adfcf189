import { describe, expect, it } from 'vitest'
import { displayValue, fromNorm, parseTyped, roundValue, toNorm } from '../../../src/panel/scale.ts'
import { noteName, parseNote } from '../../../src/panel/notes.ts'

describe('scale', () => {
  it('maps exp ranges geometrically so equal moves are equal ratios', () => {
    const c = { min: 80, max: 9000, curve: 'exp' as const }
    const mid = fromNorm(0.5, c)
    expect(mid).toBeCloseTo(Math.sqrt(80 * 9000), 6)
    expect(fromNorm(0.6, c) / fromNorm(0.5, c)).toBeCloseTo(fromNorm(0.2, c) / fromNorm(0.1, c), 9)
    for (const p of [0, 0.1, 0.33, 0.9, 1]) expect(toNorm(fromNorm(p, c), c)).toBeCloseTo(p, 9)
  })
  it('gives exp ranges that touch zero a smooth curve', () => {
    const c = { min: 0, max: 1, curve: 'exp' as const }
    expect(fromNorm(0, c)).toBe(0)
    expect(fromNorm(1, c)).toBeCloseTo(1, 12)
    expect(fromNorm(0.5, c)).toBeLessThan(0.05)
    for (const p of [0, 0.25, 0.7, 1]) expect(toNorm(fromNorm(p, c), c)).toBeCloseTo(p, 9)
  })
  it('clamps out-of-range values', () => {
    const c = { min: 0, max: 1, curve: 'lin' as const }
    expect(toNorm(5, c)).toBe(1)
    expect(roundValue(-3, c)).toBe(0)
  })
  it('shows units', () => {
    const hz = { min: 80, max: 9000, curve: 'exp' as const }
    expect(displayValue(1843, hz, 'Hz')).toBe('1.843 kHz')
    expect(displayValue(440, hz, 'Hz')).toBe('440 Hz')
    const s = { min: 0.001, max: 2, curve: 'exp' as const }
    expect(displayValue(0.25, s, 's')).toBe('250 ms')
    expect(displayValue(1.5, s, 's')).toBe('1.5 s')
    expect(displayValue(0.75, { min: 0, max: 1, curve: 'lin' }, null)).toBe('0.75')
  })
  it('reads typed values with units', () => {
    expect(parseTyped('1.2k')).toBe(1200)
    expect(parseTyped(' 1.2 kHz ')).toBe(1200)
    expect(parseTyped('250ms')).toBe(0.25)
    expect(parseTyped('-3')).toBe(-3)
    expect(parseTyped('.5')).toBe(0.5)
    expect(parseTyped('abc')).toBeNull()
  })
})

describe('notes', () => {
  it('names and reads notes', () => {
    expect(noteName(69)).toBe('a4')
    expect(noteName(60)).toBe('c4')
    expect(noteName(61)).toBe('c#4')
    expect(noteName(0)).toBe('c-1')
    expect(parseNote('A4')).toBe(69)
    expect(parseNote('eb2')).toBe(39)
    expect(parseNote('a-1')).toBe(9)
    expect(parseNote('h4')).toBeNull()
  })
})
