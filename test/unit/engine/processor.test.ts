import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { FromEngine, ToEngine } from '../../../worklet/protocol.ts'
import { patchOf } from '../helpers/patch.ts'

// The AudioWorkletGlobalScope, reduced to what processor.ts uses: the base class with a port,
// registerProcessor and sampleRate. The processor then runs in Node as it would in the worklet.
interface FakePort {
  onmessage: ((e: { data: ToEngine }) => void) | null
  sent: FromEngine[]
  postMessage(msg: FromEngine): void
}
type ProcessorCtor = new () => { port: FakePort; process(i: Float32Array[][], o: Float32Array[][]): boolean }
const registered: Record<string, ProcessorCtor> = {}
const g = globalThis as Record<string, unknown>

beforeAll(async () => {
  g.sampleRate = 48000
  g.AudioWorkletProcessor = class {
    port: FakePort = { onmessage: null, sent: [], postMessage(msg) { this.sent.push(msg) } }
  }
  g.registerProcessor = (name: string, ctor: ProcessorCtor) => { registered[name] = ctor }
  // Through a variable, so that the main tsconfig (DOM types) does not type-check the processor;
  // tsconfig.worklet.json does, with the AudioWorklet's types.
  const path = '../../../worklet/processor.ts'
  await import(/* @vite-ignore */ path)
})
// The wall clock the processor paces its messages by, moved by hand: `clock.ms` is Date.now().
const clock = { ms: 1e12 }
const BLOCK_MS = (128 / 48000) * 1000
/// `blocks` blocks of `proc`, the clock advancing `msPerBlock` with each (realtime: BLOCK_MS).
function run(proc: InstanceType<ProcessorCtor>, out: Float32Array[], blocks: number, msPerBlock = BLOCK_MS): void {
  for (let b = 0; b < blocks; b++) {
    expect(proc.process([], [out])).toBe(true)
    clock.ms += msPerBlock
  }
}
afterEach(() => { vi.restoreAllMocks() })

afterAll(() => {
  delete g.AudioWorkletProcessor
  delete g.registerProcessor
  delete g.sampleRate
})

describe('worklet processor', () => {
  it("registers 'tapline' and speaks the protocol: patch, control, taps in; loaded, taps, steps, stats, faults out", () => {
    const P = registered.tapline
    expect(P).toBeDefined()
    vi.spyOn(Date, 'now').mockImplementation(() => Math.floor(clock.ms))
    const proc = new P()
    const send = (msg: ToEngine) => proc.port.onmessage!({ data: msg })
    const text = 'knob lvl = 0.5 [0..1]\nstep_seq s = [x . x .]\nnode o = osc(sine, 440)\nnode g = seq(trig(8), s)\nout = o * lvl * g'
    send({ type: 'patch', patch: patchOf(text) })
    send({ type: 'patch', patch: patchOf(text.replace('0.5 [', '0.25 [')) })
    send({ type: 'taps', nodes: ['o'] })
    send({ type: 'control', name: 'lvl', value: 1 })
    const out = [new Float32Array(128), new Float32Array(128)]
    let peak = 0
    for (let b = 0; b < 400; b++) {
      run(proc, out, 1)
      for (const x of out[0]) peak = Math.max(peak, Math.abs(x))
    }
    const sent = proc.port.sent
    const loaded = sent.filter((m) => m.type === 'loaded')
    expect(loaded.map((m) => m.type === 'loaded' && m.rebuilt)).toEqual([true, false])
    const taps = sent.filter((m) => m.type === 'taps')
    expect(taps.length).toBeGreaterThanOrEqual(30) // about 31 a second
    const last = taps[taps.length - 1]
    expect(last.type === 'taps' && last.frame.signals.o.length).toBe(256)
    // Arrays handed back ('tapArrays') carry the next frame.
    const given = last.type === 'taps' ? last.frame.signals.o : new Float32Array(0)
    send({ type: 'tapArrays', arrays: [given] })
    run(proc, out, 12)
    const next = sent.filter((m) => m.type === 'taps').pop()
    expect(next?.type === 'taps' && next.frame.signals.o).toBe(given)
    expect(sent.some((m) => m.type === 'stats')).toBe(true)
    expect(sent.some((m) => m.type === 'steps')).toBe(true)
    expect(peak).toBeGreaterThan(0.9) // the control reached 1
    // A patch the engine cannot build is reported as a fault, and the sound goes on.
    const broken = patchOf(text.replace('node o = osc(sine, 440)', 'node o = osc(saw, 440)'))
    broken.main.units.find((u) => u.fn === 'osc')!.mode = 'nonsense'
    send({ type: 'patch', patch: broken })
    expect(sent.some((m) => m.type === 'fault')).toBe(true)
    let after = 0
    for (let b = 0; b < 80; b++) {
      run(proc, out, 1)
      for (const x of out[0]) after = Math.max(after, Math.abs(x))
    }
    expect(after).toBeGreaterThan(0.9)
  })

  it('paces its messages by the wall clock: an offline render, far faster than realtime, posts no more often than realtime does', () => {
    vi.spyOn(Date, 'now').mockImplementation(() => Math.floor(clock.ms))
    const proc = new registered.tapline()
    const send = (msg: ToEngine) => proc.port.onmessage!({ data: msg })
    // Steps change every 1500 frames (trig(32)): at realtime pace every look has steps to post.
    send({ type: 'patch', patch: patchOf('step_seq s = [x x . x]\nnode g = seq(trig(32), s)\nout = osc(sine, 220) * g') })
    send({ type: 'taps', nodes: ['g'] })
    const out = [new Float32Array(128), new Float32Array(128)]
    const count = (from: number) => {
      const c = { taps: 0, steps: 0, stats: 0 }
      for (const m of proc.port.sent.slice(from)) if (m.type in c) c[m.type as keyof typeof c]++
      return c
    }
    // 6000 blocks (16 s of sound) at realtime pace: taps and steps about 31 a second, stats 4.
    let from = proc.port.sent.length
    run(proc, out, 6000)
    const realtime = count(from)
    expect(realtime.taps).toBe(500)
    expect(realtime.steps).toBe(500)
    expect(realtime.stats).toBe(62)
    // The same 16 s rendered 300 times faster than realtime (53 ms of wall clock): the looks come
    // 8 ms apart at most, so 6 or 7 of each, and no stats.
    from = proc.port.sent.length
    run(proc, out, 6000, BLOCK_MS / 300)
    const offline = count(from)
    expect(offline.taps).toBeGreaterThanOrEqual(6)
    expect(offline.taps).toBeLessThanOrEqual(8)
    // Steps are posted when they differ from the last posted (the looks fall on any step now).
    expect(offline.steps).toBeGreaterThanOrEqual(1)
    expect(offline.steps).toBeLessThanOrEqual(offline.taps)
    expect(offline.stats).toBeLessThanOrEqual(1)
  })
})
