/// Offline rendering with the same engine the worklet runs: for the CLI, the tests, the benchmark
/// and the page's Render button. No DOM, no Node APIs.

import type { CompiledPatch } from '../src/language/patch-data.ts'
import { Engine, type Fault, type LoadResult } from './engine/engine.ts'
import { BLOCK } from './engine/poly.ts'

export interface RenderOptions {
  seconds: number
  sampleRate?: number
  /// Knob and fader values set before the first sample (no glide).
  set?: Record<string, number>
  /// A second patch loaded at `at` seconds (rounded to the 128-frame block it falls in), as a live edit would.
  swap?: { patch: CompiledPatch; at: number }
  /// Main-scope nodes whose full-rate signals to return.
  record?: readonly string[]
}

export interface RenderResult {
  left: Float32Array
  right: Float32Array
  sampleRate: number
  /// Each recorded node's signal (NaN where the node did not exist, such as before a swap added it).
  nodes: Record<string, Float64Array>
  loads: LoadResult[]
  faults: Fault[]
  /// Frame at which the swap happened, or -1.
  swapFrame: number
  /// Wall-clock milliseconds spent rendering (not loading).
  ms: number
}

export function renderOffline(patch: CompiledPatch, options: RenderOptions): RenderResult {
  const sampleRate = options.sampleRate ?? 48000
  const frames = Math.max(0, Math.round(options.seconds * sampleRate))
  const engine = new Engine(sampleRate)
  const loads = [engine.load(patch)]
  for (const [name, value] of Object.entries(options.set ?? {})) {
    if (!engine.setControl(name, value, true)) throw new RangeError(`renderOffline: no knob or fader named ${JSON.stringify(name)}`)
  }
  const left = new Float32Array(frames)
  const right = new Float32Array(frames)
  const record = options.record ?? []
  const nodes: Record<string, Float64Array> = {}
  for (const name of record) nodes[name] = new Float64Array(frames).fill(NaN)
  const swapFrame = options.swap ? Math.min(frames, Math.round((options.swap.at * sampleRate) / BLOCK) * BLOCK) : -1
  const faults: Fault[] = []
  let ms = 0
  for (let off = 0; off < frames; off += BLOCK) {
    if (off === swapFrame && options.swap) loads.push(engine.load(options.swap.patch))
    const n = Math.min(BLOCK, frames - off)
    const t0 = now()
    engine.process(left.subarray(off, off + n), right.subarray(off, off + n))
    ms += now() - t0
    for (const name of record) {
      const b = engine.nodeBlock(name)
      if (b) nodes[name].set(b.subarray(0, n), off)
    }
    faults.push(...engine.takeFaults())
  }
  faults.push(...engine.takeFaults())
  // The next render (a test suite makes hundreds) takes this one's memory (memory.ts).
  engine.dispose()
  return { left, right, sampleRate, nodes, loads, faults, swapFrame, ms }
}

function now(): number {
  const p = (globalThis as { performance?: { now(): number } }).performance
  return p ? p.now() : Date.now()
}
