import { describe, expect, it } from 'vitest'
import { applyChange, rewriteCc } from '../../../src/midi/cc-text.ts'
import { compile } from '../../../src/language/compile.ts'

const PATCH = `knob cutoff = 1800 [80..9000] exp   # brightness
fader level = 0.7 [0..1]
knob q = 0.8 [0.5..8] cc 71
out = filter(lp, osc(saw, 110), cutoff, q) * level
`

function rewrite(text: string, kind: 'knob' | 'fader', name: string, cc: number | null): string {
  const ch = rewriteCc(text, kind, name, cc)
  if (!ch) throw new Error('no change')
  return applyChange(text, ch)
}

describe('rewriteCc', () => {
  it('adds cc N after the curve, keeping the comment', () => {
    const t = rewrite(PATCH, 'knob', 'cutoff', 74)
    expect(t.split('\n')[0]).toBe('knob cutoff = 1800 [80..9000] exp cc 74   # brightness')
    expect(compile(t).patch!.controls.find((c) => c.name === 'cutoff')!.cc).toBe(74)
  })
  it('adds cc N after the range when there is no curve', () => {
    expect(rewrite(PATCH, 'fader', 'level', 7).split('\n')[1]).toBe('fader level = 0.7 [0..1] cc 7')
  })
  it('replaces an existing mapping in place', () => {
    expect(rewrite(PATCH, 'knob', 'q', 1).split('\n')[2]).toBe('knob q = 0.8 [0.5..8] cc 1')
  })
  it('removes a mapping with null, and its space', () => {
    expect(rewrite(PATCH, 'knob', 'q', null).split('\n')[2]).toBe('knob q = 0.8 [0.5..8]')
  })
  it('gives null when nothing changes or the declaration is gone', () => {
    expect(rewriteCc(PATCH, 'knob', 'q', 71)).toBeNull()
    expect(rewriteCc(PATCH, 'knob', 'cutoff', null)).toBeNull()
    expect(rewriteCc(PATCH, 'knob', 'level', 3)).toBeNull() // level is a fader
    expect(rewriteCc(PATCH, 'knob', 'nope', 3)).toBeNull()
  })
  it('does not touch a declaration the parser had to repair', () => {
    expect(rewriteCc('knob cutoff = [80..9000] exp\n', 'knob', 'cutoff', 74)).toBeNull()
  })
  it('works on a one-line patch with ; and keeps later statements intact', () => {
    const t = 'knob a = 1 [0..2]; out = osc(sine, 100 + a)'
    expect(rewrite(t, 'knob', 'a', 10)).toBe('knob a = 1 [0..2] cc 10; out = osc(sine, 100 + a)')
  })
  it('refuses numbers outside 0..127', () => {
    expect(() => rewriteCc(PATCH, 'knob', 'cutoff', 128)).toThrow(RangeError)
    expect(() => rewriteCc(PATCH, 'knob', 'cutoff', 1.5)).toThrow(RangeError)
  })
})
