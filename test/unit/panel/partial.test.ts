import { describe, expect, it } from 'vitest'
import { compile } from '../../../src/language/compile.ts'
import { controlsFromText } from '../../../src/panel/partial.ts'

const GOOD = `knob cutoff = 1800 [80..9000] exp
fader level = 0.7 [0..1]
step_seq hats = [x . x x]
piano_roll lead = [c4 e4+g4 _ .]
node n = filter(lp, noise(), cutoff) * seq(trig(8), hats) + poly(v, lead)
voice v(freq, gate) { out = osc(saw, freq) * gate }
out = n * level
`

describe('controls while the patch does not compile', () => {
  it('matches the compiler on a good patch, ranges included', () => {
    const full = compile(GOOD).patch!.controls
    expect(controlsFromText(GOOD, [])).toEqual(full)
  })
  it('keeps every well-formed control when another line is broken', () => {
    const bad = GOOD.replace('out = n * level', 'out = n * lvel')
    expect(compile(bad).patch).toBeNull()
    const cs = controlsFromText(bad, [])
    expect(cs.map((c) => c.name)).toEqual(['cutoff', 'level', 'hats', 'lead'])
    expect(cs[1].valueRange.from).toBe(bad.indexOf('0.7'))
  })
  it('keeps the last good state of a control whose own declaration is broken', () => {
    const prev = compile(GOOD).patch!.controls
    const bad = GOOD.replace('1800 [80', '18000 [80')
    const cs = controlsFromText(bad, prev)
    expect(cs.find((c) => c.name === 'cutoff')!.value).toBe(1800)
    expect(controlsFromText(bad, []).map((c) => c.name)).toEqual(['level', 'hats', 'lead'])
  })
})

import { applyChange, locateControl, notesStep, rewriteSteps, rewriteValue } from '../../../src/panel/rewrite.ts'
import { toggleCell } from '../../../src/panel/roll-edit.ts'

describe('rewrites agree with the compiler', () => {
  const cs = compile(GOOD).patch!.controls
  it('finds the same value part the compiler reports', () => {
    for (const c of cs) {
      const at = locateControl(GOOD, c.kind, c.name)!
      expect([at.value.from, at.value.to]).toEqual([c.valueRange.from, c.valueRange.to])
    }
  })
  it('writes values and steps the compiler reads back', () => {
    const [cutoff, level, hats, lead] = cs
    let t = applyChange(GOOD, rewriteValue(GOOD, cutoff, 2500))
    t = applyChange(t, rewriteValue(t, level, 0.75))
    t = applyChange(t, rewriteSteps(t, hats, [{ k: 'hit' }, { k: 'hit' }, { k: 'rest' }, { k: 'hit' }]))
    t = applyChange(t, rewriteSteps(t, lead, toggleCell(toggleCell(lead.steps, 3, 57), 3, 64)))
    const again = compile(t).patch!.controls
    expect(again[0].value).toBe(2500)
    expect(again[1].value).toBe(0.75)
    expect(again[2].steps.map((s) => s.k)).toEqual(['hit', 'hit', 'rest', 'hit'])
    expect(again[3].steps[3]).toEqual(notesStep([57, 64]))
    expect(t).toContain('piano_roll lead = [c4 e4+g4 _ a3+e4]')
  })
})
