/// What the page asks of each engine: render one reference patch in a fresh OfflineAudioContext
/// and say how long `startRendering()` took, in total and for its second half.

import type { PatchId } from '../../patches.ts'

export interface RenderRequest {
  patch: PatchId
  /// P3's oscillator count; ignored by the others.
  n: number
  seconds: number
}

export interface RenderTiming {
  /// Wall milliseconds of `startRendering()`, start to the promise's resolution.
  wallMs: number
  /// Wall milliseconds from the suspend at the half-way point to the end.
  warmMs: number
  /// Extra figures an engine wants on record (Tone's whole offline render, for one).
  extra?: Record<string, number>
}

export interface RenderResult extends RenderTiming {
  seconds: number
  rms: number
  peak: number
}

export interface Engine {
  readonly name: string
  /// Null when the engine can play the patch, else why it cannot (printed in the table).
  cannot(req: RenderRequest): string | null
  render(req: RenderRequest): Promise<{ buffer: AudioBuffer } & RenderTiming>
}

export const SAMPLE_RATE = 48000

export function frames(seconds: number): number {
  // Whole, even numbers of render quanta, so the half-way suspend falls on a quantum.
  return Math.round((seconds * SAMPLE_RATE) / 256) * 256
}

/// Starts rendering `ctx`, with a suspend half-way to time the warm second half.
export async function timedRendering(ctx: OfflineAudioContext, start = () => ctx.startRendering()): Promise<{ buffer: AudioBuffer } & RenderTiming> {
  const half = ctx.length / 2 / ctx.sampleRate
  let tHalf = NaN
  void ctx.suspend(half).then(() => {
    tHalf = performance.now()
    void ctx.resume()
  })
  const t0 = performance.now()
  const buffer = await start()
  const t1 = performance.now()
  return { buffer, wallMs: t1 - t0, warmMs: t1 - tHalf }
}

export function measure(buffer: AudioBuffer): { rms: number; peak: number } {
  const x = buffer.getChannelData(0)
  let s = 0, peak = 0
  for (let i = 0; i < x.length; i++) {
    const v = x[i]
    s += v * v
    const a = v < 0 ? -v : v
    if (a > peak) peak = a
  }
  return { rms: Math.sqrt(s / x.length), peak }
}
