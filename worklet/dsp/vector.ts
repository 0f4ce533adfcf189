/// Arithmetic over blocks: the generated code evaluates a patch's expressions (`a + b`, `x * env`,
/// `mix(...)`, `tanh(...)`) as calls of these kernels on rows of the work array W, so it holds no
/// loop of its own. Each new program's code starts cold in V8's interpreter; these kernels are
/// shared by every program and stay optimised, so a new patch runs at full speed from its first
/// block. Operands come as pairs: a W offset, or -1 and the index of a constant in V (passing the
/// constant itself would box it: a garbage allocation per call). Writing in place (`d` equal to
/// an operand) is allowed: each sample is read before it is written.

import { OUT_LOOPS } from './out-loops.ts'
import { MemoryAt, OUT_FLOATS, OUT_INTS, OUT_ROW } from './dsp-memory.ts'

const ROWS_AT = new MemoryAt()
const OUT_N = OUT_ROW.length
const [out0, out1, out2, out3] = OUT_LOOPS

export function vAdd(W: Float64Array, d: number, V: Float64Array, a: number, aVi: number, b: number, bVi: number, lo: number, hi: number): void {
  const ak = V[aVi], bk = V[bVi]
  if (a >= 0 && b >= 0) for (let i = lo; i < hi; i++) W[d + i] = W[a + i] + W[b + i]
  else if (a >= 0) for (let i = lo; i < hi; i++) W[d + i] = W[a + i] + bk
  else for (let i = lo; i < hi; i++) W[d + i] = ak + W[b + i]
}

export function vSub(W: Float64Array, d: number, V: Float64Array, a: number, aVi: number, b: number, bVi: number, lo: number, hi: number): void {
  const ak = V[aVi], bk = V[bVi]
  if (a >= 0 && b >= 0) for (let i = lo; i < hi; i++) W[d + i] = W[a + i] - W[b + i]
  else if (a >= 0) for (let i = lo; i < hi; i++) W[d + i] = W[a + i] - bk
  else for (let i = lo; i < hi; i++) W[d + i] = ak - W[b + i]
}

export function vMul(W: Float64Array, d: number, V: Float64Array, a: number, aVi: number, b: number, bVi: number, lo: number, hi: number): void {
  const ak = V[aVi], bk = V[bVi]
  if (a >= 0 && b >= 0) for (let i = lo; i < hi; i++) W[d + i] = W[a + i] * W[b + i]
  else if (a >= 0) for (let i = lo; i < hi; i++) W[d + i] = W[a + i] * bk
  else for (let i = lo; i < hi; i++) W[d + i] = ak * W[b + i]
}

/// A block divided by a constant is multiplied by its reciprocal: a division costs several
/// multiplications (P1's nine `/ 3` and `/ 8` passes took as long as its eight envelopes). The
/// result is within an ulp of the quotient (exact for powers of two); 0, infinities and NaN come
/// out as division gives them. Computed here, not in the generated code, whose own arithmetic
/// boxes its doubles until V8 optimises it.
export function vDiv(W: Float64Array, d: number, V: Float64Array, a: number, aVi: number, b: number, bVi: number, lo: number, hi: number): void {
  const ak = V[aVi], bk = V[bVi]
  if (a >= 0 && b >= 0) for (let i = lo; i < hi; i++) W[d + i] = W[a + i] / W[b + i]
  else if (a >= 0) {
    const r = 1 / bk
    for (let i = lo; i < hi; i++) W[d + i] = W[a + i] * r
  } else for (let i = lo; i < hi; i++) W[d + i] = ak / W[b + i]
}

/// d = -a, tanh(a), |a| (`fn` 0, 1, 2).
export function vUnary(W: Float64Array, fn: number, d: number, a: number, lo: number, hi: number): void {
  if (fn === 0) for (let i = lo; i < hi; i++) W[d + i] = -W[a + i]
  else if (fn === 1) for (let i = lo; i < hi; i++) W[d + i] = Math.tanh(W[a + i])
  else for (let i = lo; i < hi; i++) { const x = W[a + i]; W[d + i] = x < 0 ? -x : x }
}

/// d = clip(x, lo, hi) as the language defines it (x below lo gives lo, above hi gives hi).
export function vClip(W: Float64Array, d: number, V: Float64Array, x: number, xVi: number, a: number, aVi: number, b: number, bVi: number, lo: number, hi: number): void {
  const xk = V[xVi], ak = V[aVi], bk = V[bVi]
  for (let i = lo; i < hi; i++) {
    const v = x < 0 ? xk : W[x + i], l = a < 0 ? ak : W[a + i], h = b < 0 ? bk : W[b + i]
    W[d + i] = v < l ? l : v > h ? h : v
  }
}

