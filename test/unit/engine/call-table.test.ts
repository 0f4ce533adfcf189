import { describe, expect, it } from 'vitest'
import { longText, p2Text, tapsText } from '../../../bench/patches.ts'
import { TABLE_FROM_CALLS, callWrappers, readableMain } from '../../../worklet/engine/call-table.ts'
import { generate } from '../../../worklet/engine/codegen.ts'
import type { Generated } from '../../../worklet/engine/generated.ts'
import { Engine } from '../../../worklet/engine/engine.ts'
import { WARM_TEXT } from '../../../worklet/engine/warm-patch.ts'
import { patchOf } from '../helpers/patch.ts'
import { differing, rms } from '../helpers/signal.ts'

function play(text: string, code: Generated, seconds: number): { L: Float32Array; R: Float32Array } {
  const e = new Engine(48000)
  const r = e.load(patchOf(text), code)
  expect(r.ok, r.error).toBe(true)
  const blocks = Math.round((seconds * 48000) / 128)
  const L = new Float32Array(blocks * 128), R = new Float32Array(blocks * 128)
  for (let b = 0; b < blocks; b++) e.process(L.subarray(b * 128, b * 128 + 128), R.subarray(b * 128, b * 128 + 128))
  expect(e.takeFaults()).toEqual([])
  return { L, R }
}

describe('main calls through the table', () => {
  it('a big main plays the samples of the same calls made directly, argument for argument', () => {
    // The 200-line bench patch (polys, banks, sequencers, controls, delays); the warm-up's patch,
    // whose feedback delay runs its loop in sub-blocks (those calls stay direct); forty oscillators.
    const calls = (main: string) => main.split('\n').filter((l) => /^ {2}[a-zA-Z]+\(/.test(l))
    for (const text of [longText(), WARM_TEXT, tapsText(40)]) {
      const code = generate(patchOf(text)), plain = generate(patchOf(text), { tableFrom: Infinity })
      expect(code.calls.length).toBeGreaterThan(0)
      expect(plain.calls).toEqual([])
      expect(code.main.length).toBeLessThan(plain.main.length * 0.75)
      // Written out, the tabled main makes the direct main's calls, the same text in the same order
      // (the direct main's locals spelt as readableMain spells them: t1 as T[1], d9 as B[0]).
      const locals = new Map([...plain.main.matchAll(/const ([td]\d+) = ([TB]\[\d+\]);/g)].map((m) => [m[1], m[2]]))
      for (const m of plain.main.matchAll(/const p\d+ = (PL\[\d+\]), (p\d+o) = /g)) locals.set(m[2], `${m[1]}.out`)
      const spelt = (l: string) => l.replace(/\b[tdp]\d+o?\b/g, (w) => locals.get(w) ?? w)
      expect(calls(readableMain(code)).map(spelt)).toEqual(calls(plain.main).map(spelt))
      // Runs of tabled calls are one statement each; written out, none is left.
      expect(code.main).toMatch(/^ {2}RUN\(C, 0, \d+\);$/m)
      expect(code.order.length).toBe(2 * calls(readableMain(code)).length - 2 * calls(code.main).filter((l) => !l.startsWith('  RUN(')).length)
      expect(readableMain(code)).not.toMatch(/\bRUN\(/)
      const a = play(text, code, 0.5), b = play(text, plain, 0.5), c = play(text, { ...code, main: readableMain(code) }, 0.5)
      expect(rms(a.L)).toBeGreaterThan(0.01)
      expect(differing(a.L, b.L)).toBe(0)
      expect(differing(a.R, b.R)).toBe(0)
      expect(differing(c.L, b.L)).toBe(0)
    }
  })

  it('a main whose filter quads carry a sum (P1) plays the same samples tabled as direct', async () => {
    const { patchText } = await import('../../../bench/patches.ts')
    const text = patchText('P1')
    const code = generate(patchOf(text), { tableFrom: 4 }), plain = generate(patchOf(text))
    expect(code.calls.length).toBeGreaterThan(0)
    expect(readableMain(code)).toMatch(/filterQuad\((?:[^,)]*, ){35}[^,)]*\)/) // the quads' sum arguments, through the table
    const a = play(text, code, 0.5), b = play(text, plain, 0.5)
    expect(rms(a.L)).toBeGreaterThan(0.01)
    expect(differing(a.L, b.L) + differing(a.R, b.R)).toBe(0)
  })

  it('a small main keeps its calls direct', () => {
    const code = generate(patchOf(p2Text()))
    expect(code.calls).toEqual([])
    expect(code.args.length).toBe(0)
    expect(code.main).toMatch(/filterNoiseBlock\(S, /)
    expect(code.main).not.toMatch(/\bC\./)
    // Past the threshold, tabled.
    const calls = (t: string) => readableMain(generate(patchOf(t))).match(/^ {2}[a-zA-Z]+Block\(|^ {2}v[A-Z][a-zA-Z]*\(/gm)?.length ?? 0
    expect(calls(tapsText(5))).toBeLessThan(TABLE_FROM_CALLS)
    expect(generate(patchOf(tapsText(5))).calls).toEqual([])
    expect(generate(patchOf(tapsText(10))).calls.length).toBeGreaterThan(0)
  })

  it('a pattern is made into code only from the runtime kernels and the fixed argument forms', () => {
    for (const bad of ['alert #', 'constructor #', '__proto__', 'vMul W # V x', 'vMul W #) V', 'vMul W # V # # # # lo hi;alert', 'SAW #']) {
      expect(() => callWrappers([bad]), bad).toThrow(RangeError)
    }
    expect(callWrappers(['vMul W # V # # # # lo hi'])[0]).toBeTypeOf('function')
    // Code with a bad pattern does not load, and the patch playing goes on.
    const text = tapsText(12)
    const e = new Engine(48000)
    expect(e.load(patchOf(text)).ok).toBe(true)
    const next = patchOf(tapsText(13)), code = generate(next)
    const r = e.load(next, { ...code, calls: ['alert #', ...code.calls.slice(1)] })
    expect(r.ok).toBe(false)
    expect(r.error).toMatch(/call table: no kernel "alert"/)
    // So does a call order naming a wrapper it does not have, or reading outside the argument table.
    const n = code.order.length
    for (const order of [Int32Array.of(...code.order.subarray(0, n - 2), code.calls.length, 0), Int32Array.of(...code.order.subarray(0, n - 1), code.args.length + 1), code.order.subarray(0, n - 1)]) {
      const bad = e.load(next, { ...code, order })
      expect(bad.ok).toBe(false)
      expect(bad.error).toMatch(/call table: (call \d+ is outside its tables|an odd call order)/)
    }
    const L = new Float32Array(128), R = new Float32Array(128)
    for (let b = 0; b < 20; b++) e.process(L, R)
    expect(rms(L)).toBeGreaterThan(0.01)
  })
})
