/// What the code generator hands the engine for one patch shape (codegen.ts): the generated code and
/// the heap layout beside it, plain data (strings, numbers, arrays) that the page posts with the
/// patch, so that code generation stays off the audio thread.

import type { NodeFn } from '../../src/language/node-types.ts'
import type { Unit } from '../../src/language/patch-data.ts'

/// One stateful unit in the heap (a main-scope unit, or one voice's copy of a template unit).
export interface Instance {
  /// Full key prefix of its slots: `echo.delay`, `keys.poly.voice3.env.adsr`.
  key: string
  fn: NodeFn
  /// Main-scope node it belongs to (the poly's node for voice units).
  node: string
  base: number
  size: number
  /// Index of its delay buffer in `Layout.delays`, or -1.
  delay: number
}

/// Where each step table, delay buffer and poly runtime the generated code reads comes from.
export type Resource =
  /// `voice`: the template the unit is in (null: the main scope). A values-only edit reads the
  /// steps from the new patch's unit of the same key there (program.ts, setValues).
  | { k: 'steps'; unit: Unit; poly: boolean; voice: string | null }
  | { k: 'delay'; key: string }
  | { k: 'poly'; unit: Unit; base: number; template: number; size: number; delays: string[][] }

/// Everything a program is built from besides the patch: plain data (strings, numbers, arrays), so
/// the page can generate it and post it with the patch, keeping code generation off the audio thread.
export interface Generated {
  /// The shape this code is for (the patch's shapeKey).
  shapeKey: string
  /// Heap size, the key and initial value of each slot, and which instance owns it.
  size: number
  keys: string[]
  init: number[]
  owner: number[]
  instances: Instance[]
  /// Main node names in order, and the W offset of each one's block.
  nodes: string[]
  nodeOffsets: number[]
  controls: string[]
  /// T[] (step tables), B[] (main delay buffers) and PL[] (polys), in the order the code indexes them.
  tables: Resource[]
  delays: string[]
  polys: Resource[]
  /// The main scope's function: `new Function('D', 'X', 'C', main)(RUNTIME, runCalls, context)`,
  /// the context holding the tabled calls' wrappers, their order and `args` (call-table.ts).
  main: string
  /// The argument table of main's tabled calls, the patterns of their wrappers, and the calls in
  /// main's order: for each, its pattern's number in `calls` and where its integers start in `args`.
  args: Int32Array
  calls: string[]
  order: Int32Array
  /// Rows of BLOCK samples in the main scope's work array W (each node's, each unit's, scratch).
  rows: number
  /// Each voice template's function, and its work array's rows.
  voices: string[]
  voiceRows: number[]
  /// Every delay buffer's key (main and voices), in `Instance.delay` order, and the value index of
  /// its delay's time when that is a number (-1 when it is a signal: the buffer holds the longest).
  buffers: string[]
  bufferTimes: number[]
  /// K[]: oscillator banks' slot and value tables (see oscBank, oscRowBank), and row sums' offsets
  /// (see vSumRows).
  banks: Int32Array[]
  /// Length of V: the patch's values, then the constants the code computes.
  vSize: number
}
