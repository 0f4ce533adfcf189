/// The compiled patch: plain data (no classes, no functions) that crosses from the compiler in
/// the main thread to the engine in the AudioWorklet by `postMessage`, and that the CLI, the tests
/// and the benchmark hand to the same engine in Node.
///
/// It is split in two so that live edits are cheap:
/// - the *shape* (scopes, units, expressions, order): changing it makes the engine generate a new
///   function, copying the state slots whose keys match;
/// - the *values* (`values`, control values, step tables, `bpm`): changing only these updates the
///   running function in place, with no rebuild and no state reset.
/// `shapeKey` is a string that is equal for two patches exactly when their shapes are equal.
///
/// Names (of nodes, controls, voices) appear only as keys for joining tables; the code generator
/// emits numbers and table indices, never text from the patch.

import type { ControlKind, HelperFn, NodeFn, VoiceParam } from './node-types.ts'

export interface SourceRange {
  /// Offsets into the patch text, `to` exclusive.
  from: number
  to: number
  /// 1-based line and column of `from`.
  line: number
  col: number
}

export interface Diagnostic extends SourceRange {
  severity: 'error' | 'warning'
  message: string
}

/// An expression evaluated per sample. Every literal number becomes a `value` entry, so that
/// editing a number changes values, not shape; subtrees of literals only are folded into one.
export type Expr =
  | { k: 'value'; i: number } // patch.values[i]
  | { k: 'node'; name: string } // a node of the same scope, computed earlier this sample (or a delay read)
  | { k: 'control'; name: string } // a knob or fader's current value
  | { k: 'param'; name: VoiceParam } // inside a voice: freq, gate or vel
  | { k: 'beat' } // bpm / 60
  | { k: 'op'; op: '+' | '-' | '*' | '/'; a: Expr; b: Expr }
  | { k: 'neg'; a: Expr }
  | { k: 'helper'; fn: HelperFn; args: Expr[] }
  | { k: 'unit'; id: number } // the output of scope.units[id] this sample

/// One step of a sequence, from a `[...]` list, a step_seq or a piano_roll.
/// `notes` holds frequencies in Hz (a chord has several; `seq` plays the lowest).
export type Step =
  | { k: 'hit' } // x: passes the clock pulse (seq) / plays nothing (poly)
  | { k: 'rest' } // .
  | { k: 'tie' } // _: holds the previous step
  | { k: 'value'; v: number } // a plain number (seq only)
  | { k: 'notes'; hz: number[]; midi: number[] } // one note or a chord

/// Where a seq's steps or a poly's notes come from.
export type StepSource =
  | { k: 'list'; steps: Step[] } // a literal list in the call
  | { k: 'control'; name: string } // a step_seq or piano_roll (its steps are in patch.controls)
  | { k: 'midi' } // poly only: notes from MIDI input

/// A call of a node function: the stateful building block. A unit's state keeps its `key` across
/// reloads; the key is `NODE.FN` for the first call of FN in node NODE, `NODE.FN2` for the second,
/// and so on (`out.osc` for calls written in `out`), so that wrapping a call in arithmetic keeps it.
export interface Unit {
  id: number
  key: string
  fn: NodeFn
  /// The node (or `out`) whose expression holds this call.
  node: string
  /// osc: wave; filter: mode; noise: color; null for the others.
  mode: string | null
  /// Signal and block arguments by name, defaults filled in (numbers as `value` entries).
  args: Record<string, Expr>
  /// seq: its steps; poly: its notes.
  steps: StepSource | null
  /// poly: the voice template's name and the number of voices; null for the others.
  voice: string | null
  voices: number
  range: SourceRange
}

export interface NodeEntry {
  name: string
  expr: Expr
  /// The whole `node NAME = ...` statement.
  range: SourceRange
}

/// A main patch or a voice template: nodes in evaluation order (every node after those it reads,
/// except that a delay's `input` may read any node: delays are read early and written last).
export interface Scope {
  nodes: NodeEntry[]
  units: Unit[]
  /// Left and right; a mono `out = X` gives the same expression twice.
  out: [Expr, Expr]
}

export interface VoiceTemplate extends Scope {
  name: string
  params: VoiceParam[]
  range: SourceRange
}

export interface Control {
  kind: ControlKind
  name: string
  /// knob, fader: current value and range; step_seq, piano_roll: 0 and the step count.
  value: number
  min: number
  max: number
  curve: 'lin' | 'exp'
  /// MIDI control change number mapped to this control, or null.
  cc: number | null
  /// step_seq, piano_roll: the steps; empty for knob and fader.
  steps: Step[]
  /// The whole declaration, and the part the panel rewrites: the value for knob and fader, the
  /// `[...]` list for step_seq and piano_roll.
  range: SourceRange
  valueRange: SourceRange
}

export interface CompiledPatch {
  bpm: number
  /// Every literal number of the patch, indexed by `Expr` `value` entries.
  values: number[]
  controls: Control[]
  voices: VoiceTemplate[]
  main: Scope
  /// Equal for two patches exactly when only values, control values, steps and bpm differ.
  shapeKey: string
}

export interface CompileResult {
  /// Null when any diagnostic is an error.
  patch: CompiledPatch | null
  diagnostics: Diagnostic[]
  /// Every control whose own declaration compiles, in text order, even when other lines have
  /// errors (and `patch` is null); `patch.controls` when there is a patch.
  controls: Control[]
  /// The control declarations that have errors (of their own or of syntax), in text order: the
  /// panel keeps showing their last good state.
  failedControls: FailedControl[]
}

export interface FailedControl {
  kind: ControlKind
  name: string
  /// The whole declaration as it reads now.
  range: SourceRange
}
