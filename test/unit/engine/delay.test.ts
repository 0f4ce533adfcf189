import { describe, expect, it } from 'vitest'
import { DELAY_INIT, delayBlock, delayLength, delayRead, delayWrite } from '../../../worklet/dsp/delay.ts'
import { DSP_MEMORY } from '../../../worklet/dsp/dsp-memory.ts'
import { takeLine, takeRows } from '../../../worklet/engine/memory.ts'
import { buildProgram } from '../../../worklet/engine/program.ts'
import { patchOf, render } from '../helpers/patch.ts'
import { allFinite, rms } from '../helpers/signal.ts'

describe('delay', () => {
  it('an impulse echoes at the set time to the sample, each echo scaled by the feedback', () => {
    // trig at 0.1 Hz with a duty under one sample: a single 1 at time 0.
    const r = render('node imp = trig(0.1, duty: 0.000001)\nnode echo = delay(imp, 0.25, 0.6)\nout = echo * 0.5', { seconds: 1.1, record: ['echo', 'imp'] })
    const e = r.nodes.echo
    expect(r.nodes.imp.reduce((s, x) => s + x, 0)).toBe(1)
    const nonzero = [...e.keys()].filter((i) => Math.abs(e[i]) > 1e-9)
    expect(nonzero).toEqual([12000, 24000, 36000, 48000])
    expect(e[12000]).toBeCloseTo(1, 6)
    expect(e[24000]).toBeCloseTo(0.6, 6)
    expect(e[36000]).toBeCloseTo(0.36, 6)
    expect(e[48000]).toBeCloseTo(0.216, 6)
  })

  it('the block kernel gives the per-sample read and write exactly, constant time and feedback or rows', () => {
    const SR = 48000, P = Float64Array.of(2, SR, 1 / SR, 0)
    let mismatches = 0, loud = 0
    // Whole and fractional times, one shorter than a block, one past the line (clamped), one NaN
    // (one sample back); then the same with time and feedback as rows. A NaN and an infinity in the input.
    for (const seconds of [0.375, 0.0012345, 0.00005, 2, NaN]) {
      for (const rows of [false, true]) {
        const len = delayLength(1, SR)
        const buf = new Float32Array(len), ref = new Float32Array(len)
        const S = new Float64Array(DELAY_INIT), R = new Float64Array(DELAY_INIT)
        const V = Float64Array.of(seconds, 0.45), W = new Float64Array(4 * 128)
        for (let b = 0; b < 400; b++) {
          for (let i = 0; i < 128; i++) {
            const k = b * 128 + i
            W[i] = k === 3000 ? NaN : k === 5000 ? Infinity : Math.sin(k * 0.01) * (k % 4000 < 2000 ? 1 : 0)
            W[128 + i] = seconds
            W[256 + i] = 0.45
          }
          if (rows) delayBlock(buf, S, 0, W, 384, 0, 128, V, 0, 0, 128, 0, 256, 0, P)
          else delayBlock(buf, S, 0, W, 384, 0, 128, V, 0, 0, -1, 0, -1, 1, P)
          for (let i = 0; i < 128; i++) {
            const y = delayRead(ref, R, 0, seconds, 0.45, SR)
            delayWrite(ref, R, 0, W[i])
            if (W[384 + i] !== y) mismatches++
          }
          if (rms(W.subarray(384, 512)) > 0.01) loud++
        }
        for (let j = 0; j < 3; j++) if (S[j] !== R[j]) mismatches++
        for (let j = 0; j < len; j++) if (buf[j] !== ref[j]) mismatches++
      }
    }
    expect(loud).toBeGreaterThan(1000)
    expect(mismatches).toBe(0)
  })

  it('a time a hair over a whole number of samples reads position 0 where the read position rounds up to the end', () => {
    // 0.34 s at 48 kHz is 16320.000000000002 samples: at write position 16320 the read position is
    // -1.8e-12, which plus the line's length (16451: 0.34 s, 2, a block) rounds to exactly the
    // length. Read there, the line gave undefined, the echo NaN, and the engine muted it as a fault
    // every 0.34 s. Now it reads position 0, a sample from 0.34 s before, as every other sample.
    const r = render('node tone = osc(sine, 220)\nnode echo = delay(tone, 0.34, 0.3)\nout = echo * 0.5', { seconds: 1.2, record: ['echo', 'tone'] })
    expect(r.faults).toEqual([])
    expect(allFinite(r.nodes.echo)).toBe(true)
    // The echo's first pass is the tone 16320 samples late, to the precision of the read's
    // interpolation weight (2e-12), through the wrap at 16451 and the rounding at 16320 + 16451.
    const { echo, tone } = r.nodes
    let worst = 0
    for (let i = 16320; i < 2 * 16320; i++) worst = Math.max(worst, Math.abs(echo[i] - tone[i - 16320]))
    expect(worst).toBeLessThan(1e-6)
    expect(rms(echo, 16320, 2 * 16320)).toBeGreaterThan(0.5)
  })

  it('every delay time from 1 to 400 ms, in 1 ms steps, plays a pass of its line with no fault and every sample finite', () => {
    // Before the fix above, eleven of these (9, 21, 42, 84, 85, 168-170 and 339-341 ms) read past
    // the line's end once a pass and were muted as faults.
    const failed: string[] = []
    for (let ms = 1; ms <= 400; ms++) {
      const r = render(`node echo = delay(osc(sine, 220), ${ms}ms, 0.3)\nout = echo * 0.5`, { seconds: ms / 1000 + 0.01, record: ['echo'] })
      if (r.faults.length > 0 || !allFinite(r.nodes.echo)) failed.push(`${ms} ms`)
    }
    expect(failed).toEqual([])
  })

  it('a fault or a vanished echo never stays in the line: infinities, NaN and values under 1e-15 are written as 0', () => {
    const SR = 48000, P = Float64Array.of(2, SR, 1 / SR, 0)
    const V = Float64Array.of(10 / SR, 0.5), W = new Float64Array(2 * 128)
    const buf = new Float32Array(delayLength(0.01, SR)), S = new Float64Array(DELAY_INIT)
    const out: number[] = []
    for (let b = 0; b < 8; b++) {
      W.fill(0, 0, 128)
      if (b === 0) [W[0], W[1], W[2], W[3]] = [Infinity, NaN, 1e-20, 0.5]
      delayBlock(buf, S, 0, W, 128, 0, 128, V, 0, 0, -1, 0, -1, 1, P)
      out.push(...W.subarray(128, 256))
    }
    // Ten samples back, each echo half the last: 0.5 at 13, 0.25 at 23, ...; the 50th (8.9e-16)
    // is written as 0, and so is every later one. The infinity, NaN and 1e-20 never come back.
    const expected = out.map((_, i) => (i >= 13 && (i - 3) % 10 === 0 && (i - 3) / 10 < 50 ? 0.5 ** ((i - 3) / 10) : 0))
    expect(out).toEqual(expected)
    expect(buf.every((x) => x === 0)).toBe(true)
  })

  it("the echo's wasm loop (a line and rows in the wasm memory) gives the JS loop's samples bit for bit: any whole delay, odd runs, wraps, faults", () => {
    const SR = 48000, P = Float64Array.of(2, SR, 1 / SR, 0)
    let seed = 11
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) | 0) >>> 0) / 2 ** 32
    // Delays of 2 and 3 samples (a pair's reads trail its writes by the least the loop allows),
    // under a block, a block and over; lines a little longer, so runs end at odd wraps.
    for (const delaySamples of [2, 3, 5, 127, 128, 129, 300]) {
      const len = delaySamples + 3 + (delaySamples % 7)
      const V = Float64Array.of(delaySamples / SR, 0.3 + 0.6 * rnd())
      const plain = { buf: new Float32Array(len), W: new Float64Array(3 * 128), S: new Float64Array(DELAY_INIT) }
      const arena = { buf: takeLine(len), W: takeRows(3 * 128), S: new Float64Array(DELAY_INIT) }
      expect(arena.buf.buffer).toBe(DSP_MEMORY.buffer)
      for (let b = 0; b < 12; b++) {
        // Spans of odd and even lengths, as a block split by events would give.
        const lo = b % 3 === 1 ? 5 : 0, hi = b % 4 === 2 ? 127 : 128
        for (let i = 0; i < 128; i++) {
          const u = rnd()
          plain.W[i] = arena.W[i] = u < 0.02 ? [Infinity, -Infinity, NaN, 1e-16, -3e-20][Math.floor(u * 250)] : (rnd() - 0.5) * 2
        }
        for (const v of [plain, arena]) delayBlock(v.buf, v.S, 0, v.W, 128, lo, hi, V, 0, 0, -1, 0, -1, 1, P)
        for (let i = lo; i < hi; i++) expect(Object.is(arena.W[128 + i], plain.W[128 + i]), `delay ${delaySamples}, block ${b}, sample ${i}`).toBe(true)
        expect([...arena.buf]).toEqual([...plain.buf])
        expect([...arena.S]).toEqual([...plain.S])
      }
    }
  })

  it('a loop through a delay renders: a node fed back into itself', () => {
    const text = [
      'node hit  = trig(2, duty: 0.01)',
      'node loop = filter(bp, noise(), 800, 4) * adsr(hit, 1ms, 20ms, 0, 5ms) + delay(loop, 0.1) * 0.7',
      'out = loop * 0.5',
    ].join('\n')
    const r = render(text, { seconds: 2, record: ['loop'] })
    expect(allFinite(r.left)).toBe(true)
    expect(r.faults).toEqual([])
    // Energy keeps coming back every 100 ms after each 25 ms burst.
    const burst = rms(r.nodes.loop, 0, 1200)
    const echo1 = rms(r.nodes.loop, 4800, 6000)
    const echo3 = rms(r.nodes.loop, 14400, 15600)
    expect(burst).toBeGreaterThan(0.01)
    expect(echo1 / burst).toBeGreaterThan(0.5)
    expect(echo1 / burst).toBeLessThan(0.9)
    expect(echo3 / echo1).toBeGreaterThan(0.3)
    expect(rms(r.nodes.loop, 2400, 4800)).toBeLessThan(burst * 0.01) // silence between echoes
  })

  it('a delay with a number for its time holds only that long; lengthening it by a number edit keeps what the line holds', () => {
    const p = buildProgram(patchOf('node imp = trig(1, duty: 0.000001)\nout = delay(imp, 0.1)'), 48000)
    expect(p.buffers.map((b) => b.length)).toEqual([4802 + 128])
    expect(buildProgram(patchOf('node t = osc(sine, 1) * 0.1 + 0.2\nout = delay(noise(), t)'), 48000).buffers[0].length).toBe(4 * 48000 + 2)
    // Impulses at 0, 1, 2 s; 50 ms after the one at 1 s the time goes from 0.1 to 1.5 s (values
    // only: no rebuild). The impulse of 1 s, in the line when it grew, comes out at 2.5 s.
    const text = (t: number) => `node imp = trig(1, duty: 0.000001)\nnode echo = delay(imp, ${t})\nout = echo * 0.5`
    const r = render(text(0.1), { seconds: 3.2, record: ['echo'], swap: { patch: patchOf(text(1.5)), at: 1.05 } })
    expect(r.loads[1].rebuilt).toBe(false)
    const e = r.nodes.echo
    const hits = [...e.keys()].filter((i) => Math.abs(e[i]) > 1e-9)
    expect(hits).toEqual([4800, 120000])
  })
})

