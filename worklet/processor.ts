/// The AudioWorkletProcessor around the engine, registered as 'tapline'. It speaks
/// worklet/protocol.ts over its port: patches, controls, MIDI and tap selections in; load
/// reports, taps (about 31 per second), stats (4 per second), playhead steps and faults out.

import { Engine } from './engine/engine.ts'
import { warmScope } from './engine/warmup.ts'
import type { FromEngine, ToEngine } from './protocol.ts'

/// Blocks between looks at taps, steps and faults (12 blocks of 128 frames at 48 kHz: about 31 Hz),
/// and looks between stats posts (8: about 4 a second).
const TAP_BLOCKS = 12
const STATS_LOOKS = 8
/// Wall-clock milliseconds a look waits for after the last one. The messages are for eyes, so
/// their rate follows the clock, not the blocks: an offline render runs the processor 100-350 times
/// faster than realtime and posted that much more often (a stats post costs 8-22 µs in the worklet
/// scope, a steps post about as much: several per cent of P2's whole render). In realtime 12 blocks
/// take 32 ms on average; 8 ms lets looks through even when the audio thread renders its blocks in
/// bursts. Date.now() counts whole milliseconds and costs tens of nanoseconds, once per 12 blocks.
const LOOK_MS = 8

class TaplineProcessor extends AudioWorkletProcessor {
  /// Made after the warm-up: an engine made before it would carry the object layout V8 had before
  /// the warm-up's engines changed it, and optimised code would drop on its first block.
  private readonly engine: Engine
  private blocks = 0
  private looks = 0
  private lastLook = -Infinity
  private lastSteps = ''
  private tapping = false
  private spare = new Float32Array(128)

  constructor() {
    super()
    // Before any sound: the oscillator tables, and the kernels and the engine optimised (a few
    // hundred ms, once per worklet scope; every later patch and processor finds them warm).
    warmScope(sampleRate)
    this.engine = new Engine(sampleRate)
    this.port.onmessage = (e: MessageEvent<ToEngine>) => this.receive(e.data)
  }

  private post(msg: FromEngine, transfer: Transferable[] = []): void {
    this.port.postMessage(msg, transfer)
  }

  private receive(msg: ToEngine): void {
    switch (msg.type) {
      case 'patch': {
        const r = this.engine.load(msg.patch, msg.code)
        if (r.ok) this.post({ type: 'loaded', shapeKey: r.shapeKey, rebuilt: r.rebuilt, ms: r.ms })
        break
      }
      case 'control':
        this.engine.setControl(msg.name, msg.value)
        break
      case 'midi':
        this.engine.midi(msg.data)
        break
      case 'taps':
        this.engine.setTaps(msg.nodes)
        this.tapping = msg.nodes.length > 0
        break
      case 'tapArrays':
        this.engine.reuseTapArrays(msg.arrays)
        break
    }
    this.flushFaults()
  }

  private flushFaults(): void {
    for (const f of this.engine.takeFaults()) this.post({ type: 'fault', message: f.message, node: f.node })
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const out = outputs[0]
    if (!out || out.length === 0) return true
    const left = out[0]
    if (this.spare.length !== left.length) this.spare = new Float32Array(left.length)
    const right = out.length > 1 ? out[1] : this.spare
    this.engine.process(left, right)
    if (++this.blocks % TAP_BLOCKS === 0) this.look()
    return true
  }

  /// Taps, playhead steps and faults out, and every STATS_LOOKS-th look the stats, unless the last
  /// look was under LOOK_MS ago.
  private look(): void {
    const now = Date.now()
    if (now - this.lastLook < LOOK_MS) return
    this.lastLook = now
    if (this.tapping) {
      const frame = this.engine.taps()
      this.post({ type: 'taps', frame }, Object.values(frame.signals).map((s) => s.buffer as ArrayBuffer))
    }
    const steps = this.engine.steps()
    const key = JSON.stringify(steps)
    if (key !== this.lastSteps) {
      this.lastSteps = key
      this.post({ type: 'steps', steps })
    }
    this.flushFaults()
    if (++this.looks % STATS_LOOKS === 0) {
      const s = this.engine.stats()
      this.post({ type: 'stats', load: s.load, voices: s.voices })
    }
  }
}

registerProcessor('tapline', TaplineProcessor)
