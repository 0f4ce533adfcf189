import { describe, expect, it } from 'vitest'
import { compile } from '../../../src/language/compile.ts'
import { Engine } from '../../../worklet/engine/engine.ts'
import type { Program } from '../../../worklet/engine/program.ts'
import { BLOCK } from '../../../worklet/engine/poly.ts'
import { examplePatches } from '../helpers/examples.ts'
import { rng } from '../helpers/mutate.ts'

/// The text with some of its numbers and notes changed (units kept): an edit that keeps the shape,
/// as a knob's gesture, a typed tempo or a step list's new notes are.
function renumber(text: string, random: () => number): string {
  return text
    .replace(/(?<![\w.#])(\d+(?:\.\d+)?)(?=ms\b|s\b|hz\b|[^\w.]|$)/gm, (m) =>
      random() < 0.3 ? String(Math.max(0.001, Number(m) * (0.5 + random()))) : m)
    // Notes an octave up or down (`c2` -> `c3`), in step lists and as values.
    .replace(/\b([a-g][#b]?)([1-7])\b/g, (m, name: string, octave: string) =>
      random() < 0.3 ? `${name}${Number(octave) + (random() < 0.5 ? -1 : 1)}` : m)
}

/// What a program plays from, besides its state: the patch's values (V's later slots are the code's
/// scratch, such as the frequencies a voice's oscillators last ran at), step tables, controls,
/// tempo. (Delay lines are compared apart: an edit that shortens a delay keeps its longer line.)
function data(p: Program) {
  return JSON.stringify({ V: Array.from(p.V.subarray(0, p.patch.values.length)), T: p.T, target: Array.from(p.target), bpm: p.P[0] })
}

describe('a values-only edit', () => {
  it('leaves every example playing from the data a fresh load of the edited text gives', () => {
    let checked = 0
    for (const [file, text] of examplePatches()) {
      const before = compile(text).patch!
      expect(before, file).not.toBeNull()
      const random = rng(file.length * 7919)
      for (let k = 0; k < 6; k++) {
        const after = compile(renumber(text, random)).patch
        if (!after || after.shapeKey !== before.shapeKey) continue
        const L = new Float32Array(BLOCK), R = new Float32Array(BLOCK)
        const edited = new Engine(48000), fresh = new Engine(48000)
        edited.load(before)
        for (let b = 0; b < 20; b++) edited.process(L, R)
        expect(edited.load(after).rebuilt, file).toBe(false)
        fresh.load(after)
        edited.process(L, R)
        fresh.process(L, R)
        const prog = (e: Engine) => (e as unknown as { prog: Program }).prog
        expect(data(prog(edited)), `${file}, edit ${k}`).toBe(data(prog(fresh)))
        prog(fresh).buffers.forEach((b, i) => expect(prog(edited).buffers[i].length).toBeGreaterThanOrEqual(b.length))
        checked++
        edited.dispose()
        fresh.dispose()
      }
    }
    expect(checked).toBeGreaterThan(examplePatches().size * 2)
  })
})
