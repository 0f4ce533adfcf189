/// Wires the panel to the editor and the engine (`index.ts` does this for the IDE page):
///
///     const panel = attachPanel(el, view, (msg) => audio.send(msg), { commit: (ch) => app.edit(ch.from, ch.to, ch.insert) })
///     panel.update(result)            // after every compile, failed ones included
///     panel.setPlayhead(msg.steps)    // on the engine's `steps` message
///     panel.panel.external('knob', 'cutoff', 2400)   // a move from outside (src/midi)
///
/// While a knob turns, every move goes to the engine as a `control` message (instant sound, no
/// recompile) and shows in the editor as a preview over the old value (a decoration; the text
/// does not change). When the gesture ends, the final value is written in one transaction, so one
/// Ctrl+Z undoes the whole gesture and the patch recompiles once. Step edits take the same path;
/// their sound follows the recompile of that one edit.

import { redo, undo } from '@codemirror/commands'
import { StateEffect, Transaction } from '@codemirror/state'
import type { EditorView } from '@codemirror/view'
import type { CompileResult, Control } from '../language/patch-data.ts'
import type { ToEngine } from '../../worklet/protocol.ts'
import { createPanel, type Panel } from './panel.ts'
import { locateControl, rewriteSteps, rewriteValue, type TextChange } from './rewrite.ts'
import type { PanelCallbacks, PanelEdit, Unit } from './types.ts'
import { hasPreview, previewExtension, setPreview } from './preview.ts'
import { inferUnits } from './units.ts'
import { wholeTree } from '../editor/scope.ts'

/// The user event of the panel's edits (CodeMirror's `Transaction.userEvent`).
export const PANEL_EVENT = 'input.panel'

export interface AttachedPanel {
  readonly panel: Panel
  /// After every compile of the editor's current text: shows the patch's controls. When some line
  /// has an error (a null patch) it shows every control whose own declaration compiles, and the
  /// last good state of those that do not, so a half-typed value does not make its knob vanish.
  update(result: Pick<CompileResult, 'patch' | 'controls' | 'failedControls'>): void
  /// The engine's current step per step_seq / piano_roll.
  setPlayhead(steps: Readonly<Record<string, number>>): void
  destroy(): void
}

export interface AttachOptions {
  /// Writes a gesture's final change as one undoable edit. Default: a transaction on `view` with
  /// the user event `input.panel`. The IDE passes its `app.edit`, which also skips the compile
  /// debounce.
  commit?(change: TextChange): void
}

export function attachPanel(root: HTMLElement, view: EditorView, send: (msg: ToEngine) => void, options: AttachOptions = {}): AttachedPanel {
  const commit = options.commit ?? ((ch: TextChange) => view.dispatch({ changes: ch, annotations: Transaction.userEvent.of(PANEL_EVENT) }))
  if (!hasPreview(view.state)) view.dispatch({ effects: StateEffect.appendConfig.of(previewExtension) })
  /// Controls whose gesture is showing a preview (kind:name).
  const previewing = new Set<string>()
  /// The last value each knob or fader sent, to resend when the text changes it (undo, typing).
  const sent = new Map<string, number>()
  const key = (c: Control) => `${c.kind}:${c.name}`

  /// The change that writes `edit` into the editor's current text.
  function changeFor(c: Control, edit: PanelEdit, text = view.state.doc.toString(), tree = wholeTree(view.state)): TextChange | null {
    return 'value' in edit ? rewriteValue(text, c, edit.value, tree) : rewriteSteps(text, c, edit.steps, tree)
  }

  function sendValue(c: Control, edit: PanelEdit): void {
    if (!('value' in edit) || sent.get(c.name) === edit.value) return
    send({ type: 'control', name: c.name, value: edit.value })
    sent.set(c.name, edit.value)
  }

  const callbacks: PanelCallbacks = {
    onInput(control, edit) {
      sendValue(control, edit)
      const text = view.state.doc.toString(), tree = wholeTree(view.state)
      const at = locateControl(text, control.kind, control.name, control.range.from, tree)
      if (!at) return
      const ch = changeFor(control, edit, text, tree)
      const k = key(control)
      // What the value or list would read after the change, shown over it until the gesture ends.
      const shown = ch ? text.slice(at.value.from, ch.from) + ch.insert + text.slice(ch.to, at.value.to) : null
      if (shown === null && !previewing.has(k)) return
      if (shown === null) previewing.delete(k)
      else previewing.add(k)
      view.dispatch({ effects: setPreview.of({ key: k, preview: shown === null ? null : { from: at.value.from, to: at.value.to, text: shown } }) })
    },
    onCommit(control, edit) {
      const k = key(control)
      if (previewing.delete(k)) view.dispatch({ effects: setPreview.of({ key: k, preview: null }) })
      const ch = changeFor(control, edit)
      if (ch) commit(ch)
      sendValue(control, edit)
    },
  }

  const panel = createPanel(root, callbacks)
  // Undo and redo work from the panel too: they act on the text, where the panel's edits live.
  const onKey = (e: KeyboardEvent) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey || e.target instanceof HTMLInputElement) return
    const k = e.key.toLowerCase()
    const done = k === 'z' ? (e.shiftKey ? redo(view) : undo(view)) : k === 'y' && !e.shiftKey ? redo(view) : null
    if (done !== null) e.preventDefault()
  }
  root.addEventListener('keydown', onKey)
  let controls: readonly Control[] = []
  let units: Record<string, Unit> = {}
  return {
    panel,
    update({ patch, controls: compiled, failedControls }) {
      if (patch) units = inferUnits(patch, view.state.doc.toString())
      controls = failedControls.length ? withLastGood(compiled, failedControls, controls) : compiled
      panel.update(controls, units)
      for (const c of controls) {
        if (c.kind !== 'knob' && c.kind !== 'fader') continue
        // A gesture in progress owns its control's sound; otherwise the text does. The patch
        // just handed to the engine carries the text's (older) value, so the gesture's goes again:
        // otherwise another control's commit, or a MIDI learn writing `cc N`, would pull a knob
        // that is still turning back to where it started until its own gesture ends.
        if (previewing.has(key(c))) {
          const v = sent.get(c.name)
          if (v !== undefined) send({ type: 'control', name: c.name, value: v })
          continue
        }
        const last = sent.get(c.name)
        if (last !== undefined && last !== c.value) send({ type: 'control', name: c.name, value: c.value })
        sent.set(c.name, c.value)
      }
    },
    setPlayhead(steps) {
      panel.setPlayhead(steps)
    },

    destroy() {
      root.removeEventListener('keydown', onKey)
      panel.destroy()
    },
  }
}

/// The controls that compiled, with the last good state of each failed one in its place in the
/// text (a failed declaration repeating a shown control's name adds nothing).
export function withLastGood(compiled: readonly Control[], failed: CompileResult['failedControls'], previous: readonly Control[]): Control[] {
  const key = (c: { kind: string; name: string }) => `${c.kind}:${c.name}`
  const last = new Map(previous.map((c) => [key(c), c]))
  const shown = new Set(compiled.map(key))
  const out: Control[] = []
  let i = 0
  for (const f of failed) {
    while (i < compiled.length && compiled[i].range.from < f.range.from) out.push(compiled[i++])
    const prev = last.get(key(f))
    if (prev && !shown.has(key(f))) {
      out.push(prev)
      shown.add(key(f))
    }
  }
  while (i < compiled.length) out.push(compiled[i++])
  return out
}
