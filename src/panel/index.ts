/// The panel's entry point for the IDE page (`src/main.ts` finds it by this path):
/// `mountPanel(el, app)` shows the patch's controls in `el`, rewrites the text as they move, sends
/// knob and fader moves to the engine at once, and follows the engine's step reports. It returns
/// the attached panel; MIDI (`src/midi`) moves knobs through its `panel.external`.
///
/// The types below are the parts of the IDE's `TaplineApp` the panel uses, written structurally so
/// the panel depends on the IDE's behaviour, not its files.

import type { EditorView } from '@codemirror/view'
import type { CompileResult } from '../language/patch-data.ts'
import type { FromEngine, ToEngine } from '../../worklet/protocol.ts'
import { attachPanel, type AttachedPanel } from './attach.ts'

export interface PanelHost {
  readonly view: EditorView
  readonly audio: {
    send(msg: ToEngine): void
    readonly context: BaseAudioContext | null
    onState?(listener: (state: string, detail: string) => void): () => void
  }
  /// An undoable edit that compiles without the typing debounce.
  edit(from: number, to: number, insert: string): void
  onCompile(listener: (result: CompileResult) => void): () => void
  onEngine(listener: (msg: FromEngine) => void): () => void
}

export function mountPanel(el: HTMLElement, app: PanelHost): AttachedPanel {
  const panel = attachPanel(el, app.view, (msg) => app.audio.send(msg), {
    commit: (ch) => app.edit(ch.from, ch.to, ch.insert),
  })
  // MIDI input (Web MIDI access, devices plugged in and out, learn, the computer keyboard) is
  // src/midi's: it moves the knobs mapped with `cc N` through `panel.external`.
  app.onCompile((result) => panel.update(result))
  // The speakers play a step one output latency after the engine computes it, and the engine
  // reports steps every 12 blocks (worklet/processor.ts), on average 6 blocks after they began.
  // Waiting the difference keeps the playhead on the beat you hear.
  let timers: number[] = []
  app.onEngine((msg) => {
    if (msg.type !== 'steps') return
    const ctx = app.audio.context as AudioContext | null
    const latency = ctx ? (ctx.baseLatency || 0) + (ctx.outputLatency || 0) - (6 * 128) / ctx.sampleRate : 0
    const steps = msg.steps
    if (latency <= 0.004) return panel.setPlayhead(steps)
    const t = window.setTimeout(() => {
      timers = timers.filter((x) => x !== t)
      panel.setPlayhead(steps)
    }, latency * 1000)
    timers.push(t)
  })
  app.audio.onState?.((state) => {
    if (state === 'playing') return
    for (const t of timers) clearTimeout(t)
    timers = []
    panel.setPlayhead({})
  })
  return panel
}
