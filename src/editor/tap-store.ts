/// The latest signals the engine reported for each tapped node (`taps` messages), plus a short
/// history per node for slow signals, drawn as a scrolling strip: each frame's value and the
/// range its signal swept, so that a pulse faster than the frames still shows as a full bar.

import type { TapFrame } from '../../worklet/protocol.ts'

export const HISTORY = 192

export interface History {
  /// Oldest first.
  value: Float32Array
  lo: Float32Array
  hi: Float32Array
}

interface Ring {
  value: Float32Array
  lo: Float32Array
  hi: Float32Array
  at: number
}

export class TapStore {
  readonly signals = new Map<string, Float32Array>()
  readonly values = new Map<string, number>()
  private readonly rings = new Map<string, Ring>()
  /// Increases with every frame; drawing skips canvases whose data has not changed.
  serial = 0

  /// Arrays of earlier frames this store no longer holds (`takeReplaced`).
  private replaced: Float32Array[] = []

  push(frame: TapFrame): void {
    this.serial++
    for (const name in frame.signals) {
      const old = this.signals.get(name)
      if (old && old !== frame.signals[name]) this.replaced.push(old)
      this.signals.set(name, frame.signals[name])
    }
    for (const name in frame.values) {
      const v = frame.values[name]
      this.values.set(name, v)
      let lo = v
      let hi = v
      const sig = frame.signals[name]
      if (sig) for (let i = 0; i < sig.length; i++) (lo = Math.min(lo, sig[i])), (hi = Math.max(hi, sig[i]))
      let r = this.rings.get(name)
      if (!r) {
        r = { value: new Float32Array(HISTORY).fill(NaN), lo: new Float32Array(HISTORY).fill(NaN), hi: new Float32Array(HISTORY).fill(NaN), at: 0 }
        this.rings.set(name, r)
      }
      r.value[r.at] = v
      r.lo[r.at] = lo
      r.hi[r.at] = hi
      r.at = (r.at + 1) % HISTORY
    }
  }

  /// The signal arrays the latest frames replaced, which nothing here reads any more: the page
  /// hands them back to the worklet to fill again (protocol.ts: `tapArrays`).
  takeReplaced(): Float32Array[] {
    const r = this.replaced
    this.replaced = []
    return r
  }

  /// The node's recent history, oldest first (NaN before the first frame), copied into `into`.
  history(name: string, into: History): History | null {
    const r = this.rings.get(name)
    if (!r) return null
    for (const k of ['value', 'lo', 'hi'] as const) {
      const tail = r[k].subarray(r.at)
      into[k].set(tail)
      into[k].set(r[k].subarray(0, r.at), tail.length)
    }
    return into
  }

  clear(): void {
    this.signals.clear()
    this.values.clear()
    this.rings.clear()
    this.serial++
  }
}
