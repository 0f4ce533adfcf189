/// The render loop behind the Render button, run in a worker: the engine the worklet runs, fed
/// block after block, reporting progress and stopping when asked. No DOM.

import { Engine } from '../../worklet/engine/engine.ts'
import type { CompiledPatch } from '../language/patch-data.ts'

/// Frames rendered between progress reports and stop checks (about 0.7 s of audio at 48 kHz).
const CHUNK = 128 * 256

export interface LoopResult {
  left: Float32Array
  right: Float32Array
  /// Engine faults (a node reset after a non-finite value), for the musician to hear about.
  faults: string[]
}

export function renderLoop(
  patch: CompiledPatch,
  seconds: number,
  sampleRate: number,
  onProgress: (fraction: number) => void,
): LoopResult {
  const frames = Math.max(0, Math.round(seconds * sampleRate))
  const engine = new Engine(sampleRate)
  const load = engine.load(patch)
  if (!load.ok) throw new Error(load.error ?? 'the engine could not load the patch')
  const left = new Float32Array(frames)
  const right = new Float32Array(frames)
  const faults: string[] = []
  for (let off = 0; off < frames; off += CHUNK) {
    const end = Math.min(frames, off + CHUNK)
    engine.process(left.subarray(off, end), right.subarray(off, end))
    for (const f of engine.takeFaults()) faults.push(f.node ? `${f.node}: ${f.message}` : f.message)
    onProgress(end / frames)
  }
  engine.dispose()
  return { left, right, faults }
}
