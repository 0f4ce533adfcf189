/// The latest signals the engine reported for each tapped node (`taps` messages), plus a short
/// history of values per node for slow signals, which are drawn as a scrolling strip.

import type { TapFrame } from '../../worklet/protocol.ts'

const HISTORY = 256

export class TapStore {
  readonly signals = new Map<string, Float32Array>()
  readonly values = new Map<string, number>()
  private readonly histories = new Map<string, { ring: Float32Array; at: number }>()
  /// Increases with every frame; drawing skips canvases whose data has not changed.
  serial = 0

  push(frame: TapFrame): void {
    this.serial++
    for (const name in frame.signals) this.signals.set(name, frame.signals[name])
    for (const name in frame.values) {
      const v = frame.values[name]
      this.values.set(name, v)
      let h = this.histories.get(name)
      if (!h) this.histories.set(name, (h = { ring: new Float32Array(HISTORY).fill(v), at: 0 }))
      h.ring[h.at] = v
      h.at = (h.at + 1) % HISTORY
    }
  }

  /// The node's recent values, oldest first, copied into `into`.
  history(name: string, into: Float32Array = new Float32Array(HISTORY)): Float32Array | null {
    const h = this.histories.get(name)
    if (!h) return null
    const tail = h.ring.subarray(h.at)
    into.set(tail)
    into.set(h.ring.subarray(0, h.at), tail.length)
    return into
  }

  clear(): void {
    this.signals.clear()
    this.values.clear()
    this.histories.clear()
    this.serial++
  }
}
