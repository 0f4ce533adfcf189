/// MIDI in the page (issue 8): notes from every MIDI input and from the computer keyboard play
/// `poly(VOICE, midi)`; control changes move the knobs and faders mapped with `cc N`; MIDI learn
/// writes that mapping into the text. Plugging in:
///
///     installMidi(app)   // learn works on the knobs and faders inside `#panel`
///
/// MIDI access is asked for only when a patch needs it (a `poly(..., midi)`, a `cc N`, or a
/// learn), so a page without MIDI never shows a permission prompt.

import type { EditorView } from '@codemirror/view'
import type { CompileResult, Control } from '../language/patch-data.ts'
import type { ToEngine } from '../../worklet/protocol.ts'
import { MidiInputs, describeStatus, type MidiStatus, type NavigatorWithMidi } from './access.ts'
import { rewriteCc } from './cc-text.ts'
import { MIDI_EVENT, textDriver, type ControlDriver } from './drive.ts'
import { KeyboardPlayer } from './keyboard-input.ts'
import { CcGestures, CcRouter, type LearnTarget } from './learn.ts'
import { LearnUi } from './learn-ui.ts'
import { parseMidi } from './messages.ts'
import { usesMidiNotes } from './usage.ts'
import { midiToNote } from '../language/numbers.ts'
import { roundValue } from '../panel/scale.ts'
import './midi.css'

/// What MIDI needs of the page (a subset of the IDE's `TaplineApp`).
export interface MidiHost {
  readonly view: EditorView
  readonly audio: { send(msg: ToEngine): void }
  readonly toolbar: { readonly slot: HTMLElement; flash(message: string, ms?: number): void }
  onCompile(listener: (result: CompileResult) => void): () => void
}

/// The panel's way to move a knob or fader from outside (`AttachedPanel.panel.external`): the
/// widget runs the same gesture as a mouse drag (sound at once, text as it moves, one undo step
/// when it rests). False when the panel shows no such control.
export interface ExternalControls {
  external(kind: 'knob' | 'fader', name: string, value: number): boolean
}

/// The panel's external-move entry if `mounted` (what `mountPanel` returned) has one.
export function externalControlsOf(mounted: unknown): ExternalControls | null {
  const p = (mounted as { panel?: Partial<ExternalControls> } | null | undefined)?.panel
  return p && typeof p.external === 'function' ? { external: p.external.bind(p) } : null
}

export interface MidiOptions {
  /// How a CC moves a mapped control: through the panel's widgets when given; otherwise (or for a
  /// control the panel does not show) by `driver`.
  controls?: ExternalControls | null
  /// The side panel, for MIDI learn on its knobs and faders; `#panel` by default.
  panel?: HTMLElement | null
  /// How a CC moves a control; by default the panel's path (see `drive.ts`).
  driver?: ControlDriver<Control>
  navigator?: NavigatorWithMidi
}

/// How long the one-time "no MIDI" explanation stays beside the indicator.
const NOTE_MS = 12000

export interface InstalledMidi {
  readonly router: CcRouter<Control>
  readonly keyboard: KeyboardPlayer
  readonly inputs: MidiInputs
  /// Starts MIDI learn on a knob or fader (as its menu does).
  learn(target: LearnTarget): void
  destroy(): void
}

export { usesMidiNotes }

