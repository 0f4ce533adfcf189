import type { CompiledPatch } from '../language/patch-data.ts'

/// Whether a patch plays notes from MIDI (has a `poly(..., midi)`).
export function usesMidiNotes(patch: CompiledPatch): boolean {
  return [patch.main, ...patch.voices].some((s) => s.units.some((u) => u.fn === 'poly' && u.steps?.k === 'midi'))
}
