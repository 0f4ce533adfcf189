/// The engine timed inside the page's AudioWorkletGlobalScope: a processor ('tapline-timer') around
/// the same engine module as the app's 'tapline', on the same audio thread. Its output stays silent
/// (it renders into arrays of its own). Three requests (`TimerRequest`, answered by `TimerReply`;
/// both in engines/ours.ts):
///
/// - `ready`: a fresh engine loads the patch at once, and renders its first block in the next
///   `process()` call; the answer times both (the engine's half of "text to ready to sound").
/// - `blocks`: a fresh engine loads the patch (with its code when the page sends it, as the IDE
///   does), taps `taps`, renders `warm` blocks back to back, then times `timed` more (taking the
///   tap frame every 12 blocks, as the app's worklet does): the engine's cost per block in
///   Chromium, timed over a whole span rather than per block.
/// - `curve`: a fresh engine loads the patch (with its code, as the IDE posts it) and plays it
///   through process() for `blocks` blocks (in an OfflineAudioContext, as a render does), reading
///   the clock every `every` blocks; the answer gives those marks and how long the scope's warm-up
///   took (bench/start-curve.ts).
///
/// The scope has no `performance.now()`; `Temporal.Now` counts in 0.1 ms steps in Chromium,
/// `Date.now()` (the fallback) in 1 ms steps. The answer names the clock it used.

import type { CompiledPatch } from '../../src/language/patch-data.ts'
import type { Generated } from '../../worklet/engine/generated.ts'
import { Engine } from '../../worklet/engine/engine.ts'
import { warmScope } from '../../worklet/engine/warmup.ts'

type Request =
  | { type: 'ready'; patch: CompiledPatch; code?: Generated }
  | { type: 'blocks'; patch: CompiledPatch; code?: Generated; taps: string[]; warm: number; timed: number }
  | { type: 'curve'; patch: CompiledPatch; code?: Generated; blocks: number; every: number }

type TemporalNow = { Now: { instant(): { epochNanoseconds: bigint } } }
const temporal = (globalThis as { Temporal?: TemporalNow }).Temporal
const base = temporal ? temporal.Now.instant().epochNanoseconds : 0n
const now: () => number = temporal ? () => Number(temporal.Now.instant().epochNanoseconds - base) / 1e6 : () => Date.now()
const clock = temporal ? 'Temporal.Now, 0.1 ms steps' : 'Date.now, 1 ms steps'
const TAP_BLOCKS = 12

class TimerProcessor extends AudioWorkletProcessor {
  /// An engine whose first block the next process() call times, and how long its load took.
  private pending: { engine: Engine; loadMs: number } | null = null
  private readonly left = new Float32Array(128)
  private readonly right = new Float32Array(128)
  /// `curve`: an engine playing through process(), the clock read every `every` blocks.
  private curve: { engine: Engine; blocks: number; every: number; b: number; marks: number[] } | null = null

  constructor() {
    super()
    // As the app's processor starts (worklet/processor.ts): tables built, kernels warmed.
    warmScope(sampleRate)
    this.port.onmessage = (e: MessageEvent<Request>) => this.receive(e.data)
  }

  private receive(msg: Request): void {
    const engine = new Engine(sampleRate)
    const t0 = now()
    const r = engine.load(msg.patch, msg.code)
    const loadMs = now() - t0
    if (!r.ok) return this.port.postMessage({ clock, error: r.error ?? 'load failed' })
    if (msg.type === 'curve') {
      this.curve = { engine, blocks: msg.blocks, every: msg.every, b: 0, marks: [] }
      return this.port.postMessage({ clock, loadMs })
    }
    if (msg.type === 'ready') {
      this.pending = { engine, loadMs }
      return
    }
    engine.setTaps(msg.taps)
    const run = (blocks: number) => {
      for (let b = 1; b <= blocks; b++) {
        engine.process(this.left, this.right)
        if (msg.taps.length && b % TAP_BLOCKS === 0) engine.taps()
      }
    }
    run(msg.warm)
    const t1 = now()
    run(msg.timed)
    const ms = now() - t1
    // Each engine here is used once; its memory goes to the next (worklet/engine/memory.ts), as a
    // worklet's retired programs leave theirs to the next patch.
    engine.dispose()
    this.port.postMessage({ clock, ms })
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const c = this.curve
    if (c) {
      if (c.b === 0) c.marks.push(now())
      c.engine.process(outputs[0][0], outputs[0][1])
      if (++c.b % c.every === 0) c.marks.push(now())
      if (c.b === c.blocks) {
        this.curve = null
        c.engine.dispose()
        this.port.postMessage({ clock, marks: c.marks, startMs: warmScope(sampleRate) })
      }
      return true
    }
    const p = this.pending
    if (p) {
      this.pending = null
      const t0 = now()
      p.engine.process(this.left, this.right)
      const firstBlockMs = now() - t0
      p.engine.dispose()
      this.port.postMessage({ clock, loadMs: p.loadMs, firstBlockMs })
    }
    return true
  }
}

registerProcessor('tapline-timer', TimerProcessor)
