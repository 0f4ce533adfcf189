/// The pure parts of the oscilloscope: where to trigger, how to scale, how to print a value.

/// Where a trace of `window` points should start so that a periodic signal stands still: the
/// first rising crossing of the signal's middle level (zero for a signal centred on zero), found
/// with hysteresis so that noise on a slow ramp does not trigger. The result is fractional (the
/// crossing interpolated between two points), or -1 when no crossing leaves `window` points after
/// it: the signal is slow or constant.
export function triggerIndex(sig: ArrayLike<number>, window: number): number {
  const n = sig.length
  if (n < 2 || window > n) return -1
  let lo = Infinity
  let hi = -Infinity
  for (let i = 0; i < n; i++) {
    const v = sig[i]
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  const span = hi - lo
  if (!(span > 1e-9)) return -1
  const level = lo < 0 && hi > 0 ? 0 : (lo + hi) / 2
  const arm = level - span * 0.1
  let armed = false
  const last = n - window
  for (let i = 0; i < n - 1; i++) {
    const v = sig[i]
    if (v < arm) armed = true
    else if (armed && v < level && sig[i + 1] >= level) {
      const at = i + (level - v) / (sig[i + 1] - v)
      return at <= last ? at : -1
    }
  }
  return -1
}

/// Counts rising crossings of zero (or the middle level): a signal with fewer than two in its
/// buffer is "slow" and gets its value printed at the line's end.
export function risingCrossings(sig: ArrayLike<number>): number {
  let lo = Infinity
  let hi = -Infinity
  for (let i = 0; i < sig.length; i++) {
    lo = Math.min(lo, sig[i])
    hi = Math.max(hi, sig[i])
  }
  if (!(hi - lo > 1e-9)) return 0
  const level = lo < 0 && hi > 0 ? 0 : (lo + hi) / 2
  const arm = level - (hi - lo) * 0.1
  let armed = false
  let count = 0
  for (let i = 0; i < sig.length; i++) {
    if (sig[i] < arm) armed = true
    else if (armed && sig[i] >= level) {
      count++
      armed = false
    }
  }
  return count
}

/// The vertical range to draw: symmetric around zero for signals that cross it (so a sine's
/// amplitude reads true), the signal's own span otherwise, never thinner than `minSpan`.
export function traceRange(sig: ArrayLike<number>, minSpan = 1e-3): [number, number] {
  let lo = Infinity
  let hi = -Infinity
  for (let i = 0; i < sig.length; i++) {
    lo = Math.min(lo, sig[i])
    hi = Math.max(hi, sig[i])
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [-1, 1]
  if (lo >= 0 && lo < hi * 0.5) lo = 0 // envelopes and gates read from zero
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
