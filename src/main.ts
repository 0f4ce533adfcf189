/// The IDE page: editor on the left, control panel on the right, transport and meters on top.
/// Wires the editor's live reload to the compiler and the audio host, and the engine's reports
/// back to the taps and meters. Other parts plug in through `TaplineApp` (see `app.ts`).

import './style.css'
import { EditorView } from '@codemirror/view'
import { EditorState } from '@codemirror/state'
import { compile } from './language/compile.ts'
import { LONG_FROM_LINES, longRounds, shortRounds } from './language/warmup.ts'
import { generate } from '../worklet/engine/codegen.ts'
import type { CompileResult } from './language/patch-data.ts'
import type { FromEngine } from '../worklet/protocol.ts'
import { AudioHost } from './audio/host.ts'
import { TapStore } from './editor/tap-store.ts'
import { editorExtensions } from './editor/setup.ts'
import { immediateEdit, type CompileInfo } from './editor/live-reload.ts'
import { ToolbarView, toolbarElements } from './toolbar.ts'
import { LevelMeter } from './audio/level-meter.ts'
import { DEFAULT_PATCH } from './default-patch.ts'
import { installTestHook } from './test-hook.ts'
import type { TaplineApp } from './app.ts'
import { externalControlsOf, installMidi } from './midi/index.ts'
import { mountPanel } from './panel/index.ts'
import { initialText, installShare } from './share/index.ts'
import { EXAMPLES } from './share/examples.ts'

const toolbar = new ToolbarView(toolbarElements())
const host = new AudioHost()
const taps = new TapStore()
const compileListeners = new Set<(r: CompileResult) => void>()
let compiled: CompileResult | null = null
/// The last edit sent to the engine and not yet acknowledged, and whether the engine was up then.
let pendingEdit: { at: number; booted: boolean } | null = null

function onCompiled(result: CompileResult, info: CompileInfo): void {
  compiled = result
  const errors = result.diagnostics.filter((d) => d.severity === 'error')
  if (result.patch) {
    host.setPatch(result.patch)
    pendingEdit = { at: info.editedAt, booted: host.context !== null }
    toolbar.setStatus('ok', `compiled in ${info.ms.toFixed(1)} ms`)
  } else {
    const first = errors[0]
    const more = errors.length > 1 ? `  (+${errors.length - 1} more)` : ''
    toolbar.setStatus('error', first ? `line ${first.line}: ${first.message}${more}` : 'does not compile')
  }
  for (const l of compileListeners) l(result)
}

function onEngine(msg: FromEngine): void {
  switch (msg.type) {
    case 'taps':
      taps.push(msg.frame)
      host.returnTapArrays(taps.takeReplaced())
      break
    case 'stats':
      toolbar.setStats(msg.load, msg.voices)
      break
    case 'loaded':
      if (pendingEdit !== null) {
        hook.lastApplyMs = performance.now() - pendingEdit.at
        // Before the engine was up, the time says how long booting took, not the edit.
        const took = pendingEdit.booted ? ` in ${hook.lastApplyMs.toFixed(0)} ms` : ''
        toolbar.setStatus('ok', `live${took}${msg.rebuilt ? '' : ' (values only)'}`)
        pendingEdit = null
      }
      break
    case 'fault':
      toolbar.flash(msg.node ? `${msg.node}: ${msg.message}` : msg.message, 5000)
      break
  }
}

const view = new EditorView({
  parent: document.getElementById('editor')!,
  state: EditorState.create({
    // Sharing keeps the patch being edited across visits (and opens links); else the default.
    doc: initialText() ?? DEFAULT_PATCH,
    extensions: editorExtensions({
      reload: { compile, onResult: onCompiled },
      taps: {
        store: taps,
        isPlaying: () => host.playing,
        onNodes: (names) => host.setTaps(names),
        onDraw(ms, drawn) {
          const d = hook.tapDraw
          d.frames++
          d.ms += ms
          d.maxMs = Math.max(d.maxMs, ms)
          d.maxCanvases = Math.max(d.maxCanvases, drawn)
        },
      },
      transport: { play: () => void app.play(), stop: () => app.stop() },
    }),
  }),
})

