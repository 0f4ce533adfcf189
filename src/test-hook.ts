/// `window.__tapline`: a small handle for the browser tests and for debugging from the console.
/// It exposes the app, the AudioContext, and a recorder of what reaches the speakers; it adds no
/// work until `capture.start()` is called.

import type { TaplineApp } from './app.ts'
import type { AudioHost } from './audio/host.ts'
import { OutputCapture } from './audio/capture.ts'
import type { TapStore } from './editor/tap-store.ts'

export interface TestHook {
  app: TaplineApp
  host: AudioHost
  taps: TapStore
  readonly ctx: AudioContext | null
  /// Milliseconds from the last edit to the engine's `loaded` answer for it.
  lastApplyMs: number | null
  /// Rounds of the compiler's warm-up done (src/main.ts): the short ones, then the long ones, which
  /// start once the editor holds a long patch.
  warmRounds: { short: number; long: number }
  /// How the warm-up was taken (src/main.ts): its steps, the idle periods they ran in, and the
  /// longest time one period's steps held the main thread (ms).
  warmSteps: { steps: number; periods: number; maxMs: number }
  /// The cost of drawing the taps: animation frames that drew, their total and largest time (ms),
  /// and the most canvases drawn in one frame.
  tapDraw: { frames: number; ms: number; maxMs: number; maxCanvases: number }
  capture: {
    /// Starts recording the output (after the engine has booted).
    start(): Promise<void>
    /// The recording so far: channel 0 as plain numbers, with the context frame of its first sample.
    read(): { frame: number; sampleRate: number; samples: number[] }
    stop(): void
  }
}

declare global {
  interface Window {
    __tapline?: TestHook
  }
}

export function installTestHook(app: TaplineApp, host: AudioHost, taps: TapStore): TestHook {
  let capture: OutputCapture | null = null
  const hook: TestHook = {
    app,
    host,
    taps,
    get ctx() {
      return host.context
    },
    lastApplyMs: null,
    warmRounds: { short: 0, long: 0 },
    warmSteps: { steps: 0, periods: 0, maxMs: 0 },
    tapDraw: { frames: 0, ms: 0, maxMs: 0, maxCanvases: 0 },
    capture: {
      async start() {
        await host.prepare()
        capture ??= new OutputCapture(host.context!, host.output!)
        await capture.start()
      },
      read() {
        const c = capture?.read()
        return c ? { frame: c.frame, sampleRate: c.sampleRate, samples: Array.from(c.samples) } : { frame: 0, sampleRate: 0, samples: [] }
      },
      stop() {
        capture?.stop()
      },
    },
  }
  window.__tapline = hook
  return hook
}
