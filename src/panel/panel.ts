/// The control panel: one widget per control of the compiled patch, in text order.
///
///     const panel = createPanel(document.getElementById('panel')!, { onInput, onCommit })
///     panel.update(patch.controls, units)   // after every successful compile: cheap, in place
///     panel.setPlayhead({ hats: 3 })          // from the engine's `steps` messages
///
/// Widgets are keyed by kind and name: a compile updates them in place (focus and a running drag
/// survive), a control gone from the text goes, a renamed one is a new widget that starts from
/// the text. Values live in the text, so they survive reloads with it.

import type { Control } from '../language/patch-data.ts'
import { PianoRollWidget } from './piano-roll.ts'
import { SliderWidget, h } from './slider.ts'
import { StepSeqWidget } from './step-seq.ts'
import type { PanelCallbacks, Unit, Widget } from './types.ts'
import './panel.css'

export type { PanelCallbacks, PanelEdit } from './types.ts'

export interface Panel {
  readonly element: HTMLElement
  /// Shows these controls (in this order); `units` names the unit of knobs and faders that have one.
  update(controls: readonly Control[], units?: Readonly<Record<string, Unit>>): void
  /// The step playing now per step_seq / piano_roll name; names left out stop their playhead.
  setPlayhead(steps: Readonly<Record<string, number>>): void
  /// Moves a knob or fader from outside (a MIDI controller), as a gesture written into the text
  /// when the controller rests. False when there is no such control.
  external(kind: 'knob' | 'fader', name: string, value: number): boolean
  destroy(): void
}

export function createPanel(root: HTMLElement, callbacks: PanelCallbacks): Panel {
  const element = h('div', 'tp-panel')
  element.setAttribute('aria-label', 'Controls')
  const empty = h('p', 'tp-empty')
  empty.innerHTML = 'No controls yet. Declare one in the patch, e.g. <code>knob cutoff = 1800 [80..9000] exp</code>.'
  element.append(empty)
  root.append(element)
  const widgets = new Map<string, Widget>()
  let playing: Readonly<Record<string, number>> = {}
  const keyOf = (c: Control) => `${c.kind}:${c.name}`

  function make(c: Control, unit: Unit): Widget {
    switch (c.kind) {
      case 'knob':
      case 'fader':
        return new SliderWidget(c, unit, callbacks)
      case 'step_seq':
        return new StepSeqWidget(c, callbacks)
      case 'piano_roll':
        return new PianoRollWidget(c, callbacks)
    }
  }

  return {
    element,
    update(controls, units = {}) {
      const seen = new Set<string>()
      const order: Widget[] = []
      for (const c of controls) {
        const key = keyOf(c)
        if (seen.has(key)) continue // a name defined twice is the compiler's error; show the first
        seen.add(key)
        const unit = units[c.name] ?? null
        let w = widgets.get(key)
        if (w) w.update(c, unit)
        else {
          w = make(c, unit)
          w.el.dataset.key = key
          widgets.set(key, w)
          if (c.kind === 'step_seq' || c.kind === 'piano_roll') w.setStep(playing[c.name] ?? null)
        }
        order.push(w)
      }
      for (const [key, w] of widgets) {
        if (!seen.has(key)) {
          w.destroy()
          widgets.delete(key)
        }
      }
      // Move only widgets that are out of place, so the focused one normally stays put; if it has
      // to move, give its focus back.
      const active = document.activeElement
      let prev: Element = empty
      for (const w of order) {
        if (prev.nextElementSibling !== w.el) prev.after(w.el)
        prev = w.el
      }
      if (active instanceof HTMLElement && active !== document.activeElement && element.contains(active)) active.focus()
      if (empty.hidden !== order.length > 0) empty.hidden = order.length > 0
    },
    setPlayhead(steps) {
      playing = steps
      for (const [key, w] of widgets) {
        const name = key.slice(key.indexOf(':') + 1)
        if (key.startsWith('step_seq:') || key.startsWith('piano_roll:')) w.setStep(steps[name] ?? null)
      }
    },
    external(kind, name, value) {
      const w = widgets.get(`${kind}:${name}`)
      if (!w?.external) return false
      w.external(value)
      return true
    },
    destroy() {
      for (const w of widgets.values()) w.destroy()
      widgets.clear()
      element.remove()
    },
  }
}
