/// Oscillators reading the shared wavetables. State per oscillator, in the patch's heap at `o`:
/// phase (float64, 0..1), the last |increment| and the table position picked for it, so a steady
/// pitch costs one comparison per sample to pick its tables.

import * as wt from './wavetable.ts'

// Local copies: module namespaces may be getters (vite-node, tsx), too slow for a per-sample path.
const TABLE_SIZE = wt.TABLE_SIZE
const TABLE_STRIDE = wt.TABLE_STRIDE
const tablePosition = wt.tablePosition

export const OSC_STATE = ['phase', 'inc', 'table'] as const
/// Initial values: the increment slot starts impossible so the first sample picks a table.
export const OSC_INIT = [0, -1, 0] as const

/// Table position for this increment, recomputed only when the increment changes.
function position(S: Float64Array, o: number, inc: number): number {
  const a = inc < 0 ? -inc : inc
  if (a !== S[o + 1]) {
    S[o + 1] = a
    S[o + 2] = tablePosition(a)
  }
  return S[o + 2]
}

function advance(S: Float64Array, o: number, ph: number, inc: number): void {
  let p = ph + inc
  if (p >= 1 || p < 0) {
    p -= Math.floor(p)
    if (p >= 1) p = 0
  }
  S[o] = p
}

/// Linear interpolation in table `pos|0` at phase `ph`, crossfaded into the next by `pos`'s fraction.
function read(set: Float32Array, pos: number, ph: number): number {
  const k = pos | 0
  const w = pos - k
  const x = ph * TABLE_SIZE
  const i = x | 0
  const f = x - i
  let b = k * TABLE_STRIDE + i
  let y = set[b] + f * (set[b + 1] - set[b])
  if (w > 0) {
    b += TABLE_STRIDE
    y += w * (set[b] + f * (set[b + 1] - set[b]) - y)
  }
  return y
}

/// Band-limited saw (rising), or triangle when given the triangle set.
export function oscTable(S: Float64Array, o: number, inc: number, set: Float32Array): number {
  const ph = S[o]
  const y = read(set, position(S, o, inc), ph)
  advance(S, o, ph, inc)
  return y
}

/// Band-limited pulse: the difference of two saws `pw` apart, offset so it spans -1..1 and is high
/// for the first `pw` of each period.
export function oscSquare(S: Float64Array, o: number, inc: number, pw: number, saw: Float32Array): number {
  const ph = S[o]
  const w = pw > 0 ? (pw < 1 ? pw : 1) : 0
  const pos = position(S, o, inc)
  let ph2 = ph - w
  if (ph2 < 0) ph2 += 1
  const y = read(saw, pos, ph2) - read(saw, pos, ph) + 2 * w - 1
  advance(S, o, ph, inc)
  return y
}

/// Sine from one interpolated table (about 2.5 ns against 12 ns for Math.sin).
export function oscSine(S: Float64Array, o: number, inc: number, sine: Float32Array): number {
  const ph = S[o]
  const x = ph * TABLE_SIZE
  const i = x | 0
  const y = sine[i] + (x - i) * (sine[i + 1] - sine[i])
  advance(S, o, ph, inc)
  return y
}
