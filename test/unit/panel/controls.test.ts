// The panel's controls while the patch does not compile: the compiler's controls of every
// declaration that compiles, and the last good state of each one that does not.
import { describe, expect, it, vi } from 'vitest'
import { EditorState } from '@codemirror/state'
import { patchLanguageSupport } from '../../../src/editor/language.ts'
import { wholeTree } from '../../../src/editor/scope.ts'
import * as parserModule from '../../../src/language/parser.ts'
import { compile } from '../../../src/language/compile.ts'
import type { CompileResult, Control } from '../../../src/language/patch-data.ts'
import { withLastGood } from '../../../src/panel/attach.ts'
import { applyChange, locateControl, notesStep, rewriteSteps, rewriteValue } from '../../../src/panel/rewrite.ts'
import { toggleCell } from '../../../src/panel/roll-edit.ts'

const GOOD = `knob cutoff = 1800 [80..9000] exp
fader level = 0.7 [0..1]
step_seq hats = [x . x x]
piano_roll lead = [c4 e4+g4 _ .]
node n = filter(lp, noise(), cutoff) * seq(trig(8), hats) + poly(v, lead)
voice v(freq, gate) { out = osc(saw, freq) * gate }
out = n * level
`

/// What the panel shows after `result`, having shown `previous` before.
function shown(result: CompileResult, previous: readonly Control[]): Control[] {
  return result.failedControls.length ? withLastGood(result.controls, result.failedControls, previous) : result.controls
}

describe('controls while the patch does not compile', () => {
  it('are the patch\'s controls when it compiles', () => {
    const r = compile(GOOD)
    expect(r.controls).toEqual(r.patch!.controls)
    expect(r.failedControls).toEqual([])
  })
  it('keeps every well-formed control when another line is broken', () => {
    const bad = GOOD.replace('out = n * level', 'out = n * lvel')
    const r = compile(bad)
    expect(r.patch).toBeNull()
    const cs = shown(r, [])
    expect(cs.map((c) => c.name)).toEqual(['cutoff', 'level', 'hats', 'lead'])
    expect(cs).toEqual(compile(GOOD).patch!.controls)
    expect(cs[1].valueRange.from).toBe(bad.indexOf('0.7'))
  })
  it('keeps the last good state of a control whose own declaration is broken, in its place', () => {
    const prev = compile(GOOD).patch!.controls
    for (const half of ['18000 [80', '1800 [80..', '18e [80', '1800 [8O']) {
      const bad = GOOD.replace('1800 [80', half)
      const cs = shown(compile(bad), prev)
      expect(cs.map((c) => c.name), half).toEqual(['cutoff', 'level', 'hats', 'lead'])
      expect(cs[0].value, half).toBe(1800)
      expect(shown(compile(bad), []).map((c) => c.name), half).toEqual(['level', 'hats', 'lead'])
    }
    const steps = shown(compile(GOOD.replace('[x . x x]', '[x . x x')), prev)
    expect(steps.map((c) => c.name)).toEqual(['cutoff', 'level', 'hats', 'lead'])
    expect(steps[2].steps).toHaveLength(4)
  })
  it('does not bring back a control renamed or given another kind', () => {
    const prev = compile(GOOD).patch!.controls
    expect(shown(compile(GOOD.replace('fader level = 0.7', 'knob level = 7')), prev).map((c) => `${c.kind}:${c.name}`)).toEqual(['knob:cutoff', 'step_seq:hats', 'piano_roll:lead'])
    expect(shown(compile(GOOD.replace('fader level = 0.7 [0..1]', 'fader level = 0.7 [0..1]\nfader level = 0.8 [0..1]')), prev).map((c) => c.name)).toEqual(['cutoff', 'level', 'hats', 'lead'])
  })
})

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

describe("rewrites read the editor's parse", () => {
  it('write what a fresh parse would, after edits moved the declarations, without parsing again', () => {
    const cs = compile(GOOD).patch!.controls
    const [cutoff, level, hats] = cs
    let state = EditorState.create({ doc: GOOD, extensions: [patchLanguageSupport()] })
    // Edits the editor reparses incrementally: a line above every declaration, a longer value.
    state = state.update({ changes: { from: 0, insert: '# moved\nbpm 100\n' } }).state
    state = state.update({ changes: { from: state.doc.toString().indexOf('1800'), to: state.doc.toString().indexOf('1800') + 4, insert: '1234.5' } }).state
    const text = state.doc.toString(), tree = wholeTree(state)
    expect(tree?.length).toBe(text.length)
    const parse = vi.spyOn(parserModule, 'patchParser')
    const viaTree = [rewriteValue(text, cutoff, 2500, tree), rewriteValue(text, level, 0.25, tree), rewriteSteps(text, hats, [{ k: 'rest' }, { k: 'hit' }], tree)]
    expect(parse).not.toHaveBeenCalled()
    const fresh = [rewriteValue(text, cutoff, 2500), rewriteValue(text, level, 0.25), rewriteSteps(text, hats, [{ k: 'rest' }, { k: 'hit' }])]
    expect(parse).toHaveBeenCalledTimes(3)
    parse.mockRestore()
    expect(viaTree).toEqual(fresh)
    let t = text
    // All three are changes of `text`: applied from the last one back, each leaves the others' places.
    for (const ch of [...viaTree].sort((a, b) => b!.from - a!.from)) t = applyChange(t, ch)
    const again = compile(t).patch!.controls
    expect(again.map((c) => c.value).slice(0, 2)).toEqual([2500, 0.25])
    expect(again[2].steps.map((s) => s.k)).toEqual(['rest', 'hit'])
  })
})