/// d = V[ki] (a constant block; ki < 0 for zero), d = d + a (the terms of a mix, in order).
export function vFill(W: Float64Array, d: number, V: Float64Array, ki: number, lo: number, hi: number): void {
  const k = ki < 0 ? 0 : V[ki]
  for (let i = lo; i < hi; i++) W[d + i] = k
}

/// d = (a + b) * V[kVi]: the last pass of a mix, its scale taken in (a and b as for vAdd, not both
/// constants).
export function vAddMul(W: Float64Array, d: number, V: Float64Array, a: number, aVi: number, b: number, bVi: number, kVi: number, lo: number, hi: number): void {
  const ak = V[aVi], bk = V[bVi], k = V[kVi]
  if (a >= 0 && b >= 0) for (let i = lo; i < hi; i++) W[d + i] = (W[a + i] + W[b + i]) * k
  else if (a >= 0) for (let i = lo; i < hi; i++) W[d + i] = (W[a + i] + bk) * k
  else for (let i = lo; i < hi; i++) W[d + i] = (ak + W[b + i]) * k
}

/// d = c + a * b: a product term of a sum in the sum's pass (`dry + v * env`, `300 + env * 2400`),
/// the same roundings as the product's pass and the sum's (a and b as for vMul, not both
/// constants; c a row, possibly d itself, or a constant).
export function vMulAdd(W: Float64Array, d: number, V: Float64Array, a: number, aVi: number, b: number, bVi: number, c: number, cVi: number, lo: number, hi: number): void {
  const ak = V[aVi], bk = V[bVi], ck = V[cVi]
  if (c >= 0) {
    if (a >= 0 && b >= 0) for (let i = lo; i < hi; i++) W[d + i] = W[c + i] + W[a + i] * W[b + i]
    else if (a >= 0) for (let i = lo; i < hi; i++) W[d + i] = W[c + i] + W[a + i] * bk
    else for (let i = lo; i < hi; i++) W[d + i] = W[c + i] + ak * W[b + i]
  } else if (a >= 0 && b >= 0) for (let i = lo; i < hi; i++) W[d + i] = ck + W[a + i] * W[b + i]
  else if (a >= 0) for (let i = lo; i < hi; i++) W[d + i] = ck + W[a + i] * bk
  else for (let i = lo; i < hi; i++) W[d + i] = ck + ak * W[b + i]
}

/// d = (((a0 + a1) + a2) + ...) over the rows at W offsets R (three or more: a mix of nodes, `dry =
/// (v0 + ... + v7) / 8`), up to four rows a pass (the first pass's sum written, each later pass
/// adding to it), then scaled in the last pass by V[kVi] (mode 1) or 1 / V[kVi] (mode 2, as vDiv
/// divides), or not (kVi -1): the sum's order and roundings, in a quarter of the passes (P1's dry
/// was seven adds and a division; eight rows take two passes).
export function vSumRows(W: Float64Array, d: number, R: Int32Array, V: Float64Array, mode: number, kVi: number, lo: number, hi: number): void {
  const n = R.length
  const k = kVi < 0 ? 1 : mode === 2 ? 1 / V[kVi] : V[kVi]
  let j = n >= 4 ? 4 : 3
  const a = R[0], b = R[1], c = R[2]
  let kk = j >= n ? k : 1
  if (j === 4) {
    const e = R[3]
    for (let i = lo; i < hi; i++) W[d + i] = (W[a + i] + W[b + i] + W[c + i] + W[e + i]) * kk
  } else for (let i = lo; i < hi; i++) W[d + i] = (W[a + i] + W[b + i] + W[c + i]) * kk
  while (j < n) {
    const m = n - j >= 4 ? 4 : n - j
    kk = j + m >= n ? k : 1
    const x = R[j], y = R[j + (m > 1 ? 1 : 0)], z = R[j + (m > 2 ? 2 : 0)], u = R[j + (m > 3 ? 3 : 0)]
    if (m === 4) for (let i = lo; i < hi; i++) W[d + i] = (W[d + i] + W[x + i] + W[y + i] + W[z + i] + W[u + i]) * kk
    else if (m === 3) for (let i = lo; i < hi; i++) W[d + i] = (W[d + i] + W[x + i] + W[y + i] + W[z + i]) * kk
    else if (m === 2) for (let i = lo; i < hi; i++) W[d + i] = (W[d + i] + W[x + i] + W[y + i]) * kk
    else for (let i = lo; i < hi; i++) W[d + i] = (W[d + i] + W[x + i]) * kk
    j += m
  }
}

