/// Delay line read before it is written in each sample, so a loop through it works: the engine
/// reads every delay early in the sample and writes them all at its end. The buffer holds
/// MAX_DELAY_SECONDS plus two samples; the delay time is interpolated linearly.
/// State at `o`: write position, the value read this sample, and the feedback read with it.

import { ECHO_TINY, echo } from './delay-loops.ts'
import { ECHO_FLOATS, ECHO_INTS, MemoryAt } from './dsp-memory.ts'

export const DELAY_STATE = ['write', 'read', 'feedback'] as const
export const DELAY_INIT = [0, 0, 0] as const
const TINY = ECHO_TINY
const LINE_AT = new MemoryAt(), ROWS_AT = new MemoryAt()

export function delayLength(maxSeconds: number, sr: number): number {
  return Math.ceil(maxSeconds * sr) + 2
}

/// The delayed sample, also left in the `read` slot (`o + 1`).
export function delayRead(buf: Float32Array, S: Float64Array, o: number, seconds: number, feedback: number, sr: number): number {
  delayReadStep(buf, S, o, seconds, feedback, sr)
  return S[o + 1]
}

/// The read, returning nothing (see adsrStep).
export function delayReadStep(buf: Float32Array, S: Float64Array, o: number, seconds: number, feedback: number, sr: number): void {
  const len = buf.length
  let d = seconds * sr
  d = d > 1 ? (d < len - 2 ? d : len - 2) : 1 // NaN reads one sample back
  let r = S[o] - d
  // r a hair below 0 (0.34 s at 48 kHz is 16320.000000000002 samples) rounds up to len when len
  // is added, which is position 0: read there, not past the end (an undefined, then NaN).
  if (r < 0) r = r + len < len ? r + len : 0
  const i = r | 0
  const f = r - i
  const j = i + 1 < len ? i + 1 : 0
  const y = f === 0 ? buf[i] : buf[i] + f * (buf[j] - buf[i])
  S[o + 1] = y
  S[o + 2] = feedback
}

/// A value as the line keeps it: non-finite and subnormal values become 0, so a fault never stays
/// in the line (and no subnormal slows it). Every write, per sample or per block, goes through it.
const settle = (v: number): number => ((v > TINY || v < -TINY) && v - v === 0 ? v : 0)

/// Writes input plus feedback times this sample's read, settled.
export function delayWrite(buf: Float32Array, S: Float64Array, o: number, input: number): void {
  const w = S[o]
  buf[w] = settle(input + S[o + 2] * S[o + 1])
  S[o] = w + 1 < buf.length ? w + 1 : 0
}

/// The delay in samples for `seconds`, clamped as delayReadStep does.
function samples(seconds: number, sr: number, len: number): number {
  const d = seconds * sr
  return d > 1 ? (d < len - 2 ? d : len - 2) : 1
}

/// Linear interpolation `d` samples behind write position `w`.
function tap(buf: Float32Array, w: number, d: number): number {
  const len = buf.length
  let r = w - d
  if (r < 0) r = r + len < len ? r + len : 0 // as delayReadStep: never len
  const i = r | 0
  const f = r - i
  const j = i + 1 < len ? i + 1 : 0
  return f === 0 ? buf[i] : buf[i] + f * (buf[j] - buf[i])
}

