import { TapStore } from '../../../src/editor/tap-store.ts'
import { describe, expect, it } from 'vitest'
import { Engine, TAP_DECIMATION, TAP_POINTS } from '../../../worklet/engine/engine.ts'
import { patchOf } from '../helpers/patch.ts'

const run = (e: Engine, seconds: number) => {
  const L = new Float32Array(128), R = new Float32Array(128)
  for (let b = 0; b < (seconds * 48000) / 128; b++) e.process(L, R)
}

describe('what the page sees', () => {
  it('taps: each tapped node\'s recent signal, downsampled, oldest first, and its latest value', () => {
    const e = new Engine(48000)
    e.load(patchOf('node fast = osc(sine, 40)\nnode slow = osc(sine, 0.5)\nout = fast * 0.1'))
    e.setTaps(['fast', 'slow'])
    run(e, 0.1) // 38 blocks: 4864 frames
    const f = e.taps()
    expect(Object.keys(f.signals).sort()).toEqual(['fast', 'slow'])
    const x = f.signals.fast
    expect(x.length).toBe(TAP_POINTS)
    // Point j is frame 4856 - 8 * (255 - j): every 8th frame, the newest last.
    for (let j = 0; j < TAP_POINTS; j++) {
      const frame = 4856 - TAP_DECIMATION * (TAP_POINTS - 1 - j)
      expect(x[j]).toBeCloseTo(Math.sin((2 * Math.PI * 40 * frame) / 48000), 4)
    }
    expect(f.values.slow).toBeCloseTo(Math.sin((2 * Math.PI * 0.5 * 4863) / 48000), 4)
    e.setTaps([])
    expect(e.taps().signals).toEqual({})
  })

  it('taps follow their nodes when the set of taps changes and when a reload moves the nodes', () => {
    // Each node a constant of its own, so a tap that read another node's row would show it.
    const e = new Engine(48000)
    e.load(patchOf('node a = 0.25\nnode b = 0.5\nnode c = 0.75\nout = (a + b + c) * 0.1'))
    e.setTaps(['a', 'b'])
    run(e, 0.01)
    expect(e.taps().values).toEqual({ a: 0.25, b: 0.5 })
    e.setTaps(['c', 'b']) // the same program, another list: c where a was
    run(e, 0.01)
    expect(e.taps().values).toEqual({ c: 0.75, b: 0.5 })
    // A new shape puts the nodes at other rows (and drops b): each tap still reads its own node.
    e.load(patchOf('node z = 0.125\nnode c = 0.75\nout = (z + c) * 0.1'))
    run(e, 0.1) // past the crossfade
    const f = e.taps()
    expect(f.values.c).toBe(0.75)
    expect([...f.signals.c.subarray(TAP_POINTS - 10)].every((x) => x === 0.75)).toBe(true)
  })

  it('tap arrays handed back are filled again, and the page\'s store hands back only arrays a newer frame replaced', () => {
    const e = new Engine(48000)
    e.load(patchOf('node fast = osc(sine, 40)\nnode slow = osc(sine, 0.5)\nout = fast * 0.1'))
    e.setTaps(['fast', 'slow'])
    run(e, 0.1)
    const store = new TapStore()
    const first = e.taps()
    store.push(first)
    expect(store.takeReplaced()).toEqual([]) // nothing replaced yet: the store draws these
    run(e, 0.05)
    const second = e.taps()
    store.push(second)
    const back = store.takeReplaced()
    expect(back.length).toBe(2)
    expect(new Set(back)).toEqual(new Set([first.signals.fast, first.signals.slow]))
    // The engine fills those same arrays for its next frame, with what new arrays would hold (the
    // worklet transfers them, so the page's hold on them is gone by then).
    run(e, 0.05)
    const fresh = e.taps() // no arrays handed back yet: new ones
    const want = { fast: fresh.signals.fast.slice(), slow: fresh.signals.slow.slice() }
    e.reuseTapArrays([...back, new Float32Array(3)]) // one of another length is dropped
    const again = e.taps() // nothing rendered in between: the same signals
    expect(back).toContain(again.signals.fast)
    expect(back).toContain(again.signals.slow)
    expect(again.signals.fast).not.toBe(again.signals.slow)
    expect([...again.signals.fast]).toEqual([...want.fast])
    expect([...again.signals.slow]).toEqual([...want.slow])
  })

  it('steps: the playhead of each seq and poly driven by a step_seq or piano_roll', () => {
    const e = new Engine(48000)
    e.load(patchOf('step_seq hats = [x . x x]\npiano_roll mel = [c4 d4 e4]\nvoice v(freq, gate) {\n  out = osc(sine, freq) * gate\n}\nnode h = seq(trig(8), hats)\nnode m = poly(v, mel, rate: 2)\nout = h * 0.1 + m * 0.1'))
    expect(e.steps()).toEqual({ hats: -1, mel: -1 })
    run(e, 0.01)
    expect(e.steps()).toEqual({ hats: 0, mel: 0 })
    run(e, 0.6) // 0.61 s: the 5th clock (step 4 % 4 = 0) and the 2nd poly step
    expect(e.steps()).toEqual({ hats: 0, mel: 1 })
  })

  it('stats: voices sounding and a load figure', () => {
    const e = new Engine(48000)
    e.load(patchOf('voice v(freq, gate) {\n  out = osc(saw, freq) * adsr(gate, 1ms, 10ms, 0.5, 10ms)\n}\nnode m = poly(v, [c4+e4+g4 .], rate: 2)\nout = m * 0.1'))
    run(e, 0.1)
    const s = e.stats()
    expect(s.voices).toBe(3)
    expect(s.load).toBeGreaterThan(0)
    run(e, 0.8) // released at 0.25 s and silent since (the next bar starts at 1 s): the voices sleep
    expect(e.stats().voices).toBe(0)
  })
})
