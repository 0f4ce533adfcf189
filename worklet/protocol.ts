/// Messages between the page and the engine's AudioWorkletProcessor. Plain data only.
/// The engine helper owns this file; extend it rather than inventing side channels.

import type { CompiledPatch, Scope, Unit, VoiceTemplate } from '../src/language/patch-data.ts'
import type { Generated } from './engine/generated.ts'

export type ToEngine =
  /// A newly compiled patch. The engine compares `shapeKey` with the running patch: equal means
  /// update values in place, different means generate a new function and carry state over.
  /// `code`: the patch's generated code (worklet/engine/codegen.ts), made by the page when the shape
  /// changed, so the audio thread only instantiates it; the engine generates it when absent. With
  /// code, the patch comes lean (`patchMessage`).
  | { type: 'patch'; patch: CompiledPatch; code?: Generated }
  /// A knob or fader moved: applied at once, without a recompile.
  | { type: 'control'; name: string; value: number }
  /// Raw MIDI bytes (note on/off, control change, pitch bend) for `poly(..., midi)`.
  | { type: 'midi'; data: number[] }
  /// Which nodes of the main scope to report in `taps` (empty: none).
  | { type: 'taps'; nodes: string[] }
  /// Signal arrays of earlier `taps` frames the page has replaced, transferred back so the worklet
  /// fills them again instead of allocating new ones on the audio thread.
  | { type: 'tapArrays'; arrays: Float32Array[] }

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

/// The message for a patch, and its code when the page generated it. With code of the patch's shape
/// the patch travels lean: without its nodes and its units' arguments, the expressions the code was
/// generated from. They were half the time of copying the message, which the audio thread spends
/// too, receiving it (the 200-line bench patch: 2.1 -> 1.1 ms for both copies, Node's
/// structuredClone). The engine reads a patch that comes with its code only for values, controls,
/// tempo and steps; one that comes without (a values-only edit) is whole, since the engine may have
/// to generate from it (after falling back to an older patch of another shape). Should the engine
/// ever generate from a lean patch, a missing argument or node throws and the load is refused: the
/// playing patch goes on.
export function patchMessage(patch: CompiledPatch, code?: Generated | null): ToEngine {
  if (!code || code.shapeKey !== patch.shapeKey) return { type: 'patch', patch }
  return {
    type: 'patch',
    patch: { shapeKey: patch.shapeKey, main: leanScope(patch.main), voices: patch.voices.map(leanVoice), bpm: patch.bpm, values: patch.values, controls: patch.controls },
    code,
  }
}

// The lean copies are written field by field, each literal's first key one the compiler's objects
// do not start with, and not as `{ ...u, args: {} }`: a spread copies the compiler's object layout
// (V8's map) and the override then stores into a field the copy already has, which V8 records on
// the shared layout as a field that changes; it answers by deoptimising every compiler and generator
// function optimised on that layout. In Chromium that was 17 of them at the IDE's first post of
// generated code (`--log-deopt`: "dependent field type constness changed"), so the next edits
// compiled in slower tiers while V8 optimised them again.

function leanScope(s: Scope): Scope {
  return { out: s.out, units: s.units.map(leanUnit), nodes: [] }
}

function leanVoice(v: VoiceTemplate): VoiceTemplate {
  return { params: v.params, name: v.name, range: v.range, out: v.out, units: v.units.map(leanUnit), nodes: [] }
}

function leanUnit(u: Unit): Unit {
  return { args: {}, id: u.id, key: u.key, fn: u.fn, node: u.node, mode: u.mode, steps: u.steps, voice: u.voice, voices: u.voices, range: u.range }
}
