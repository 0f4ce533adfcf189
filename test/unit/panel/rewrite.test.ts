import { describe, expect, it } from 'vitest'
import type { Control, Step } from '../../../src/language/patch-data.ts'
import { applyChange, locateControl, notesStep, parseStep, rewriteSteps, rewriteValue, stepText } from '../../../src/panel/rewrite.ts'

const R = { from: 0, to: 0, line: 1, col: 1 }
function ctl(kind: Control['kind'], name: string, o: Partial<Control> = {}): Control {
  return { kind, name, value: 0, min: 0, max: 1, curve: 'lin', cc: null, steps: [], range: R, valueRange: R, ...o }
}
const x: Step = { k: 'hit' }
const dot: Step = { k: 'rest' }
const tie: Step = { k: 'tie' }

const PATCH = `bpm 126
knob  cutoff = 1800   [80..9000] exp cc 74   # the filter
fader level  = 0.7  [0..1]
knob  attack = 5ms [1ms..2s] exp
step_seq hats   = [x . x  x . x . x]   # hats
piano_roll lead = [c4 e4 + g4 _ . eb4]
out = noise() * level
`

describe('rewriteValue', () => {
  it('rewrites only the value of a knob, keeping spacing, range, curve, cc and comment', () => {
    const c = ctl('knob', 'cutoff', { min: 80, max: 9000, curve: 'exp', value: 1800 })
    const ch = rewriteValue(PATCH, c, 2345.678)
    expect(ch).not.toBeNull()
    expect(PATCH.slice(ch!.from, ch!.to)).toBe('1800')
    const out = applyChange(PATCH, ch)
    expect(out.split('\n')[1]).toBe('knob  cutoff = 2346   [80..9000] exp cc 74   # the filter')
    expect(out.split('\n').filter((_, i) => i !== 1)).toEqual(PATCH.split('\n').filter((_, i) => i !== 1))
  })

  it('clamps what it writes into the range', () => {
    const c = ctl('fader', 'level')
    expect(applyChange(PATCH, rewriteValue(PATCH, c, 1.7)).split('\n')[2]).toBe('fader level  = 1  [0..1]')
    expect(applyChange(PATCH, rewriteValue(PATCH, c, -2)).split('\n')[2]).toBe('fader level  = 0  [0..1]')
  })

  it('writes sensible precision: a thousandth of a linear range, four digits on exp', () => {
    const lvl = ctl('fader', 'level')
    expect(rewriteValue(PATCH, lvl, 0.75)!.insert).toBe('0.75')
    expect(rewriteValue(PATCH, lvl, 0.123456)!.insert).toBe('0.123')
    const cut = ctl('knob', 'cutoff', { min: 80, max: 9000, curve: 'exp' })
    expect(rewriteValue(PATCH, cut, 123.4567)!.insert).toBe('123.5')
    expect(rewriteValue(PATCH, cut, 8765.4321)!.insert).toBe('8765')
    const wide = ctl('fader', 'level', { min: 0, max: 20000 })
    expect(rewriteValue(PATCH, wide, 0.123456)!.insert).toBe('0')
  })

  it('keeps the unit of the literal it replaces', () => {
    const c = ctl('knob', 'attack', { min: 0.001, max: 2, curve: 'exp', value: 0.005 })
    expect(rewriteValue(PATCH, c, 0.0123456)!.insert).toBe('12.35ms')
    expect(rewriteValue(PATCH, c, 0.25)!.insert).toBe('250ms')
  })

  it('gives null when the value is unchanged or the declaration is gone', () => {
    expect(rewriteValue(PATCH, ctl('fader', 'level'), 0.7)).toBeNull()
    expect(rewriteValue(PATCH, ctl('fader', 'volume'), 0.5)).toBeNull()
    expect(rewriteValue(PATCH, ctl('knob', 'level'), 0.5)).toBeNull() // same name, other kind
  })

  it('finds the declaration again after the text moved (a stale range)', () => {
    const moved = '# a new first line\n\n' + PATCH
    const c = ctl('fader', 'level', { range: { from: 70, to: 90, line: 3, col: 1 } })
    expect(applyChange(moved, rewriteValue(moved, c, 0.5)).split('\n')[4]).toBe('fader level  = 0.5  [0..1]')
  })

  it('leaves a malformed declaration alone and still rewrites the others', () => {
    const t = 'knob a = [1..2]\nknob b = 3 [0..10]\nknob c = 1 [0..'
    expect(rewriteValue(t, ctl('knob', 'a', { max: 10 }), 5)).toBeNull()
    expect(applyChange(t, rewriteValue(t, ctl('knob', 'b', { max: 10 }), 4))).toBe('knob a = [1..2]\nknob b = 4 [0..10]\nknob c = 1 [0..')
  })

  it('replaces an expression value with a number', () => {
    const t = 'knob q = 1 + 2 [0..4]'
    expect(applyChange(t, rewriteValue(t, ctl('knob', 'q', { max: 4 }), 2.5))).toBe('knob q = 2.5 [0..4]')
  })

  it('refuses a step control', () => {
    expect(() => rewriteValue(PATCH, ctl('step_seq', 'hats'), 1)).toThrow(RangeError)
  })
})

