// Completion options come from the node-type table and the names the patch defines.
import { describe, expect, it } from 'vitest'
import { EditorState } from '@codemirror/state'
import { CompletionContext } from '@codemirror/autocomplete'
import { patchLanguage } from '../../src/editor/language.ts'
import { patchCompletions } from '../../src/editor/autocomplete.ts'
import { NODE_FNS, HELPER_FNS } from '../../src/language/node-types.ts'

const prelude = `knob cut = 800 [100..4000]
step_seq hats = [x . x x]
piano_roll lead = [c4 e4 g4 _]
voice pluck(freq, gate) {
  out = osc(saw, freq) * gate
}
node clock = trig(beat * 4)
`

/// Labels offered at `|`, typed (not explicit) unless `explicit`.
function offered(doc: string, explicit = false): string[] {
  const pos = doc.indexOf('|')
  const state = EditorState.create({ doc: doc.replace('|', ''), extensions: patchLanguage })
  const result = patchCompletions(new CompletionContext(state, pos, explicit))
  if (!result) return []
  const typed = state.sliceDoc(result.from, pos)
  return result.options.map((o) => o.label).filter((l) => l.startsWith(typed))
}

describe('autocomplete', () => {
  it('offers filter for fil', () => {
    expect(offered(prelude + 'node f = fil|')).toContain('filter')
  })

  it('offers every node function and helper in an expression, with names in scope', () => {
    const all = offered(prelude + 'node f = |', true)
    expect(all).toEqual(expect.arrayContaining([...NODE_FNS, ...HELPER_FNS, 'cut', 'clock', 'beat']))
    // Sequencer rows and voices are not signals.
    expect(all).not.toContain('hats')
    expect(all).not.toContain('pluck')
  })

  it('offers modes as soon as a call with modes opens, before a letter is typed', () => {
    expect(offered(prelude + 'node a = osc(|')).toEqual(expect.arrayContaining(['sine', 'saw', 'square', 'tri']))
    expect(offered(prelude + 'node a = noise(|')).toEqual(['white', 'pink', 'color:'])
    expect(offered(prelude + 'node a = adsr(|')).toEqual([])
  })

  it('offers the modes of the argument being typed', () => {
    expect(offered(prelude + 'node a = osc(|', true)).toEqual(expect.arrayContaining(['sine', 'saw', 'square', 'tri']))
    expect(offered(prelude + 'node a = filter(|', true)).toEqual(expect.arrayContaining(['lp', 'hp', 'bp', 'notch']))
    expect(offered(prelude + 'node a = noise(color: |', true)).toEqual(['white', 'pink'])
  })

  it('offers voices, note sources and step sources where poly and seq take them', () => {
    expect(offered(prelude + 'node k = poly(|', true)).toContain('pluck')
    expect(offered(prelude + 'node k = poly(pluck, |', true)).toEqual(expect.arrayContaining(['lead', 'midi']))
    expect(offered(prelude + 'node k = seq(clock, |', true)).toEqual(expect.arrayContaining(['hats', 'lead']))
  })

  it('offers keyword arguments not yet given', () => {
    const kw = offered(prelude + 'node a = poly(pluck, lead, voices: 4, |', true)
    expect(kw).toEqual(expect.arrayContaining(['rate:', 'gate:']))
    expect(kw).not.toContain('voices:')
  })

  it('offers statements at a line start, and only node and out inside a voice', () => {
    expect(offered('|', true)).toEqual(expect.arrayContaining(['node', 'out', 'knob', 'fader', 'step_seq', 'piano_roll', 'voice', 'bpm']))
    expect(offered('voice v(freq) {\n  |\n}', true).sort()).toEqual(['node', 'out'])
  })

  it('offers a voice its parameters and nodes, not the main patch nodes', () => {
    const inside = offered('node main1 = 1\nvoice v(freq, gate) {\n  node e = gate\n  out = |\n}', true)
    expect(inside).toEqual(expect.arrayContaining(['freq', 'gate', 'e']))
    expect(inside).not.toContain('main1')
  })

  it('stays quiet in comments and where a new name is being written', () => {
    expect(offered('# fil|')).toEqual([])
    expect(offered('node fil|')).toEqual([])
  })
})
