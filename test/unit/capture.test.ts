// The output recorder the browser tests hear the IDE through (src/audio/capture.ts): each sample it
// keeps lands at its own context frame, and frames it never saw are NaN exactly where they fell.
import { describe, expect, it } from 'vitest'
import { assemble, captureProcessorSource } from '../../src/audio/capture.ts'

interface Chunk {
  frame: number
  data: Float32Array
}

/// The recorder's processor, run as its worklet scope would: `currentFrame` is the scope's clock.
function recorder() {
  const env = { currentFrame: 0 }
  const posted: Chunk[] = []
  let Processor: (new () => { process(inputs: Float32Array[][]): boolean; port: { onmessage: (e: { data: unknown }) => void } }) | undefined
  class AudioWorkletProcessor {
    port = { postMessage: (m: Chunk) => posted.push({ frame: m.frame, data: m.data.slice() }), onmessage: (_: { data: unknown }) => {} }
  }
  const registerProcessor = (_: string, c: typeof Processor) => (Processor = c)
  // `with` gives the processor's code the scope's global `currentFrame`, read anew at each call.
  new Function('AudioWorkletProcessor', 'registerProcessor', 'env', `with (env) {\n${captureProcessorSource}\n}`)(AudioWorkletProcessor, registerProcessor, env)
  const p = new Processor!()
  p.port.onmessage({ data: true })
  /// One quantum at `frame` whose samples are their own frame numbers (or, with nothing
  /// connected, an input without channels, as Web Audio passes one).
  const quantum = (frame: number, connected = true) => {
    env.currentFrame = frame
    p.process([connected ? [Float32Array.from({ length: 128 }, (_, i) => frame + i)] : []])
  }
  return { quantum, posted }
}

describe('the output recorder', () => {
  it('keeps consecutive quanta as whole 2048-frame chunks', () => {
    const r = recorder()
    for (let q = 0; q < 32; q++) r.quantum(1000 + q * 128)
    expect(r.posted.map((c) => [c.frame, c.data.length])).toEqual([[1000, 2048], [3048, 2048]])
    const { frame, samples } = assemble(r.posted)
    expect(frame).toBe(1000)
    expect(samples.every((v, i) => v === 1000 + i)).toBe(true)
  })

  it('marks frames it was never called for where they fell, not at the end of their chunk', () => {
    const r = recorder()
    // Quanta 0-4, then none for quanta 5-7 (the context's frame went on), then 8-39.
    for (let q = 0; q < 40; q++) if (q < 5 || q > 7) r.quantum(q * 128)
    const { frame, samples } = assemble(r.posted)
    expect(frame).toBe(0)
    expect(samples.length).toBe(40 * 128)
    for (let i = 0; i < samples.length; i++) {
      const missed = i >= 5 * 128 && i < 8 * 128
      if (missed) expect(samples[i], `frame ${i}`).toBeNaN()
      else expect(samples[i], `frame ${i}`).toBe(i)
    }
  })

  it('records silence for a quantum whose input has no channels', () => {
    const r = recorder()
    for (let q = 0; q < 16; q++) r.quantum(q * 128, q !== 3)
    const { samples } = assemble(r.posted)
    expect(samples.length).toBe(2048)
    for (let i = 0; i < samples.length; i++) expect(samples[i], `frame ${i}`).toBe(i >= 384 && i < 512 ? 0 : i)
  })
})
