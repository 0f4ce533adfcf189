/// While a control moves, the editor shows its new value in place of the old one without changing
/// the text: a replace decoration per control, set by effects. The text changes once, when the
/// gesture ends, in one transaction (one step of undo, one recompile); meanwhile the engine hears
/// the moves as `control` messages.

import { StateEffect, StateField, type EditorState, type Extension } from '@codemirror/state'
import { Decoration, EditorView, WidgetType } from '@codemirror/view'

interface Preview {
  from: number
  to: number
  text: string
}

/// Show `text` over from..to for the control `key`, or (`text` null) stop showing it.
export const setPreview = StateEffect.define<{ key: string; preview: Preview | null }>({
  map: (v, ch) => (v.preview ? { key: v.key, preview: { ...v.preview, from: ch.mapPos(v.preview.from, 1), to: ch.mapPos(v.preview.to, -1) } } : v),
})

class PreviewWidget extends WidgetType {
  constructor(readonly text: string) {
    super()
  }
  eq(other: PreviewWidget): boolean {
    return other.text === this.text
  }
  toDOM(): HTMLElement {
    const span = document.createElement('span')
    span.className = 'cm-tp-preview'
    span.textContent = this.text
    return span
  }
}

export const previewField = StateField.define<ReadonlyMap<string, Preview>>({
  create: () => new Map(),
  update(value, tr) {
    let next: Map<string, Preview> | null = null
    if (tr.docChanged && value.size) {
      next = new Map()
      for (const [k, p] of value) {
        const from = tr.changes.mapPos(p.from, 1)
        const to = tr.changes.mapPos(p.to, -1)
        if (to >= from) next.set(k, { ...p, from, to })
      }
    }
    for (const e of tr.effects) {
      if (!e.is(setPreview)) continue
      next ??= new Map(value)
      if (e.value.preview) next.set(e.value.key, e.value.preview)
      else next.delete(e.value.key)
    }
    return next ?? value
  },
  provide: (f) =>
    EditorView.decorations.from(f, (m) =>
      Decoration.set(
        [...m.values()].map((p) => Decoration.replace({ widget: new PreviewWidget(p.text) }).range(p.from, p.to)),
        true,
      ),
    ),
})

const previewTheme = EditorView.baseTheme({
  '.cm-tp-preview': { color: '#f0a63a', borderBottom: '1px dashed #f0a63a80' },
})

export const previewExtension: Extension = [previewField, previewTheme]

export function hasPreview(state: EditorState): boolean {
  return state.field(previewField, false) !== undefined
}
