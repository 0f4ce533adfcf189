import { describe, expect, it } from 'vitest'
import { Engine } from '../../../worklet/engine/engine.ts'
import { patchOf, render } from '../helpers/patch.ts'
import { allFinite, peak, rms } from '../helpers/signal.ts'
import { vOut, vOutMono } from '../../../worklet/dsp/vector.ts'
import { DSP_MEMORY } from '../../../worklet/dsp/dsp-memory.ts'
import { takeRows } from '../../../worklet/engine/memory.ts'

/// The output sample the kernels must write for x: clipped to -1..1, 0 where x is not finite.
const outSample = (x: number) => (Number.isFinite(x) ? Math.fround(Math.max(-1, Math.min(1, x))) : 0)

describe('safety', () => {
  // Rows in the wasm memory take vOutMono's wasm pass (out-loops.ts); plain rows, its JS loops.
  for (const rows of ['plain rows', 'rows in the wasm memory']) it(`the output kernels clip every sample and mute each non-finite one, however many a block holds (${rows})`, () => {
    const n = 128, a = 0, b = 128, V = Float64Array.of(0.4, 3)
    const W = rows === 'plain rows' ? new Float64Array(256) : takeRows(256)
    expect(W.buffer === DSP_MEMORY.buffer).toBe(rows !== 'plain rows')
    let seed = 7
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 6 - 3
    const modes: ((x: number, y: number) => number)[] = [(x) => x, (x) => x * 0.4, (x, y) => (x + y) * 0.4, (x, y) => x + y * 0.4]
    for (const bad of [[], [5], [0, 127], [3, 3 + 128, 64], [100], [128 + 10]]) {
      for (let i = 0; i < 256; i++) W[i] = random()
      bad.forEach((i, j) => { W[i] = [NaN, Infinity, -Infinity][j % 3] })
      for (let mode = 0; mode < 4; mode++) {
        const L = new Float32Array(n).fill(9), R = new Float32Array(n).fill(9)
        const count = vOutMono(W, L, R, V, mode, a, b, 0, n)
        const want = Array.from({ length: n }, (_, i) => modes[mode](W[a + i], W[b + i]))
        expect(Array.from(L), `mode ${mode}, bad ${bad}`).toEqual(want.map(outSample))
        expect(Array.from(R)).toEqual(want.map(outSample))
        expect(count).toBe(2 * want.filter((x) => !Number.isFinite(x)).length)
      }
      const L = new Float32Array(n).fill(9), R = new Float32Array(n).fill(9)
      const count = vOut(W, L, R, V, a, 0, b, 0, n)
      expect(Array.from(L)).toEqual(Array.from(W.subarray(a, a + n), outSample))
      expect(Array.from(R)).toEqual(Array.from(W.subarray(b, b + n), outSample))
      expect(count).toBe(bad.length)
      // A constant right channel (3: clipped to 1).
      vOut(W, L, R, V, a, 0, -1, 1, n)
      expect(Array.from(R)).toEqual(new Array(n).fill(1))
    }
  })

  it("the mono output's wasm pass writes the JS loop's samples bit for bit, in every mode: -0, the clip's edges, values that round across them", () => {
    const n = 128, plain = new Float64Array(256), arena = takeRows(256), V = Float64Array.of(0.4, 1 / 3, -1)
    const edges = [0, -0, 1, -1, 1 + 2 ** -52, -1 - 2 ** -52, 1 - 2 ** -60, 3e-39, -3e-39, 1e-300, 0.1, -0.7, 2.5, -1e9]
    let seed = 3
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 3 - 1.5
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 256; i++) plain[i] = arena[i] = i % 3 === round % 3 ? edges[(i + round) % edges.length] : random()
      for (let mode = 0; mode < 4; mode++) for (const kVi of [0, 1, 2]) {
        const out = [plain, arena].map((W) => {
          const L = new Float32Array(n), R = new Float32Array(n)
          const count = vOutMono(W, L, R, V, mode, 0, 128, kVi, n)
          return { L, R, count }
        })
        for (let i = 0; i < n; i++) {
          expect(Object.is(out[1].L[i], out[0].L[i]), `mode ${mode}, k ${V[kVi]}, sample ${i}: ${out[1].L[i]} against ${out[0].L[i]}`).toBe(true)
          expect(Object.is(out[1].R[i], out[0].R[i])).toBe(true)
        }
        expect(out[1].count).toBe(out[0].count)
      }
    }
  })

  it('a non-finite node never reaches the output: it is muted, reset and reported', () => {
    // 0/0 for the first 2 samples of each period of a slow clock, then fine.
    const r = render('node bad = osc(sine, 200) / trig(50, duty: 0.99)\nnode f = filter(lp, bad, 1000)\nout = f * 0.1 + osc(sine, 330) * 0.2', { seconds: 1, record: ['f'] })
    expect(allFinite(r.left)).toBe(true)
    expect(r.faults.length).toBeGreaterThan(0)
    expect(r.faults.map((f) => f.node)).toContain('bad')
    expect(rms(r.left, 24000, 48000)).toBeGreaterThan(0.05) // the rest of the patch plays on
    expect(allFinite(r.nodes.f.subarray(24000))).toBe(false) // the bad part keeps faulting...
    expect(Number.isFinite(r.nodes.f[r.nodes.f.length - 1])).toBe(true) // ...and the filter is reset after each
  })

  it('hard-limits the output to [-1, 1]', () => {
    const r = render('out = osc(square, 100) * 5', { seconds: 0.1 })
    expect(peak(r.left)).toBe(1)
  })

  it('hard-limits the output through a rebuild\'s crossfade too, both channels', () => {
    const e = new Engine(48000)
    const L = new Float32Array(128), R = new Float32Array(128)
    e.load(patchOf('out = osc(square, 100) * 5, osc(saw, 150) * -4'))
    let top = 0, loud = 0
    for (let b = 0; b < 40; b++) {
      if (b === 10) e.load(patchOf('node x = osc(saw, 220) * 6\nout = x, -x')) // a new shape: crossfaded
      e.process(L, R)
      for (let i = 0; i < 128; i++) {
        top = Math.max(top, Math.abs(L[i]), Math.abs(R[i]))
        if (Math.abs(L[i]) === 1) loud++
      }
    }
    expect(top).toBe(1)
    expect(loud).toBeGreaterThan(1000) // clipped hard, not silenced
  })

  it('an exception in generated code falls back to the last good patch', () => {
    const e = new Engine(48000)
    const L = new Float32Array(128), R = new Float32Array(128)
    e.load(patchOf('out = osc(sine, 440) * 0.5'))
    e.process(L, R)
    e.load(patchOf('node x = osc(saw, 220)\nout = x * 0.5'))
    // Sabotage the new program's generated function, as a bug in generated code would.
    const prog = (e as unknown as { prog: { main: () => number } }).prog
    prog.main = () => { throw new TypeError('boom') }
    e.process(L, R)
    const faults = e.takeFaults()
    expect(faults.length).toBe(1)
    expect(faults[0].message).toMatch(/boom.*last good patch/)
    for (let i = 0; i < 10; i++) e.process(L, R)
    expect(peak(L)).toBeGreaterThan(0.4) // the sine plays on
    expect(e.patch?.main.nodes.length).toBe(0)
  })

  it('a patch the engine cannot build keeps the old one playing', () => {
    const e = new Engine(48000)
    e.load(patchOf('out = osc(sine, 440) * 0.5'))
    const broken = patchOf('node x = osc(saw, 220)\nout = x')
    broken.main.units[0].mode = 'wobble'
    const r = e.load(broken)
    expect(r.ok).toBe(false)
    const L = new Float32Array(128), R = new Float32Array(128)
    for (let i = 0; i < 4; i++) e.process(L, R)
    expect(peak(L)).toBeGreaterThan(0.3)
  })

  it('knobs glide instead of zippering', () => {
    const e = new Engine(48000)
    e.load(patchOf('knob lvl = 0 [0..1]\nout = lvl'))
    const L = new Float32Array(4800), R = new Float32Array(4800)
    e.setControl('lvl', 1)
    e.process(L, R)
    expect(L[0]).toBeLessThan(0.01)
    let step = 0
    for (let i = 1; i < L.length; i++) step = Math.max(step, L[i] - L[i - 1])
    expect(step).toBeLessThan(0.01)
    expect(L[L.length - 1]).toBeGreaterThan(0.99) // there within 100 ms
  })

  it('a voice that goes non-finite is reset on its own; the other voices and the sequence play on', () => {
    // The note a4 divides by (freq - 440): infinite; c4 and e4 are fine.
    const text = 'voice v(freq, gate) {\n  out = filter(lp, osc(saw, freq) * 100 / (freq - 440), 2000) * gate\n}\nnode k = poly(v, [c4+e4+a4 c4+e4], rate: 2, gate: 1)\nout = k * 0.1'
    const r = render(text, { seconds: 1.2, record: ['k'] })
    expect(allFinite(r.left)).toBe(true)
    expect(r.faults.some((f) => f.node === 'k' && /voice/.test(f.message))).toBe(true)
    expect(rms(r.nodes.k, 0, 24000)).toBeGreaterThan(0.05) // c4 and e4 sound through the bad note
    expect(rms(r.nodes.k, 24000, 48000)).toBeGreaterThan(0.05)
    expect(allFinite(r.nodes.k)).toBe(true)
    expect(r.faults.some((f) => f.node === 'k' && /not a finite number \(a division/.test(f.message))).toBe(false)
  })
})
