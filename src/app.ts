/// The IDE's public face: what the side panel (`src/panel/`), sharing (`src/share/`) and the
/// browser tests use. Nothing else of the IDE is meant to be imported by other parts.
///
/// Plugging in (both are optional; the page builds and runs without them):
/// - `src/panel/index.ts` exports `mountPanel(el: HTMLElement, app: TaplineApp): void`. `el` is
///   the empty `<aside id="panel">` on the right. The panel reads controls from
///   `app.onCompile` (`result.patch.controls`, each with its `valueRange` in the text), rewrites
///   a value with `app.edit(from, to, text)` (the text stays the truth; a value-only edit reaches
///   the engine at once without a rebuild), may also send `app.audio.send({ type: 'control', ... })`
///   for a move that must not wait for the text, and shows playheads from `app.onEngine` `steps`.
/// - `src/share/index.ts` exports `installShare(app: TaplineApp): void`, and may export
///   `initialText(): string | null` (the patch last edited, or one carried by the URL), which the
///   page opens instead of its default patch. Buttons go in the toolbar with `app.toolbar.addButton`.

import type { EditorView } from '@codemirror/view'
import type { CompileResult } from './language/patch-data.ts'
import type { FromEngine } from '../worklet/protocol.ts'
import type { AudioHost } from './audio/host.ts'

export interface ToolbarButton {
  /// The button's accessible name and visible text (`Share`, `Render`, `Examples`).
  label: string
  /// Tooltip; put the keyboard shortcut here if there is one.
  title?: string
  /// A single character or short glyph shown before the label.
  icon?: string
  onClick(event: MouseEvent): void
}

export interface Toolbar {
  /// Adds a button to the tools group, after the ones added before it.
  addButton(button: ToolbarButton): HTMLButtonElement
  /// The tools group itself, for anything richer than a button (a menu, a file input).
  readonly slot: HTMLElement
  /// A short message in the status area (`Link copied`), cleared after `ms`.
  flash(message: string, ms?: number): void
}

export interface TaplineApp {
  readonly view: EditorView
  readonly audio: AudioHost
  readonly toolbar: Toolbar
  /// The patch text: the one source of truth.
  getText(): string
  /// Replaces the whole text (an example, a shared link) as one undoable edit, applied at once.
  setText(text: string): void
  /// Replaces `from..to` as a user edit (undoable), compiled and applied without the typing
  /// debounce: what a control calls while it moves.
  edit(from: number, to: number, insert: string): void
  /// The latest compile (null before the first).
  readonly compiled: CompileResult | null
  /// Called after every compile with its result; returns an unsubscribe function. A listener
  /// added after the first compile is called at once with the latest result.
  onCompile(listener: (result: CompileResult) => void): () => void
  /// Every message from the engine (`taps`, `stats`, `steps`, `loaded`, `fault`).
  onEngine(listener: (msg: FromEngine) => void): () => void
  play(): Promise<void>
  stop(): void
}
