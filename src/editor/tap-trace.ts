/// The pure parts of the oscilloscope: where to trigger, how to scale, how to print a value.

/// The lowest and highest values; NaN entries compare false and drop out.
export function span(sig: ArrayLike<number>): [number, number] {
  let lo = Infinity
  let hi = -Infinity
  for (let i = 0; i < sig.length; i++) {
    const v = sig[i]
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  return [lo, hi]
}

/// The level a trigger watches (zero for a signal that crosses it, the middle of its span
/// otherwise) and the level it must fall below to arm again: a tenth of the span lower, so that
/// noise on a slow ramp does not trigger. Null for a flat signal.
function triggerLevels(sig: ArrayLike<number>): { level: number; arm: number } | null {
  const [lo, hi] = span(sig)
  if (!(hi - lo > 1e-9)) return null
  const level = lo < 0 && hi > 0 ? 0 : (lo + hi) / 2
  return { level, arm: level - (hi - lo) * 0.1 }
}

/// Where a trace of `window` points should start so that a periodic signal stands still: the
/// first rising crossing of its trigger level. The result is fractional (the crossing
/// interpolated between two points), or -1 when no crossing leaves `window` points after it.
export function triggerIndex(sig: ArrayLike<number>, window: number): number {
  const t = sig.length >= 2 && window <= sig.length ? triggerLevels(sig) : null
  if (!t) return -1
  let armed = false
  for (let i = 0; i < sig.length - 1; i++) {
    const v = sig[i]
    if (v < t.arm) armed = true
    else if (armed && v < t.level && sig[i + 1] >= t.level) {
      const at = i + (t.level - v) / (sig[i + 1] - v)
      return at <= sig.length - window ? at : -1
    }
  }
  return -1
}

/// Counts rising crossings of the trigger level: a signal with fewer than two in its buffer is
/// "slow" and gets its value printed at the line's end.
export function risingCrossings(sig: ArrayLike<number>): number {
  const t = triggerLevels(sig)
  if (!t) return 0
  let armed = false
  let count = 0
  for (let i = 0; i < sig.length; i++) {
    if (sig[i] < t.arm) armed = true
    else if (armed && sig[i] >= t.level) {
      count++
      armed = false
    }
  }
  return count
}

/// The vertical range to draw a signal spanning `lo..hi`: symmetric around zero for signals that
/// cross it (so a sine's amplitude reads true), from zero for envelopes and gates, the signal's
/// own span otherwise, never thinner than `minSpan`.
export function traceRange(lo: number, hi: number, minSpan = 1e-3): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [-1, 1]
  if (lo >= 0 && lo < hi * 0.5) lo = 0
  if (lo < 0 && hi > 0) {
    const m = Math.max(-lo, hi)
    lo = -m
    hi = m
  }
  if (hi - lo < minSpan) {
    const mid = (hi + lo) / 2
    lo = mid - minSpan / 2
    hi = mid + minSpan / 2
  }
  return [lo, hi]
}

/// `1800`, `0.25`, `-0.031`: three significant digits (four from 1000 up), no trailing noise;
/// values too small to matter on stage read as 0.
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v)
  const a = Math.abs(v)
  if (a < 1e-4) return '0'
  if (a >= 1e5) return v.toExponential(2)
  return String(+v.toPrecision(a >= 1000 ? 4 : 3))
}
