/// The panel's public types: what it reports while a musician plays with it.

import type { Control, Step } from '../language/patch-data.ts'
import type { Unit } from './scale.ts'

/// A knob or fader's new value, or a step_seq or piano_roll's whole new list.
export type PanelEdit = { value: number } | { steps: Step[] }

export interface PanelCallbacks {
  /// During a gesture, at every change (a pointer move, a wheel notch, a key press, a painted
  /// step): for instant sound. The value is already clamped and rounded as it will be written.
  onInput(control: Control, edit: PanelEdit): void
  /// A gesture ended (pointer up, wheel idle, key press, typed value entered, or Escape, which
  /// gives back the value the gesture started from): write `edit` into the text as one undoable
  /// edit. Called after at least one `onInput` of the same gesture.
  onCommit(control: Control, edit: PanelEdit): void
}

/// One control's widget, kept across compiles while its name and kind stay.
export interface Widget {
  readonly el: HTMLElement
  /// Newly compiled data for the control. Ignored for the value while a gesture is running, so
  /// a compile never interrupts a drag.
  update(control: Control, unit: Unit): void
  /// The step playing now, or null when stopped (step controls only).
  setStep(step: number | null): void
  /// A value from outside (MIDI), for knobs and faders.
  external?(value: number): void
  destroy(): void
}

export type { Unit }
