/// Wires the panel to the editor and the engine. In the page:
///
///     const panel = attachPanel(document.getElementById('panel')!, view, (msg) => engine.post(msg))
///     // after every compile (a null patch keeps the controls shown):
///     panel.update(result.patch)
///     // on the engine's { type: 'steps' } message:
///     panel.setPlayhead(msg.steps)
///
/// While a knob turns, every move goes to the engine as a `control` message (instant sound, no
/// recompile) and into the text at most once a frame, outside the undo history. When the gesture
/// ends, the text is put back as it was and the final value written in one transaction, so one
/// Ctrl+Z undoes the whole gesture. Step edits take the same path; their sound follows the
/// recompile that the text change triggers.

import { Transaction } from '@codemirror/state'
import type { EditorView } from '@codemirror/view'
import type { CompiledPatch, Control } from '../language/patch-data.ts'
import type { ToEngine } from '../../worklet/protocol.ts'
import { createPanel, type Panel } from './panel.ts'
import { locateControl, rewriteSteps, rewriteValue, type TextChange } from './rewrite.ts'
import type { PanelCallbacks, PanelEdit, Unit } from './types.ts'
import { controlsFromText } from './partial.ts'
import { inferUnits } from './units.ts'

/// The user event of the panel's edits (CodeMirror's `Transaction.userEvent`).
export const PANEL_EVENT = 'input.panel'

export interface AttachedPanel {
  readonly panel: Panel
  /// After every compile of the editor's current text: shows the patch's controls. With a null
  /// patch (some line has an error) it shows every control whose own declaration compiles, and
  /// the last good state of those that do not.
  update(patch: CompiledPatch | null): void
  /// The engine's current step per step_seq / piano_roll.
  setPlayhead(steps: Readonly<Record<string, number>>): void
  destroy(): void
}

export function attachPanel(root: HTMLElement, view: EditorView, send: (msg: ToEngine) => void): AttachedPanel {
  /// Per gesture (kind:name): the text of the value or list when it began.
  const original = new Map<string, string>()
  const pending = new Map<string, { control: Control; edit: PanelEdit }>()
  /// The last value each knob or fader sent, to resend when the text changes it (undo, typing).
  const sent = new Map<string, number>()
  let frame = 0
  const key = (c: Control) => `${c.kind}:${c.name}`

  function changeFor(text: string, c: Control, edit: PanelEdit): TextChange | null {
    return 'value' in edit ? rewriteValue(text, c, edit.value) : rewriteSteps(text, c, edit.steps)
  }

  function preview(): void {
    frame = 0
    for (const { control, edit } of pending.values()) {
      const ch = changeFor(view.state.doc.toString(), control, edit)
      if (ch) view.dispatch({ changes: ch, annotations: [Transaction.addToHistory.of(false), Transaction.userEvent.of(PANEL_EVENT)] })
    }
    pending.clear()
  }

  const callbacks: PanelCallbacks = {
    onInput(control, edit) {
      if ('value' in edit) {
        send({ type: 'control', name: control.name, value: edit.value })
        sent.set(control.name, edit.value)
      }
      const k = key(control)
      if (!original.has(k)) {
        const text = view.state.doc.toString()
        const at = locateControl(text, control.kind, control.name, control.range.from)
        if (!at) return
        original.set(k, text.slice(at.value.from, at.value.to))
      }
      pending.set(k, { control, edit })
      if (!frame) frame = requestAnimationFrame(preview)
    },
    onCommit(control, edit) {
      const k = key(control)
      pending.delete(k)
      const was = original.get(k)
      original.delete(k)
      if (was !== undefined) {
        const text = view.state.doc.toString()
        const at = locateControl(text, control.kind, control.name, control.range.from)
        if (at && text.slice(at.value.from, at.value.to) !== was) {
          view.dispatch({ changes: { from: at.value.from, to: at.value.to, insert: was }, annotations: [Transaction.addToHistory.of(false), Transaction.userEvent.of(PANEL_EVENT)] })
        }
      }
      const ch = changeFor(view.state.doc.toString(), control, edit)
      if (ch) view.dispatch({ changes: ch, annotations: Transaction.userEvent.of(PANEL_EVENT) })
      if ('value' in edit) {
        send({ type: 'control', name: control.name, value: edit.value })
        sent.set(control.name, edit.value)
      }
    },
  }

  const panel = createPanel(root, callbacks)
  let controls: readonly Control[] = []
  let units: Record<string, Unit> = {}
  return {
    panel,
    update(patch) {
      const text = view.state.doc.toString()
      if (patch) units = inferUnits(patch, text)
      controls = patch ? patch.controls : controlsFromText(text, controls)
      panel.update(controls, units)
      for (const c of controls) {
        if (c.kind !== 'knob' && c.kind !== 'fader') continue
        // A gesture in progress owns its control's sound; otherwise the text does.
        if (original.has(key(c))) continue
        const last = sent.get(c.name)
        if (last !== undefined && last !== c.value) send({ type: 'control', name: c.name, value: c.value })
        sent.set(c.name, c.value)
      }
    },
    setPlayhead(steps) {
      panel.setPlayhead(steps)
    },
    destroy() {
      if (frame) cancelAnimationFrame(frame)
      panel.destroy()
    },
  }
}