/// A block of a delay whose input does not depend on its own output: read, then write, sample by
/// sample (so any time down to one sample works), as delayReadStep and delayWrite do.
export function delayBlock(buf: Float32Array, S: Float64Array, o: number, W: Float64Array, out: number, lo: number, hi: number, V: Float64Array, x: number, xVi: number, t: number, tVi: number, fb: number, fbVi: number, P: Float64Array): void {
  const xk = V[xVi], tk = V[tVi], fbk = V[fbVi], sr = P[1]
  const len = buf.length
  // The write position is always a whole number, held in the state as a double; taken as one here,
  // the positions computed from it made V8's optimised code box a number at the line's reads (the
  // echo's last read after its wasm call, the tap's): 16-32 bytes a block per delay, garbage on the
  // audio thread (sampling heap profiler, Node: P1 33 bytes a block, the 200-line patch 643; 0 now).
  let w = S[o] | 0, y = S[o + 1], g = S[o + 2]
  if (t < 0 && fb < 0 && x >= 0 && hi > lo) {
    // A constant time and feedback on a row (an echo: `delay(dry, 0.375, 0.4)`): the loop below with
    // its choices made and the distance found once; the same reads and writes.
    // P1 in Chromium (bench/ab.ts): 2% less time per block.
    const d = samples(tk, sr, len)
    g = fbk
    if (d === (d | 0)) {
      // A whole number of samples (0.375 s at 48 kHz, any time in steps of 1/48000 s): the read
      // position is w - d exactly and reads no fraction, so it and the write position step
      // together, and between their wraps a run needs no position arithmetic at all. The same reads
      // and writes in the same order as tap's (a read d samples back, d >= 1, meets this run's own
      // writes only as the loop below makes them, one by one).
      let r = w - d
      if (r < 0) r += len
      // In the wasm memory (a line from the arena, rows from it), two samples at a time in wasm
      // (delay-loops.ts), when the read trails the write by two samples or more.
      const line = LINE_AT.of(buf), rows = ROWS_AT.of(W)
      const wasm = d >= 2 && line >= 0 && rows >= 0
      let i = lo
      while (i < hi) {
        const m = Math.min(hi - i, len - w, len - r)
        let k = 0
        if (wasm && m >= 2) {
          const pairs = m >> 1
          ECHO_INTS[0] = line + r * 4
          ECHO_INTS[1] = line + w * 4
          ECHO_INTS[2] = rows + (x + i) * 8
          ECHO_INTS[3] = rows + (out + i) * 8
          ECHO_FLOATS[0] = g
          echo(pairs * 16)
          k = 2 * pairs
          y = buf[r + k - 1]
        }
        for (; k < m; k++) {
          y = buf[r + k]
          W[out + i + k] = y
          buf[w + k] = settle(W[x + i + k] + g * y)
        }
        i += m
        w += m
        r += m
        if (w === len) w = 0
        if (r === len) r = 0
      }
    } else {
      for (let i = lo; i < hi; i++) {
        y = tap(buf, w, d)
        W[out + i] = y
        buf[w] = settle(W[x + i] + g * y)
        w = w + 1 < len ? w + 1 : 0
      }
    }
  } else {
    for (let i = lo; i < hi; i++) {
      y = tap(buf, w, samples(t < 0 ? tk : W[t + i], sr, len))
      W[out + i] = y
      g = fb < 0 ? fbk : W[fb + i]
      buf[w] = settle((x < 0 ? xk : W[x + i]) + g * y)
      w = w + 1 < len ? w + 1 : 0
    }
  }
  S[o] = w
  S[o + 1] = y
  S[o + 2] = g
}

/// The read half of a delay inside a loop: the engine runs the loop in spans no longer than the
/// shortest delay time (see delaySpan), so every sample read here was written in an earlier span.
export function delayReadBlock(buf: Float32Array, S: Float64Array, o: number, W: Float64Array, out: number, lo: number, hi: number, V: Float64Array, t: number, tVi: number, P: Float64Array): void {
  const tk = V[tVi], sr = P[1]
  const len = buf.length
  let w = S[o]
  for (let i = lo; i < hi; i++) {
    W[out + i] = tap(buf, w, samples(t < 0 ? tk : W[t + i], sr, len))
    w = w + 1 < len ? w + 1 : 0
  }
}

/// The write half: input plus feedback times what was read (at `rd`), once the loop's input is known.
export function delayWriteBlock(buf: Float32Array, S: Float64Array, o: number, W: Float64Array, rd: number, lo: number, hi: number, V: Float64Array, x: number, xVi: number, fb: number, fbVi: number): void {
  const xk = V[xVi], fbk = V[fbVi]
  const len = buf.length
  let w = S[o], g = S[o + 2]
  for (let i = lo; i < hi; i++) {
    g = fb < 0 ? fbk : W[fb + i]
    buf[w] = settle((x < 0 ? xk : W[x + i]) + g * W[rd + i])
    w = w + 1 < len ? w + 1 : 0
  }
  S[o] = w
  if (hi > lo) S[o + 1] = W[rd + hi - 1]
  S[o + 2] = g
}

/// The longest span (in samples, at least 1, at most n) a loop through this delay can run as a
/// block: its shortest delay time over the block, whole samples. `t` a W offset or -1 with `tk`.
export function delaySpan(len: number, W: Float64Array, V: Float64Array, t: number, tVi: number, n: number, P: Float64Array): number {
  const tk = V[tVi], sr = P[1]
  let d = t < 0 ? samples(tk, sr, len) : Infinity
  if (t >= 0) for (let i = 0; i < n; i++) { const x = samples(W[t + i], sr, len); if (x < d) d = x }
  const m = Math.floor(d)
  return m < 1 ? 1 : m < n ? m : n
}