const app: TaplineApp = {
  view,
  audio: host,
  toolbar,
  getText: () => view.state.doc.toString(),
  setText(text) {
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, annotations: immediateEdit.of(true) })
  },
  edit(from, to, insert) {
    view.dispatch({ changes: { from, to, insert }, annotations: immediateEdit.of(true), userEvent: 'input.control' })
  },
  get compiled() {
    return compiled
  },
  onCompile(listener) {
    compileListeners.add(listener)
    if (compiled) listener(compiled)
    return () => compileListeners.delete(listener)
  },
  onEngine: (listener) => host.onEngine(listener),
  play: () => host.play(),
  stop: () => host.stop(),
}

const level = new LevelMeter({
  bar: document.getElementById('level-bar')!,
  hold: document.getElementById('level-hold')!,
  clip: document.getElementById('clip')!,
})

host.onEngine(onEngine)
host.onState((state, detail) => {
  if (state === 'playing') level.attach(host.context!, host.output!)
  toolbar.setTransport(state)
  toolbar.setSampleRate(host.context?.sampleRate ?? null)
  if (state === 'error') toolbar.flash(detail, 8000)
  if (state !== 'playing') toolbar.setStats(0, 0)
})

const els = toolbar.els
els.play.addEventListener('click', () => {
  void app.play()
  view.focus()
})
els.stop.addEventListener('click', () => app.stop())

const hook = installTestHook(app, host, taps)

const mounted = mountPanel(document.getElementById('panel')!, app)
installShare(app)
// After the panel: MIDI's compile listener must run after the panel's (see src/midi/index.ts).
installMidi(app, { controls: externalControlsOf(mounted) })

// Loading the engine early makes the first Play instant and shows the sample rate.
host.prepare().then(
  () => toolbar.setSampleRate(host.context?.sampleRate ?? null),
  () => {},
)
view.focus()

// The compiler runs in the interpreter for its first dozens of compiles, several times slower:
// warm it in idle time, so the first edits compile as fast as later ones (src/language/warmup.ts).
// The code generator too, which runs on this thread for every new shape (src/audio/host.ts). Each
// round also takes three of the example patches, so that what V8 learns is the shapes patches
// have, not only the warm-up patch's. A round is taken in steps (a compile or a generate each).
const EXAMPLE_TEXTS = EXAMPLES.map((e) => e.text)
idleSteps(shortRounds(EXAMPLE_TEXTS, generate), (rounds) => (hook.warmRounds.short = rounds), 0, warmLongWhenNeeded)

// Then, once the patch in the editor is long, the long patch's rounds (a fifth of a second apart):
// paths only long patches take. Not before: each round holds this thread up, on a two-core
// machine it competes with the audio thread, and a short patch does not need them.
function warmLongWhenNeeded(): void {
  let started = false
  const off = app.onCompile(() => {
    if (started || view.state.doc.lines < LONG_FROM_LINES) return
    started = true
    // onCompile calls back at once with the last result, before `off` is assigned.
    queueMicrotask(() => off())
    idleSteps(longRounds(generate), (rounds) => (hook.warmRounds.long = rounds), 200, () => {})
  })
}

/// An idle period's time left below which no further warm-up step starts in it: a step takes a
/// few ms once V8 has optimised what it runs, tens of ms before.
const STEP_MS = 10

/// Takes `steps` (each yields the rounds done) in idle time, as many in an idle period as it has
/// time for and at least one, so that a keystroke waits for one step at most; `report` hears the
/// rounds done after each step; after a round, `pauseMs` before the next; `done` at the end. The
/// test hook counts the steps and periods and keeps the longest period (the bench reports it).
function idleSteps(steps: Generator<number, void>, report: (rounds: number) => void, pauseMs: number, done: () => void): void {
  let rounds = 0
  const schedule = () => ('requestIdleCallback' in window ? requestIdleCallback(run, { timeout: 3000 }) : setTimeout(run, 50))
  const pause = () => setTimeout(schedule, pauseMs)
  function run(deadline?: IdleDeadline): void {
    const t0 = performance.now()
    let then: () => void = schedule
    for (;;) {
      const step = steps.next()
      if (step.done) {
        then = done
        break
      }
      hook.warmSteps.steps++
      const ended = step.value > rounds
      report((rounds = step.value))
      if (ended && pauseMs > 0) {
        then = pause
        break
      }
      if (!deadline || deadline.didTimeout || deadline.timeRemaining() < STEP_MS) break
    }
    const w = hook.warmSteps
    w.periods++
    w.maxMs = Math.max(w.maxMs, performance.now() - t0)
    then()
  }
  schedule()
}

