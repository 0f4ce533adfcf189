import { serialize } from 'node:v8'
import { describe, expect, it } from 'vitest'
import { compile } from '../../../src/language/compile.ts'
import { generate } from '../../../worklet/engine/codegen.ts'
import { Engine } from '../../../worklet/engine/engine.ts'
import { BLOCK } from '../../../worklet/engine/poly.ts'
import { patchMessage } from '../../../worklet/protocol.ts'
import type { CompiledPatch } from '../../../src/language/patch-data.ts'
import { examplePatches } from '../helpers/examples.ts'
import { differing, rms } from '../helpers/signal.ts'

const EXAMPLES = [...examplePatches()]

/// Plays `blocks` blocks of each message in turn (a copy, as a port delivers it); the left channel.
function play(messages: { patch: CompiledPatch; code?: ReturnType<typeof generate> }[], blocks: number): Float32Array {
  const e = new Engine(48000)
  const out = new Float32Array(messages.length * blocks * BLOCK)
  let b = 0
  for (const m of messages) {
    const copy = structuredClone(m)
    expect(e.load(copy.patch, copy.code).ok).toBe(true)
    for (let k = 0; k < blocks; k++, b++) e.process(out.subarray(b * BLOCK, (b + 1) * BLOCK), new Float32Array(BLOCK))
  }
  e.dispose()
  return out
}

describe('the patch message', () => {
  it('with its code, carries a lean patch that plays every example exactly as the whole one, through shape and values edits', () => {
    const patches = EXAMPLES.map(([, text]) => compile(text).patch!)
    // Each example, then a values-only edit of it (a whole patch, no code), then the next example.
    const whole: { patch: CompiledPatch; code?: ReturnType<typeof generate> }[] = []
    const lean: typeof whole = []
    for (const p of patches) {
      const code = generate(p)
      const edited = { ...p, values: p.values.map((v, i) => (i % 3 === 0 ? v * 0.9 : v)) }
      whole.push({ patch: p, code }, { patch: edited })
      const m = patchMessage(p, code)
      if (m.type !== 'patch') throw new Error('not a patch message')
      expect(m.patch.main.nodes).toEqual([])
      lean.push({ patch: m.patch, code: m.code }, { patch: edited })
      expect(patchMessage(edited, null)).toEqual({ type: 'patch', patch: edited })
    }
    const a = play(whole, 40), b = play(lean, 40)
    expect(rms(a)).toBeGreaterThan(0.01)
    expect(differing(a, b)).toBe(0)
  })

  it('is much smaller lean, and a lean patch without its code is refused while the playing one goes on', () => {
    const [name, text] = EXAMPLES.reduce((x, y) => (y[1].length > x[1].length ? y : x))
    const p = compile(text).patch!
    const code = generate(p)
    const m = patchMessage(p, code)
    if (m.type !== 'patch') throw new Error('not a patch message')
    expect(serialize(m.patch).length, name).toBeLessThan(serialize(p).length * 0.8)
    const e = new Engine(48000)
    e.load(compile('out = osc(sine, 440) * 0.3').patch!)
    const L = new Float32Array(BLOCK), R = new Float32Array(BLOCK)
    e.process(L, R)
    const r = e.load(m.patch)
    expect(r.ok).toBe(false)
    e.process(L, R)
    expect(rms(L)).toBeGreaterThan(0.1)
    expect(e.takeFaults().some((f) => /could not be loaded/.test(f.message))).toBe(true)
  })
})
