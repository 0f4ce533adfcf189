/// Empty arrays of V8's elements kind for objects.
///
/// A literal `[]` (and `[].map(...)`, `[...empty]`) starts as a list of small integers and changes
/// kind with its first object. Code the warm-up had optimised on its engines, whose lists had held
/// objects, then met a fresh engine's empty ones and deoptimised ("wrong map", in Chromium at
/// block's `this.fades.length` and run's `p.PL.length` for a patch without a poly) on the first
/// block of every new processor's engine; the engine's per-block code then took up to half of P1's
/// render to reach its top tier again. Lists the engine's shared code reads start here instead.

export function objectList<T extends object>(): T[] {
  const list: (T | null)[] = [null]
  list.length = 0
  return list as T[]
}