describe('rewriteSteps', () => {
  const hats = ctl('step_seq', 'hats')
  const lead = ctl('piano_roll', 'lead')

  it('toggles one step and touches nothing else', () => {
    const steps = [x, dot, x, x, dot, x, dot, x]
    steps[1] = x
    const ch = rewriteSteps(PATCH, hats, steps)!
    expect(ch.to - ch.from).toBe(1)
    expect(ch.insert).toBe('x')
    expect(applyChange(PATCH, ch).split('\n')[4]).toBe('step_seq hats   = [x x x  x . x . x]   # hats')
  })

  it('keeps the spelling of unchanged items and writes chords low to high', () => {
    const steps: Step[] = [notesStep([60]), notesStep([64, 67]), tie, notesStep([72, 62]), notesStep([63])]
    const out = applyChange(PATCH, rewriteSteps(PATCH, lead, steps))
    expect(out.split('\n')[5]).toBe('piano_roll lead = [c4 e4 + g4 _ d4+c5 eb4]')
  })

  it('adds and removes steps at the end', () => {
    const longer = applyChange(PATCH, rewriteSteps(PATCH, hats, [x, dot, x, x, dot, x, dot, x, x, dot]))
    expect(longer.split('\n')[4]).toBe('step_seq hats   = [x . x  x . x . x x .]   # hats')
    const shorter = applyChange(PATCH, rewriteSteps(PATCH, hats, [x, dot, x]))
    expect(shorter.split('\n')[4]).toBe('step_seq hats   = [x . x]   # hats')
  })

  it('gives null when nothing changes', () => {
    expect(rewriteSteps(PATCH, hats, [x, dot, x, x, dot, x, dot, x])).toBeNull()
  })

  it('rejects impossible step counts', () => {
    expect(() => rewriteSteps(PATCH, hats, [])).toThrow(RangeError)
  })
})

describe('steps as text', () => {
  it('round-trips every kind of step', () => {
    for (const s of ['x', '.', '_', '0.5', 'c4', 'c#4', 'e4+g4+b4', 'a-1']) expect(stepText(parseStep(s)!)).toBe(s)
    expect(parseStep('eb4')).toEqual(notesStep([63]))
    expect(parseStep('e4 + g4')).toEqual(notesStep([64, 67]))
  })
  it('locates each kind of control', () => {
    for (const [k, n] of [['knob', 'cutoff'], ['fader', 'level'], ['step_seq', 'hats'], ['piano_roll', 'lead']] as const) {
      expect(locateControl(PATCH, k, n)).not.toBeNull()
    }
  })
})
