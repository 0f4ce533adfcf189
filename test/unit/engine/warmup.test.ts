import { readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { compile } from '../../../src/language/compile.ts'
import { WARM_PATCH, WARM_SHAPES, WARM_SHAPE_TEXTS, WARM_TEXT } from '../../../worklet/engine/warm-patch.ts'
import { warmEngine, warmKernels, warmScope } from '../../../worklet/engine/warmup.ts'
import { render } from '../helpers/patch.ts'
import { differing, rms } from '../helpers/signal.ts'

const WARM_FILE = new URL('../../../worklet/engine/warm-patch.ts', import.meta.url)

describe('warm-up', () => {
  it('changes no sound: a patch renders the same samples before and after the kernels and the engine warm up', () => {
    const text = readFileSync(new URL('../../../patches/plucked-string.patch', import.meta.url), 'utf8')
    const before = render(text, { seconds: 2 })
    warmKernels(48000, 20)
    warmEngine(48000, 50)
    const after = render(text, { seconds: 2 })
    expect(rms(before.left)).toBeGreaterThan(0.01)
    expect(differing(before.left, after.left) + differing(before.right, after.right)).toBe(0)
  })

  it('warms a worklet scope once (a second processor finds it done) and changes no sound', () => {
    const text = readFileSync(new URL('../../../patches/plucked-string.patch', import.meta.url), 'utf8')
    const before = render(text, { seconds: 1 })
    const first = warmScope(48000)
    // The second call reports the first's figure: it did not warm again.
    expect(warmScope(48000)).toBe(first)
    const after = render(text, { seconds: 1 })
    expect(rms(after.left)).toBeGreaterThan(0.01)
    expect(after.left).toEqual(before.left)
    expect(after.right).toEqual(before.right)
  })

  it('the engine warm-up plays what the compiler makes of its text today (UPDATE_WARM_PATCH=1 rewrites it)', () => {
    const r = compile(WARM_TEXT)
    expect(r.diagnostics).toEqual([])
    if (process.env.UPDATE_WARM_PATCH) {
      const file = readFileSync(WARM_FILE, 'utf8')
      writeFileSync(WARM_FILE, file.replace(/export const WARM_PATCH: CompiledPatch = .*\n/, `export const WARM_PATCH: CompiledPatch = ${JSON.stringify(r.patch)}\n`))
    }
    expect(WARM_PATCH).toEqual(r.patch)
    const shapes = WARM_SHAPE_TEXTS.map((t) => {
      const c = compile(t)
      expect(c.diagnostics).toEqual([])
      return c.patch
    })
    if (process.env.UPDATE_WARM_PATCH) {
      const file = readFileSync(WARM_FILE, 'utf8')
      writeFileSync(WARM_FILE, file.replace(/export const WARM_SHAPES: CompiledPatch\[\] = .*\n/, `export const WARM_SHAPES: CompiledPatch[] = ${JSON.stringify(shapes)}\n`))
    }
    expect(WARM_SHAPES).toEqual(shapes)
    // Programs of other layouts: without voices, with voices of their own, with a delay.
    expect(WARM_SHAPES.filter((p) => p.voices.length === 0)).not.toEqual([])
    expect(new Set(WARM_SHAPES.flatMap((p) => p.voices.map((v) => JSON.stringify(v.units.map((u) => u.fn))))).size).toBeGreaterThanOrEqual(3)
    // It reaches every node function and a voice.
    const fns = new Set([...WARM_PATCH.voices, WARM_PATCH.main].flatMap((s) => s.units.map((u) => u.fn)))
    expect([...fns].sort()).toEqual(['adsr', 'delay', 'filter', 'noise', 'osc', 'poly', 'seq', 'trig'])
  })
})
