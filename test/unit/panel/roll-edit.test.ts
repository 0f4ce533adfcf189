import { describe, expect, it } from 'vitest'
import type { Step } from '../../../src/language/patch-data.ts'
import { cellState, extendTo, pitchRange, toggleCell } from '../../../src/panel/roll-edit.ts'
import { parseStep, stepText } from '../../../src/panel/rewrite.ts'

const parse = (t: string): Step[] => t.split(' ').map((w) => parseStep(w)!)
const show = (s: Step[]) => s.map(stepText).join(' ')

describe('piano roll edits', () => {
  it('adds a note to a chord and removes it again', () => {
    const s = parse('c4 e4 _ .')
    expect(show(toggleCell(s, 1, 67))).toBe('c4 e4+g4 _ .')
    expect(show(toggleCell(toggleCell(s, 1, 67), 1, 67))).toBe('c4 e4 _ .')
  })
  it('removing the last note of a step takes its ties', () => {
    expect(show(toggleCell(parse('c4 e4 _ _ g4'), 1, 64))).toBe('c4 . . . g4')
  })
  it('a held cell cuts the note there', () => {
    const s = parse('c4 _ _ _')
    expect(cellState(s, 2, 60)).toBe('held')
    expect(cellState(s, 2, 62)).toBe('off')
    expect(show(toggleCell(s, 2, 60))).toBe('c4 _ . .')
  })
  it('extends a note into ties up to a later step', () => {
    expect(show(extendTo(parse('c4 . e4 . .'), 4, 60)!)).toBe('c4 _ _ _ _')
    expect(show(extendTo(parse('c4 . e4 . .'), 4, 64)!)).toBe('c4 . e4 _ _')
    expect(extendTo(parse('c4 . e4 . .'), 4, 67)).toBeNull()
  })
  it('shows a range around the notes, two octaves at least', () => {
    expect(pitchRange(parse('c4 e4 g4'))).toEqual({ lo: 48, hi: 71 })
    const r = pitchRange(parse('c2 c6'))
    expect(r.lo).toBeLessThanOrEqual(36)
    expect(r.hi).toBeGreaterThanOrEqual(84)
    expect(pitchRange(parse('. .'))).toEqual({ lo: 48, hi: 71 })
  })
})
