/// The computer keyboard in the page: plays `poly(..., midi)` while the editor (or any other text
/// field) does not have the focus, so typing in the editor types. Held notes are released when
/// the focus moves into a text field or the window loses it, so no note hangs.

import { ComputerKeyboard } from './keys.ts'

export interface KeyboardPlayerOptions {
  /// MIDI bytes for the engine.
  send(data: number[]): void
  /// Called when whether the keyboard plays, or its octave, may have changed.
  onChange?(): void
  /// Where keys are heard; the window by default.
  target?: Window
}

/// Whether an element takes typed text: then its keys are left alone.
export function isTextTarget(el: EventTarget | null): boolean {
  if (!el || !(el as Element).closest) return false
  const e = el as HTMLElement
  return !!e.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], .cm-editor')
}

export class KeyboardPlayer {
  readonly keys = new ComputerKeyboard()
  private _enabled = false
  private readonly target: Window

  constructor(private readonly opts: KeyboardPlayerOptions) {
    this.target = opts.target ?? window
    this.target.addEventListener('keydown', this.onDown)
    this.target.addEventListener('keyup', this.onUp)
    this.target.addEventListener('blur', this.releaseAll)
    this.target.document.addEventListener('focusin', this.onFocusIn)
    this.target.document.addEventListener('focusout', this.onFocusOut)
  }

  /// Plays only while the patch has a `poly(..., midi)`; otherwise every key passes through.
  get enabled(): boolean {
    return this._enabled
  }
  set enabled(on: boolean) {
    if (on === this._enabled) return
    this._enabled = on
    if (!on) this.releaseAll()
    this.opts.onChange?.()
  }

  /// Whether a key press now would play (enabled, and the focus is not in a text field).
  get live(): boolean {
    return this._enabled && !isTextTarget(this.target.document.activeElement)
  }

  destroy(): void {
    this.releaseAll()
    this.target.removeEventListener('keydown', this.onDown)
    this.target.removeEventListener('keyup', this.onUp)
    this.target.removeEventListener('blur', this.releaseAll)
    this.target.document.removeEventListener('focusin', this.onFocusIn)
    this.target.document.removeEventListener('focusout', this.onFocusOut)
  }

  private readonly onDown = (e: KeyboardEvent): void => {
    if (!this._enabled || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return
    if (isTextTarget(e.target) || !ComputerKeyboard.handles(e.code)) return
    e.preventDefault()
    if (e.repeat) return
    const before = this.keys.octaveBase
    for (const m of this.keys.down(e.code)) this.opts.send(m)
    if (this.keys.octaveBase !== before) this.opts.onChange?.()
  }

  private readonly onUp = (e: KeyboardEvent): void => {
    // Always honoured, even in a text field: the key may have gone down outside it.
    for (const m of this.keys.up(e.code)) this.opts.send(m)
  }

  private readonly onFocusIn = (e: FocusEvent): void => {
    if (isTextTarget(e.target)) this.releaseAll()
    this.opts.onChange?.()
  }

  // Focus leaving for nothing (a click on the page's background) fires no focusin.
  private readonly onFocusOut = (): void => {
    setTimeout(() => this.opts.onChange?.(), 0)
  }

  private readonly releaseAll = (): void => {
    for (const m of this.keys.releaseAll()) this.opts.send(m)
  }
}
