/// Messages between the page and the engine's AudioWorkletProcessor. Plain data only.
/// The engine helper owns this file; extend it rather than inventing side channels.

import type { CompiledPatch } from '../src/language/patch-data.ts'
import type { Generated } from './engine/codegen.ts'

export type ToEngine =
  /// A newly compiled patch. The engine compares `shapeKey` with the running patch: equal means
  /// update values in place, different means generate a new function and carry state over.
  /// `code`: the patch's generated code (worklet/engine/codegen.ts), made by the page when the shape
  /// changed, so the audio thread only instantiates it; the engine generates it when absent.
  | { type: 'patch'; patch: CompiledPatch; code?: Generated }
  /// A knob or fader moved: applied at once, without a recompile.
  | { type: 'control'; name: string; value: number }
  /// Raw MIDI bytes (note on/off, control change, pitch bend) for `poly(..., midi)`.
  | { type: 'midi'; data: number[] }
  /// Which nodes of the main scope to report in `taps` (empty: none).
  | { type: 'taps'; nodes: string[] }

export interface TapFrame {
  /// Node name to its recent signal, downsampled to at most 256 points per message.
  signals: Record<string, Float32Array>
  /// Node name to its latest value (shown at the line's end for slow signals).
  values: Record<string, number>
}

export type FromEngine =
  | { type: 'loaded'; shapeKey: string; rebuilt: boolean; ms: number }
  | { type: 'taps'; frame: TapFrame }
  /// Share of the render budget used per block (0..1) and voices sounding.
  | { type: 'stats'; load: number; voices: number }
  /// Current step of each seq/poly driven by a step_seq or piano_roll control, for the panel's playhead.
  | { type: 'steps'; steps: Record<string, number> }
  /// A node produced a non-finite value and was reset, or generated code threw and the last good
  /// patch took over.
  | { type: 'fault'; message: string; node: string | null }
