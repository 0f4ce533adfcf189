/// A knob moved by MIDI or the mouse (`control` messages) keeps its place when the patch is
/// reloaded with its written value unchanged — another knob's gesture being written, a MIDI learn
/// adding `cc N` — and follows the text when the text changes it (undo, typing).

import { describe, expect, it } from 'vitest'
import { Engine } from '../../../worklet/engine/engine.ts'
import { patchOf } from '../helpers/patch.ts'

const SR = 48000

/// The output after `seconds` (long enough for the control glide to settle).
function settle(e: Engine, seconds = 0.3): number {
  const L = new Float32Array(Math.round(seconds * SR))
  e.process(L, new Float32Array(L.length))
  return L[L.length - 1]
}

const text = (a: number, b: number, more = '') => `fader a = ${a} [0..1]\nfader b = ${b} [0..1]\n${more}out = b + a * 0\n`

describe('controls across reloads', () => {
  it('a values-only reload moves only the controls whose written value changed', () => {
    const e = new Engine(SR)
    e.load(patchOf(text(0.5, 0.2)))
    expect(settle(e)).toBeCloseTo(0.2, 4)
    e.setControl('b', 1)
    expect(settle(e)).toBeCloseTo(1, 4)
    e.load(patchOf(text(0, 0.2))) // a's gesture written; b still turning
    expect(settle(e)).toBeCloseTo(1, 4)
    e.load(patchOf(text(0, 0.2).replace('[0..1]\nout', '[0..1] cc 2\nout'))) // a learn writes cc 2
    expect(settle(e)).toBeCloseTo(1, 4)
    e.load(patchOf(text(0, 0.7))) // the text changes b (undo, typing): the text wins
    expect(settle(e)).toBeCloseTo(0.7, 4)
  })

  it('a rebuild does the same', () => {
    const e = new Engine(SR)
    e.load(patchOf(text(0.5, 0.2)))
    e.setControl('b', 0.9)
    expect(settle(e)).toBeCloseTo(0.9, 4)
    e.load(patchOf(text(0.5, 0.2, 'node x = osc(sine, 1)\n').replace('out = b + a * 0', 'out = b + a * 0 + x * 0')))
    expect(settle(e)).toBeCloseTo(0.9, 4)
    e.load(patchOf(text(0.5, 0.4, 'node y = noise()\n').replace('out = b + a * 0', 'out = b + a * 0 + y * 0')))
    expect(settle(e)).toBeCloseTo(0.4, 4)
  })
})
