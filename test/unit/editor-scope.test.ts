// What the editor reads from the syntax tree: definitions, scopes and the call being typed.
import { describe, expect, it } from 'vitest'
import { EditorState } from '@codemirror/state'
import { patchLanguage } from '../../src/editor/language.ts'
import { callAt, definitions, visibleDefinitions, voiceAt } from '../../src/editor/scope.ts'
import { tappedLines } from '../../src/editor/taps.ts'

const state = (doc: string) => EditorState.create({ doc, extensions: patchLanguage })
/// The state and the position of `|` in `doc` (removed).
const at = (doc: string): [EditorState, number] => [state(doc.replace('|', '')), doc.indexOf('|')]

const patch = `knob cut = 800 [100..4000] exp
step_seq hats = [x . x x]
piano_roll lead = [c4 e4 g4 _]
voice pluck(freq, gate) {
  node env = adsr(gate, 3ms, 100ms, 0.2, 200ms)
  out = osc(saw, freq) * env
}
node clock = trig(beat * 4)
node keys = poly(pluck, lead)
out = keys
`

describe('definitions', () => {
  it('lists every definition with its kind and scope', () => {
    const defs = definitions(state(patch)).map((d) => `${d.kind} ${d.name} ${d.voice ?? '-'}`)
    expect(defs).toEqual([
      'knob cut -', 'step_seq hats -', 'piano_roll lead -', 'voice pluck -',
      'param freq pluck', 'param gate pluck', 'node env pluck', 'node clock -', 'node keys -',
    ])
  })

  it('shows a voice its own parameters and nodes, and the main patch its own nodes', () => {
    const s = state(patch)
    const inVoice = patch.indexOf('osc(saw')
    expect(voiceAt(s, inVoice)).toBe('pluck')
    expect(visibleDefinitions(s, inVoice).map((d) => d.name)).toEqual(['cut', 'hats', 'lead', 'pluck', 'freq', 'gate', 'env'])
    const inMain = patch.indexOf('poly(')
    expect(voiceAt(s, inMain)).toBeNull()
    expect(visibleDefinitions(s, inMain).map((d) => d.name)).toEqual(['cut', 'hats', 'lead', 'pluck', 'clock', 'keys'])
  })
})

describe('callAt', () => {
  it('knows the function and positional slot being typed', () => {
    expect(callAt(...at('node a = osc(|'))).toMatchObject({ fn: 'osc', index: 0, keyword: null, atArgStart: true })
    expect(callAt(...at('node a = osc(saw, |'))).toMatchObject({ fn: 'osc', index: 1, atArgStart: true })
    expect(callAt(...at('node a = filter(lp, osc(saw, 1|10), 800)'))).toMatchObject({ fn: 'osc', index: 1 })
    expect(callAt(...at('node a = filter(lp, osc(saw, 110), 8|00)'))).toMatchObject({ fn: 'filter', index: 2, atArgStart: false })
  })

  it('knows a keyword argument and which keywords are given', () => {
    expect(callAt(...at('node a = noise(color: |'))).toMatchObject({ fn: 'noise', keyword: 'color', atArgStart: false })
    const c = callAt(...at('node a = filter(lp, x, 800, q: 2, |)'))
    expect(c).toMatchObject({ fn: 'filter', index: 3, keyword: null, given: ['q'] })
  })

  it('is null outside calls', () => {
    expect(callAt(...at('node a = 1|0'))).toBeNull()
    expect(callAt(...at('node a = osc(saw, 110)|'))).toBeNull()
  })
})

describe('tapped lines', () => {
  it('taps main-patch node lines only, also while a line does not parse', () => {
    const s = state(patch + 'node broken = osc(saw,\n')
    expect(tappedLines(s).map((t) => t.name)).toEqual(['clock', 'keys', 'broken'])
    const line = s.doc.line(8)
    expect(tappedLines(s)[0].lineEnd).toBe(line.to)
  })
})