export function vAcc(W: Float64Array, d: number, V: Float64Array, a: number, aVi: number, lo: number, hi: number): void {
  const ak = V[aVi]
  if (a >= 0) for (let i = lo; i < hi; i++) W[d + i] += W[a + i]
  else for (let i = lo; i < hi; i++) W[d + i] += ak
}

/// A knob's or fader's block: from its value at the block's start (CS[si]), a step (CS[di]) per sample.
export function vRamp(W: Float64Array, d: number, CS: Float64Array, si: number, di: number, n: number): void {
  const start = CS[si], step = CS[di]
  for (let i = 0; i < n; i++) W[d + i] = start + i * step
}

/// The main output: writes L and R clipped to -1..1 (the engine's output range), muting
/// non-finite samples; returns how many there were. Clipping here spares the engine a pass over
/// the output (it clips again only after a crossfade's mix).
///
/// Both outputs write every sample and only sum `x - x` (0 for any finite x, NaN otherwise); a
/// block with a non-finite sample, which a fault makes, is then written again sample by sample,
/// each muted where it is not finite. A test and branch per sample cost P2's output pass a third
/// of its time (Chromium: 188 -> 130 ns a block).
export function vOut(W: Float64Array, L: Float32Array, R: Float32Array, V: Float64Array, l: number, lVi: number, r: number, rVi: number, n: number): number {
  const lk = V[lVi], rk = V[rVi]
  let check = 0
  for (let i = 0; i < n; i++) {
    const x = l < 0 ? lk : W[l + i]
    const y = r < 0 ? rk : W[r + i]
    check += x - x + (y - y)
    L[i] = x > 1 ? 1 : x < -1 ? -1 : x
    R[i] = y > 1 ? 1 : y < -1 ? -1 : y
  }
  return check === 0 ? 0 : outMuted(W, L, R, lk, rk, l, r, n)
}

function outMuted(W: Float64Array, L: Float32Array, R: Float32Array, lk: number, rk: number, l: number, r: number, n: number): number {
  let bad = 0
  for (let i = 0; i < n; i++) {
    let x = l < 0 ? lk : W[l + i]
    let y = r < 0 ? rk : W[r + i]
    if (x - x !== 0) { x = 0; bad++ }
    if (y - y !== 0) { y = 0; bad++ }
    L[i] = x > 1 ? 1 : x < -1 ? -1 : x
    R[i] = y > 1 ? 1 : y < -1 ? -1 : y
  }
  return bad
}

/// A mono main output (both channels the same signal) computed in the output's pass: `mode` 0 row
/// a, 1 a * k, 2 (a + b) * k (a mix of two), 3 a + b * k (`dry + echo * 0.4`), k = V[kVi]; the
/// roundings of the vMul, vAddMul or vMulAdd pass each replaces. Written, clipped and checked
/// once for both channels (a bad sample counts twice, as vOut counts it; checked as vOut checks).
/// A loop per mode: a mode chosen inside one loop cost vVoiceOut a third of its time.
export function vOutMono(W: Float64Array, L: Float32Array, R: Float32Array, V: Float64Array, mode: number, a: number, b: number, kVi: number, n: number): number {
  const rows = ROWS_AT.of(W)
  if (n === OUT_N && L.length === OUT_N && R.length === OUT_N && rows >= 0) {
    // Rows in the wasm memory and a whole block: the pass in wasm (out-loops.ts), then the block
    // copied to both channels: 0.22-0.36 -> 0.10-0.12 us a block in Chromium (P1's mode 3).
    OUT_INTS[0] = rows + a * 8
    OUT_INTS[1] = rows + b * 8
    OUT_FLOATS[0] = mode === 0 ? 1 : V[kVi]
    const bytes = n * 8
    if (mode === 1) out1(bytes)
    else if (mode === 2) out2(bytes)
    else if (mode === 3) out3(bytes)
    else out0(bytes)
    L.set(OUT_ROW)
    R.set(OUT_ROW)
    return OUT_FLOATS[1] === 0 ? 0 : outMonoMuted(W, L, R, V, mode, a, b, kVi, n)
  }
  // Each loop written out: a helper returning x - x would return a double, boxed on every call V8
  // did not inline.
  let check = 0
  if (mode === 1) {
    const k = V[kVi]
    for (let i = 0; i < n; i++) {
      const x = W[a + i] * k
      check += x - x
      L[i] = R[i] = x > 1 ? 1 : x < -1 ? -1 : x
    }
  } else if (mode === 2) {
    const k = V[kVi]
    for (let i = 0; i < n; i++) {
      const x = (W[a + i] + W[b + i]) * k
      check += x - x
      L[i] = R[i] = x > 1 ? 1 : x < -1 ? -1 : x
    }
  } else if (mode === 3) {
    const k = V[kVi]
    for (let i = 0; i < n; i++) {
      const x = W[a + i] + W[b + i] * k
      check += x - x
      L[i] = R[i] = x > 1 ? 1 : x < -1 ? -1 : x
    }
  } else {
    for (let i = 0; i < n; i++) {
      const x = W[a + i]
      check += x - x
      L[i] = R[i] = x > 1 ? 1 : x < -1 ? -1 : x
    }
  }
  return check === 0 ? 0 : outMonoMuted(W, L, R, V, mode, a, b, kVi, n)
}