export function installMidi(app: MidiHost, opts: MidiOptions = {}): InstalledMidi {
  const send = (data: number[]) => app.audio.send({ type: 'midi', data })
  const router = new CcRouter<Control>()
  const driver = opts.driver ?? textDriver(app.view, app.audio.send.bind(app.audio))
  const gestures = new CcGestures<Control>(driver)
  let notes = false

  // The indicator: the computer keyboard's state and octave, and the MIDI inputs.
  const indicator = document.createElement('span')
  indicator.className = 'tp-midi'
  indicator.hidden = true
  const keysEl = document.createElement('span')
  keysEl.className = 'tp-midi-keys'
  const inEl = document.createElement('span')
  inEl.className = 'tp-midi-in'
  // The one-time explanation when MIDI is unavailable; the status line belongs to the compiler.
  const note = document.createElement('span')
  note.className = 'tp-midi-note'
  note.setAttribute('role', 'status')
  note.hidden = true
  indicator.append(keysEl, inEl, note)
  app.toolbar.slot.append(indicator)

  let explained = false
  let noteTimer: ReturnType<typeof setTimeout> | undefined
  note.addEventListener('click', () => (note.hidden = true))
  const inputs = new MidiInputs(opts.navigator ?? (navigator as NavigatorWithMidi), onMessage, (s) => {
    if (s.k === 'unsupported' || s.k === 'denied') {
      // Nothing can answer a learn now.
      if (router.learning) {
        router.cancelLearn()
        ui?.refresh()
      }
      // Explained once, quietly: a line beside the indicator for a while, its tooltip after.
      if (!explained) {
        explained = true
        say(describeStatus(s)!, NOTE_MS)
      }
    }
    render()
  })

  const keyboard = new KeyboardPlayer({ send, onChange: render })

  function onMessage(data: number[]): void {
    const ev = parseMidi(data)
    if (ev?.k === 'cc') {
      const wasLearning = router.learning
      const actions = router.onCc(ev.cc, ev.value)
      for (const a of actions) {
        if (a.k === 'learned') writeCc(a.target, a.cc)
        else if (!opts.controls?.external(a.control.kind as 'knob' | 'fader', a.control.name, a.value)) gestures.move(a.control, a.value)
      }
      if (wasLearning) ui?.refresh()
      // A CC that moves a control took the panel's path (sound, knob and text together); the
      // engine's own `cc N` table would lag behind a learn or a forget until the next compile.
      if (actions.length) return
    }
    send(data)
  }

  function writeCc(t: LearnTarget, cc: number | null): void {
    if (cc === null) router.forget(t.name)
    const ch = rewriteCc(app.view.state.doc.toString(), t.kind, t.name, cc)
    if (ch) app.view.dispatch({ changes: ch, userEvent: MIDI_EVENT })
    else router.settle(t.name)
    say(cc === null ? `${t.name}: MIDI mapping removed` : `${t.name} follows cc ${cc}`)
  }

  /// A short line beside the indicator, a polite live region (the toolbar's status line belongs to
  /// the compiler, whose next message would replace it at once).
  function say(text: string, ms = 4000): void {
    clearTimeout(noteTimer)
    note.textContent = text
    note.hidden = false
    render()
    noteTimer = setTimeout(() => {
      note.hidden = true
      render()
    }, ms)
  }

  function render(): void {
    const s: MidiStatus = inputs.status
    const learning = router.learning
    indicator.hidden = !notes && !router.anyMapped && !learning && s.k !== 'ready' && note.hidden
    keysEl.hidden = !notes
    keysEl.textContent = `⌨ ${midiToNote(keyboard.keys.octaveBase).toUpperCase()}`
    keysEl.classList.toggle('tp-on', keyboard.live)
    keysEl.title = keyboard.live
      ? 'The computer keyboard plays: a w s e d f t g y h u j k from C, z / x octave down / up'
      : 'The computer keyboard types in the editor: click outside it to play notes'
    const n = s.k === 'ready' ? s.inputs.length : 0
    inEl.textContent = s.k === 'ready' ? `MIDI ${n}` : s.k === 'unsupported' || s.k === 'denied' ? 'no MIDI' : ''
    inEl.title = describeStatus(s) ?? ''
    inEl.classList.toggle('tp-on', n > 0)
  }

  const panelEl = opts.panel === undefined ? document.getElementById('panel') : opts.panel
  const ui = panelEl
    ? new LearnUi(panelEl, {
        ccOf: (name) => router.ccOf(name),
        learning: () => router.learning,
        startLearn(t) {
          router.startLearn(t)
          void inputs.start()
          say(`MIDI learn: move a knob or fader on your MIDI device to map it to ${t.name} (Escape cancels)`, 15000)
          render()
        },
        cancelLearn() {
          router.cancelLearn()
          say('MIDI learn cancelled', 2000)
          render()
        },
        forget: (t) => writeCc(t, null),
      })
    : null

  const unsubscribe = app.onCompile((r) => {
    if (!r.patch) return
    notes = usesMidiNotes(r.patch)
    keyboard.enabled = notes
    router.setControls(r.patch.controls)
    // A compile of a text preview written a moment ago carries an older value than the hardware
    // knob has now: a running CC gesture owns its control's sound, as a mouse drag does.
    for (const c of r.patch.controls) {
      const v = gestures.value(c.name)
      if (v !== undefined) app.audio.send({ type: 'control', name: c.name, value: roundValue(v, c) })
    }
    if (notes || router.anyMapped) void inputs.start()
    render()
    // The panel redraws after compiles: mark the learning control again once it has.
    if (ui) requestAnimationFrame(() => ui.refresh())
  })
  render()

  return {
    router,
    keyboard,
    inputs,
    learn(t) {
      router.startLearn(t)
      void inputs.start()
      ui?.refresh()
      render()
    },
    destroy() {
      unsubscribe()
      gestures.flush()
      keyboard.destroy()
      inputs.stop()
      ui?.destroy()
      clearTimeout(noteTimer)
      indicator.remove()
    },
  }
}
