/// Step sequencer. Steps arrive compiled into two arrays (see `seqTable`): per step, whether it
/// passes the clock (1) or outputs a constant (0), and that constant.
/// State at `o`: the index of the step playing (-1 before the first clock edge) and the last clock.

import type { Step } from '../../src/language/patch-data.ts'

export const SEQ_STATE = ['step', 'clock', 'out'] as const
export const SEQ_INIT = [-1, 0, 0] as const

export interface SeqTable {
  n: number
  pass: Float64Array
  value: Float64Array
}

/// - `x` passes the clock pulse, so consecutive hits retrigger; followed by `_` it holds 1 instead
///   (a tie holds the gate), and the last tied step passes the clock so the gate falls with it.
/// - `.` is 0; a number is held for its step; notes give the lowest frequency.
/// - `_` repeats the step it ties to (wrapping around); a list of only ties is silent.
/// `make`: where the two arrays come from (the engine passes views into shared memory: see
/// memory.ts `smallF64`).
export function seqTable(steps: readonly Step[], make: (n: number) => Float64Array = (n) => new Float64Array(n)): SeqTable {
  const n = Math.max(1, steps.length)
  const t = { n, pass: make(n), value: make(n) }
  for (let i = 0; i < n; i++) {
    const s = steps.length ? origin(steps, i) : ({ k: 'rest' } as Step)
    const nextTie = steps.length > 1 && steps[(i + 1) % steps.length].k === 'tie'
    t.pass[i] = s.k === 'hit' && !nextTie ? 1 : 0
    t.value[i] = s.k === 'hit' ? 1 : s.k === 'value' ? s.v : s.k === 'notes' ? Math.min(...s.hz) : 0
  }
  return t
}

/// The step a tie at `i` holds (wrapping around): a function of the module, not a closure made per
/// table, whose optimised code V8 would drop at each full collection (codegen.ts: eachExpr).
function origin(steps: readonly Step[], i: number): Step {
  for (let j = 0; j < steps.length; j++) {
    const s = steps[(i - j + steps.length * 2) % steps.length]
    if (s.k !== 'tie') return s
  }
  return { k: 'rest' }
}

/// The sequencer's output, also left in its `out` slot (`o + 2`).
export function seq(S: Float64Array, o: number, clock: number, pass: Float64Array, value: Float64Array, n: number): number {
  seqStep(S, o, clock, pass, value, n)
  return S[o + 2]
}

/// One sample, returning nothing (see adsrStep): the output goes to slot `o + 2`.
export function seqStep(S: Float64Array, o: number, clock: number, pass: Float64Array, value: Float64Array, n: number): void {
  let i = S[o]
  if (clock > 0 && !(S[o + 1] > 0)) {
    i = i + 1 < n ? i + 1 : 0
    S[o] = i
  }
  S[o + 1] = clock
  if (i >= n) S[o] = i = 0 // the list got shorter
  S[o + 2] = i < 0 ? 0 : pass[i] === 1 ? clock : value[i]
}

/// A block of the sequencer driven by the clock (W offset or -1 and a constant). A clock row runs
/// step by step (seqRuns); a constant clock, sample by sample.
export function seqBlock(S: Float64Array, o: number, W: Float64Array, out: number, lo: number, hi: number, V: Float64Array, clock: number, clockVi: number, t: SeqTable): void {
  if (clock >= 0) return seqRuns(S, o, W, out, lo, hi, clock, t)
  const c = V[clockVi]
  const pass = t.pass, value = t.value, n = t.n
  let i = S[o], last = S[o + 1], y = S[o + 2]
  for (let j = lo; j < hi; j++) {
    if (c > 0 && !(last > 0)) i = i + 1 < n ? i + 1 : 0
    last = c
    if (i >= n) i = 0 // the list got shorter
    y = i < 0 ? 0 : pass[i] === 1 ? c : value[i]
    W[out + j] = y
  }
  S[o] = i
  S[o + 1] = last
  S[o + 2] = y
}

/// seqBlock with the clock a row: a step holds until the clock rises again, so from each sample
/// that may start one, the rest of the clock's high stretch and then its low stretch are written
/// in loops that only test the clock (the step's value, or the clock itself for a step that passes
/// it), where every sample looked the step up. The same samples and state as `seqStep` sample by
/// sample. Two of P2's sequencers: 0.53 -> 0.14 us per block (Chromium).
function seqRuns(S: Float64Array, o: number, W: Float64Array, out: number, lo: number, hi: number, clock: number, t: SeqTable): void {
  if (hi <= lo) return
  const pass = t.pass, value = t.value, n = t.n
  let i = S[o], last = S[o + 1]
  let j = lo
  while (j < hi) {
    const c = W[clock + j]
    if (c > 0 && !(last > 0)) i = i + 1 < n ? i + 1 : 0
    if (i >= n) i = 0 // the list got shorter
    const passes = i >= 0 && pass[i] === 1, v = i < 0 ? 0 : value[i]
    let k = j
    if (c > 0) {
      if (passes) for (; k < hi && W[clock + k] > 0; k++) W[out + k] = W[clock + k]
      else for (; k < hi && W[clock + k] > 0; k++) W[out + k] = v
    }
    if (passes) for (; k < hi && !(W[clock + k] > 0); k++) W[out + k] = W[clock + k]
    else for (; k < hi && !(W[clock + k] > 0); k++) W[out + k] = v
    last = W[clock + k - 1]
    j = k
  }
  S[o] = i
  S[o + 1] = last
  S[o + 2] = W[out + hi - 1]
}