function outMonoMuted(W: Float64Array, L: Float32Array, R: Float32Array, V: Float64Array, mode: number, a: number, b: number, kVi: number, n: number): number {
  const k = mode === 0 ? 1 : V[kVi]
  let bad = 0
  for (let i = 0; i < n; i++) {
    const x = mode === 1 ? W[a + i] * k : mode === 2 ? (W[a + i] + W[b + i]) * k : mode === 3 ? W[a + i] + W[b + i] * k : W[a + i]
    if (x - x !== 0) {
      L[i] = 0
      R[i] = 0
      bad += 2
    } else L[i] = R[i] = x > 1 ? 1 : x < -1 ? -1 : x
  }
  return bad
}

/// A voice's output added into its poly's block: L (`stereo` 0), (L + R) / 2 (1), or L * R (2: a mono
/// out that is a product, multiplied here rather than in a pass of its own); leaves its peak in P[4],
/// or NaN when a sample was not finite (that sample is left out; the poly resets the voice). The
/// peak goes through P, not the return value: a double returned from a call is boxed, an allocation.
export function vVoiceOut(W: Float64Array, out: Float64Array, V: Float64Array, l: number, lVi: number, r: number, rVi: number, stereo: number, n: number, P: Float64Array): void {
  const lk = V[lVi], rk = V[rVi]
  // The peak stays a double and the non-finite case a separate count: with `peak = NaN` in the
  // loop, V8 kept `peak` tagged and boxed each new maximum (P4: 4.4 kB of garbage per block).
  // Rows (the usual case) each mode in a function of its own: the mode and operand kinds chosen
  // inside one loop cost a third of its time (2.8 -> 1.8 ns per sample for a product, Node).
  if (l >= 0 && r >= 0) {
    if (stereo === 0) return voiceOutMono(W, out, l, n, P)
    if (stereo === 2) return voiceOutProduct(W, out, l, r, n, P)
  }
  let peak = 0, bad = 0
  for (let i = 0; i < n; i++) {
    const x = l < 0 ? lk : W[l + i]
    const y = stereo === 0 ? x : stereo === 2 ? x * (r < 0 ? rk : W[r + i]) : (x + (r < 0 ? rk : W[r + i])) * 0.5
    if (y - y === 0) {
      out[i] += y
      const a = y < 0 ? -y : y
      if (a > peak) peak = a
    } else bad++
  }
  P[4] = bad > 0 ? NaN : peak
}

function voiceOutMono(W: Float64Array, out: Float64Array, l: number, n: number, P: Float64Array): void {
  let peak = 0, bad = 0
  for (let i = 0; i < n; i++) {
    const y = W[l + i]
    if (y - y === 0) {
      out[i] += y
      const a = y < 0 ? -y : y
      if (a > peak) peak = a
    } else bad++
  }
  P[4] = bad > 0 ? NaN : peak
}

function voiceOutProduct(W: Float64Array, out: Float64Array, l: number, r: number, n: number, P: Float64Array): void {
  let peak = 0, bad = 0
  for (let i = 0; i < n; i++) {
    const y = W[l + i] * W[r + i]
    if (y - y === 0) {
      out[i] += y
      const a = y < 0 ? -y : y
      if (a > peak) peak = a
    } else bad++
  }
  P[4] = bad > 0 ? NaN : peak
}

/// d = X[x ..]: a block from another array (a voice's parameters, a poly's output).
export function vCopy(W: Float64Array, d: number, X: Float64Array, x: number, n: number): void {
  for (let i = 0; i < n; i++) W[d + i] = X[x + i]
}

/// Whether a block holds one value throughout (a voice's frequency between notes, a cutoff while its
/// envelope sustains): kernels then take their constant path, checking tables or coefficients once.
export function steady(W: Float64Array, a: number, lo: number, hi: number): boolean {
  const x = W[a + lo]
  for (let i = lo + 1; i < hi; i++) if (W[a + i] !== x) return false
  return x === x
}
