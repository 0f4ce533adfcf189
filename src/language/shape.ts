/// The shape key: a string equal for two patches exactly when they differ only in values (numbers,
/// control values and ranges, steps, bpm), so the engine can update a running patch in place.

import type { CompiledPatch } from './patch-data.ts'

// Everything that moves when a number or a line above it changes, but does not change the code.
const NOT_SHAPE = new Set(['range', 'valueRange', 'values', 'bpm', 'shapeKey'])
const CONTROL_VALUES = new Set(['value', 'min', 'max', 'curve', 'cc', 'steps'])

export function shapeKeyOf(patch: CompiledPatch): string {
  return JSON.stringify(patch, function (this: unknown, key: string, value: unknown) {
    if (NOT_SHAPE.has(key)) return undefined
    const holder = this as Record<string, unknown>
    // Controls: their kind and name are shape; their values are not.
    if (CONTROL_VALUES.has(key) && typeof holder.kind === 'string' && 'valueRange' in holder) return undefined
    // A seq's or poly's literal list is data the engine swaps in place; only its source kind is shape.
    if (key === 'steps' && holder.k === 'list') return undefined
    return value
  })
}
