/// Oscillators reading the shared wavetables. State per oscillator, in the patch's heap at `o`:
/// phase (float64, 0..1), the last |increment| and the table position picked for it, so a steady
/// pitch costs one comparison per sample to pick its tables.

import * as mem from './dsp-memory.ts'
import * as sizes from './table-sizes.ts'
import * as wt from './wavetable.ts'
import { steady, vMul } from './vector.ts'
import { table1, table1x, table2, table2a, table2x, table2xa, table3, table3a, table3x, table3xa } from './table-loops.ts'
import * as sines from './sine-loops.ts'

// Local copies: module namespaces may be getters (vite-node, tsx), too slow for a per-sample path.
const TABLE_SIZE = sizes.TABLE_SIZE
const TABLE_LENGTH = sizes.WAVE_TABLE_LENGTH
/// 2^PHASE_SHIFT: a float phase's fraction times this is the integer fraction WAVES's slopes are per.
const FRACTION_UNITS = 2 ** sizes.PHASE_SHIFT
const tablePosition = wt.tablePosition
/// Every waveform's tables; a kernel takes its waveform as the index where its tables start (wt.waveBase).
const WAVES = mem.WAVES
/// Where the wasm table loops (table-loops.ts) leave a run's samples, and the longest run.
const LOOP_ROW = mem.LOOP_ROW
const LOOP_N = mem.LOOP_ROW_LENGTH
const LOOP_INTS = mem.LOOP_INTS
const LOOP_FLOATS = mem.LOOP_FLOATS
/// The wasm sine loops (sine-loops.ts), their arguments, and how a sum lands.
const SINE_LOOPS = sines.SINE_LOOPS
const SINE_INTS = mem.SINE_INTS
const SINE_FLOATS = mem.SINE_FLOATS
const ADD = sines.ADD, WRITE = sines.WRITE, GAIN = sines.GAIN

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

const TWO32 = 4294967296
/// Integer phase: the top 11 bits index the 2048-point table, the low 21 are the fraction.
const SHIFT = sizes.PHASE_SHIFT
const FRACTION = 2 ** SHIFT - 1

/// Phase (0..1) to a 32-bit integer phase, and back; increments likewise (wrapping, as phases do;
/// NaN and infinities give 0). The heap keeps the phase as a number 0..1 whichever way a unit runs.
const toInt = (p: number): number => (p * TWO32) | 0
const toPhase = (ph: number): number => (ph >>> 0) / TWO32

function advance(S: Float64Array, o: number, ph: number, inc: number): void {
  let p = ph + inc
  if (p >= 1 || p < 0) {
    p -= Math.floor(p)
    if (p >= 1) p = 0
  }
  S[o] = p
}

/// Linear interpolation in table `pos|0` of the waveform at `wave` (its base in WAVES) at phase
/// `ph`, crossfaded into the next by `pos`'s fraction. A point is its value plus the fraction
/// times its slope (WAVES says why; `f * FRACTION_UNITS` scales by a power of two, rounding nothing).
function read(wave: number, pos: number, ph: number): number {
  const set = WAVES
  const k = pos | 0
  const w = pos - k
  const x = ph * TABLE_SIZE
  const i = x | 0
  const f = x - i
  let b = wave + k * TABLE_LENGTH + 2 * i
  let y = set[b] + f * FRACTION_UNITS * set[b + 1]
  if (w > 0) {
    b += TABLE_LENGTH
    y += w * (set[b] + f * FRACTION_UNITS * set[b + 1] - y)
  }
  return y
}

/// `read` at an integer phase: table `pos|0` at `p`, crossfaded into the next by `pos`'s fraction.
function readInt(wave: number, pos: number, p: number): number {
  const set = WAVES
  const k = pos | 0
  const w = pos - k
  const b = wave + k * TABLE_LENGTH + 2 * (p >>> SHIFT), fr = p & FRACTION
  const y = set[b] + fr * set[b + 1]
  if (w > 0) {
    const c = b + TABLE_LENGTH
    return y + w * (set[c] + fr * set[c + 1] - y)
  }
  return y
}

/// Band-limited saw (rising), or triangle when `wave` is the triangle's base (waveBase). Its phase
/// runs as a 32-bit integer (wrapping for free; frequency resolution sr / 2^32, 1.1e-5 Hz at 48 kHz):
/// the block kernels below do the same, so both give the same samples.
export function oscTable(S: Float64Array, o: number, inc: number, wave: number): number {
  const p = toInt(S[o])
  const y = readInt(wave, position(S, o, inc), p)
  S[o] = toPhase((p + toInt(inc)) | 0)
  return y
}

/// Band-limited pulse: the difference of two saws `pw` apart, offset so it spans -1..1 and is high
/// for the first `pw` of each period.
export function oscSquare(S: Float64Array, o: number, inc: number, pw: number, saw: number): number {
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
export function oscSine(S: Float64Array, o: number, inc: number, sine: Float64Array): number {
  const ph = S[o]
  const x = ph * TABLE_SIZE
  const i = x | 0
  const y = sine[i] + (x - i) * (sine[i + 1] - sine[i])
  advance(S, o, ph, inc)
  return y
}

// Block kernels: one call renders samples lo..hi-1 of a unit into the work array W at `out`, the
// state held in locals meanwhile. A signal argument comes as a pair: the W offset of its block, or
// -1 and the index of a constant in V (`f`, `fVi`). Same arithmetic as the per-sample functions above (a test checks
// it sample for sample), so a unit sounds the same whichever way it runs. A constant comes as
// its index in V, the sample rate in P (a double passed to a call is boxed, an allocation). For the
// same reason a loop calls no helper of its own with a double, unless V8 is sure to inline it: a
// kernel is inlined into the generated code at times, and a helper then may not be (a phase wrap
// as a function allocated 2-6 KB a block in an FM voice).

/// Saw or triangle (`wave`, its base in WAVES) over a block.
export function oscTableBlock(S: Float64Array, o: number, wave: number, W: Float64Array, out: number, lo: number, hi: number, V: Float64Array, f: number, fVi: number, P: Float64Array): void {
  const isr = P[2]
  if (f < 0) return tableRun(S, o, wave, W, out, lo, hi, V, fVi, P)
  if (steady(W, f, lo, hi)) return tableRun(S, o, wave, W, out, lo, hi, W, f + lo, P)
  let p = toInt(S[o])
  for (let i = lo; i < hi; i++) {
    const inc = W[f + i] * isr
    W[out + i] = readInt(wave, position(S, o, inc), p)
    p = (p + toInt(inc)) | 0
  }
  S[o] = toPhase(p)
}

/// A saw or triangle at a constant increment over a block, into W at `out`: its table position is
/// checked once, and the crossfade into the next table is read only when the pitch sits in one.
/// readInt's arithmetic, in the same order. The frequency is X[xi] (a constant in V, or a steady
/// row's first sample in W), not a double argument: a double passed to a call is boxed.
function tableRun(S: Float64Array, o: number, wave: number, W: Float64Array, out: number, lo: number, hi: number, X: Float64Array, xi: number, P: Float64Array): void {
  const fades = loopArgs(0, S, o, wave, X, xi, P)
  LOOP_FLOATS[3] = 1
  runLoops(1, fades, false, W, out + lo, hi - lo)
  S[o] = toPhase(LOOP_INTS[3])
}

const ROW_AT = new mem.MemoryAt()

/// Runs the wasm table loop of `count` oscillators (their arguments set) for n samples into W from
/// `at`, written or added (`keep`): straight into W where it lies in DSP_MEMORY, else through
/// LOOP_ROW a block at a time.
function runLoops(count: number, fades: boolean, keep: boolean, W: Float64Array, at: number, n: number): void {
  const w = ROW_AT.of(W)
  if (w >= 0) {
    LOOP_INTS[9] = w + at * 8
    return callLoop(count, fades, keep, n)
  }
  for (let s = 0; s < n; s += LOOP_N) {
    const m = n - s < LOOP_N ? n - s : LOOP_N
    LOOP_INTS[9] = LOOP_ROW.byteOffset
    callLoop(count, fades, false, m)
    landLoopRow(W, at + s, m, keep ? ADD : WRITE, -1)
  }
}

/// A wasm loop's m samples in LOOP_ROW (its row for a W outside DSP_MEMORY) into W from `at`:
/// added (ADD), copied (WRITE), or times the gain row from `gat` (GAIN).
function landLoopRow(W: Float64Array, at: number, m: number, how: number, gat: number): void {
  const R = LOOP_ROW
  if (how === ADD) for (let i = 0; i < m; i++) W[at + i] += R[i]
  else if (how === WRITE) for (let i = 0; i < m; i++) W[at + i] = R[i]
  else for (let i = 0; i < m; i++) W[at + i] = R[i] * W[gat + i]
}

/// One call of the loop for `count` oscillators, crossfading or not, adding or writing.
function callLoop(count: number, fades: boolean, adds: boolean, n: number): void {
  if (count === 3) {
    if (fades) adds ? table3xa(n) : table3x(n)
    else adds ? table3a(n) : table3(n)
  } else if (count === 2) {
    if (fades) adds ? table2xa(n) : table2x(n)
    else adds ? table2a(n) : table2(n)
  } else if (fades) table1x(n)
  else table1(n)
}

/// The wasm table loops' arguments for oscillator j (table-loops.ts) at its frequency X[xi]: its
/// table's address, phase and increment, and its next table's weight. True when it crossfades.
function loopArgs(j: number, S: Float64Array, o: number, wave: number, X: Float64Array, xi: number, P: Float64Array): boolean {
  const inc = X[xi] * P[2]
  // position(S, o, inc), written out: a double passed to a call V8 does not inline is boxed, and
  // with this function between the kernels and position, it did not (the 200-line patch: 200
  // bytes of garbage a block, oscillators one by one).
  const abs = inc < 0 ? -inc : inc
  if (abs !== S[o + 1]) {
    S[o + 1] = abs
    S[o + 2] = tablePosition(abs)
  }
  const q = S[o + 2]
  const w = q - (q | 0)
  LOOP_INTS[j] = (wave + (q | 0) * TABLE_LENGTH) * 8
  LOOP_INTS[3 + j] = toInt(S[o])
  LOOP_INTS[6 + j] = toInt(inc)
  LOOP_FLOATS[j] = w
  return w !== 0
}

/// Pulse of width `pw` (`pw`, `pwk` as for the frequency) over a block.
export function oscSquareBlock(S: Float64Array, o: number, saw: number, W: Float64Array, out: number, lo: number, hi: number, V: Float64Array, f: number, fVi: number, pw: number, pwVi: number, P: Float64Array): void {
  const fk = V[fVi], pwk = V[pwVi], isr = P[2]
  let p = S[o]
  for (let i = lo; i < hi; i++) {
    const inc = f < 0 ? fk * isr : W[f + i] * isr
    const v = pw < 0 ? pwk : W[pw + i]
    const w = v > 0 ? (v < 1 ? v : 1) : 0
    const pos = position(S, o, inc)
    let p2 = p - w
    if (p2 < 0) p2 += 1
    W[out + i] = read(saw, pos, p2) - read(saw, pos, p) + 2 * w - 1
    p += inc
    if (p >= 1 || p < 0) {
      p -= Math.floor(p) // the wrap spelled out: see above
      if (p >= 1) p = 0
    }
  }
  S[o] = p
}

/// Sine over a block.
export function oscSineBlock(S: Float64Array, o: number, sine: Float64Array, W: Float64Array, out: number, lo: number, hi: number, V: Float64Array, f: number, fVi: number, P: Float64Array): void {
  const isr = P[2]
  let fk = V[fVi]
  if (f >= 0 && steady(W, f, lo, hi)) {
    fk = W[f + lo]
    f = -1
  }
  let p = S[o]
  if (f < 0) {
    const inc = fk * isr
    for (let i = lo; i < hi; i++) {
      const x = p * TABLE_SIZE, j = x | 0
      W[out + i] = sine[j] + (x - j) * (sine[j + 1] - sine[j])
      p += inc
      if (p >= 1 || p < 0) {
        p -= Math.floor(p) // the wrap spelled out: see above
        if (p >= 1) p = 0
      }
    }
  } else {
    for (let i = lo; i < hi; i++) {
      const inc = W[f + i] * isr
      const x = p * TABLE_SIZE, j = x | 0
      W[out + i] = sine[j] + (x - j) * (sine[j + 1] - sine[j])
      p += inc
      if (p >= 1 || p < 0) {
        p -= Math.floor(p) // the wrap spelled out: see above
        if (p >= 1) p = 0
      }
    }
  }
  S[o] = p
}

/// A bank: oscillators of one wave whose frequencies are values (`V[vals[j]]`), each with its state
/// at `base + slots[j]`, all added into W at `out`, the generated code one call however many there
/// are. Several oscillators run in one pass, so the CPU overlaps their independent table reads:
/// saws and triangles three at a time (tableAdd3), sines four at a time with a table of slopes
/// (the case of additive patches with thousands of partials: 1.3 ns per oscillator and sample here
/// against 3.5 ns one at a time with float phases).
/// `wave`: the saws' or triangles' base in WAVES; `sine`: 1 for sines (then `wave` is unused).
/// `mode` and `kVi` as for tableBank. `g`: with mode 1 or 2, a row the written sum is multiplied by
/// (`mix(osc(sine, 50), osc(sine, 120)) * env`, P2's kick), as vMul would multiply it afterwards; or -1.
export function oscBank(S: Float64Array, base: number, slots: Int32Array, V: Float64Array, vals: Int32Array, wave: number, sine: number, W: Float64Array, out: number, lo: number, hi: number, P: Float64Array, mode: number, kVi: number, g: number): void {
  if (sine === 1) return sineBank(S, base, slots, V, vals, W, out, lo, hi, P, mode, kVi, g)
  tableBank(S, base, slots, V, vals, wave, W, out, lo, hi, P, mode, kVi)
  if (g >= 0) vMul(W, out, V, out, 0, g, 0, lo, hi)
}

/// Saws or triangles of a bank: threes, then pairs; a remainder of one is taken as two pairs (a
/// bank has two oscillators or more). `mode` 0 adds into the row; 1 and 2 write it (the row needs no
/// filling first), scaled by V[kVi] (1) or divided by it as vDiv divides (2: times 1 / V[kVi]), or
/// unscaled when kVi is -1: the first group writes, the others add, and a scale is taken only by a
/// bank that is one group (the generator sees to it), as the mix's or the division's pass would.
function tableBank(S: Float64Array, base: number, slots: Int32Array, V: Float64Array, vals: Int32Array, wave: number, W: Float64Array, out: number, lo: number, hi: number, P: Float64Array, mode: number, kVi: number): void {
  const n = slots.length
  let u = 0
  for (; n - u >= 3 && n - u !== 4; u += 3) {
    tableAdd3(S, base + slots[u], base + slots[u + 1], base + slots[u + 2], wave, W, out, lo, hi, V, vals[u], vals[u + 1], vals[u + 2], P, u === 0 ? mode : 0, kVi)
  }
  for (; u + 1 < n; u += 2) tableAdd2(S, base + slots[u], base + slots[u + 1], wave, W, out, lo, hi, V, vals[u], vals[u + 1], P, u === 0 ? mode : 0, kVi)
}

/// A bank's scale (see tableBank), read from V by index (a double passed to a call is boxed), into
/// to[at]: a double a call returns is boxed too when V8 does not inline the call.
function scaleInto(V: Float64Array, mode: number, kVi: number, to: Float64Array, at: number): void {
  to[at] = mode === 0 || kVi < 0 ? 1 : mode === 2 ? 1 / V[kVi] : V[kVi]
}
/// Where sineBank and oscRowBank take their scale from scaleInto.
const SCALE = new Float64Array(1)

/// A bank of saws or triangles (`wave`) whose frequencies follow one row at W offset `f` (a voice's
/// `freq`): oscillator j at the row times V[ratios[j]], or the row itself where ratios[j] is -1, its
/// state at `base + slots[j]`, all added into W at `out`. `(osc(saw, freq) + osc(saw, freq * 1.5))`
/// in a voice is then one call (it was a product, two oscillators and a sum: four passes), and while
/// the row holds one value (a note between its first and last sample) the oscillators run in
/// tableAdd2/3's shared passes, from frequencies the kernel writes into the V slots `freqs[j]`.
/// The same samples as the oscillators one by one: (row * ratio) * isr per sample, in the same order.
/// `mode` and `kVi` as for tableBank.
export function oscRowBank(S: Float64Array, base: number, slots: Int32Array, V: Float64Array, ratios: Int32Array, freqs: Int32Array, wave: number, W: Float64Array, out: number, lo: number, hi: number, P: Float64Array, f: number, mode: number, kVi: number): void {
  const n = slots.length
  if (steady(W, f, lo, hi)) {
    const x = W[f + lo]
    for (let j = 0; j < n; j++) V[freqs[j]] = ratios[j] < 0 ? x : x * V[ratios[j]]
    return tableBank(S, base, slots, V, freqs, wave, W, out, lo, hi, P, mode, kVi)
  }
  // A note starts or moves inside the block: each oscillator as oscTableBlock's moving path runs
  // it, added into the row (filled first when the bank writes it), then the scale.
  const isr = P[2]
  if (mode !== 0) for (let i = lo; i < hi; i++) W[out + i] = 0
  for (let j = 0; j < n; j++) {
    const o = base + slots[j], r = ratios[j] < 0 ? 1 : V[ratios[j]]
    let p = toInt(S[o])
    for (let i = lo; i < hi; i++) {
      const inc = W[f + i] * r * isr
      W[out + i] += readInt(wave, position(S, o, inc), p)
      p = (p + toInt(inc)) | 0
    }
    S[o] = toPhase(p)
  }
  if (mode !== 0 && kVi >= 0) {
    scaleInto(V, mode, kVi, SCALE, 0)
    const k = SCALE[0]
    for (let i = lo; i < hi; i++) W[out + i] *= k
  }
}

/// The sample period comes in P (P[2]), not as an argument: a double passed to a call is boxed,
/// garbage on every call (P2's kick bank: 15 bytes a block).
/// `mode` and `kVi` as for tableBank: the first group (four, two or one) writes, the rest add.
/// A bank that is one group and writes takes its gain row `g` in its pass (`y * k * W[gi + i]`, the
/// product vMul would take afterwards, rounded the same); any other takes it in a pass of its own.
/// P2's kick is two sines times an envelope: without vMul's pass, P2 takes 0-7% less time a block
/// (bench/ab.ts, four runs; 2.3-6.8% in three).
function sineBank(S: Float64Array, base: number, slots: Int32Array, V: Float64Array, vals: Int32Array, W: Float64Array, out: number, lo: number, hi: number, P: Float64Array, mode: number, kVi: number, g: number): void {
  scaleInto(V, mode, kVi, SINE_FLOATS, 0)
  const n = slots.length
  // A bank of two or four that writes takes its gain row in its one pass; any other multiplies by
  // it after (vMul).
  const gainInPass = g >= 0 && mode !== 0 && (n === 2 || n === 4)
  // How the first group's sum lands: added, written scaled, or written scaled times the gain row;
  // the groups after it add.
  let how = mode === 0 ? ADD : gainInPass ? GAIN : WRITE
  let u = 0
  // Four at a time, then the rest two at a time (a pair of sines, a common mix, in one pass), then one.
  for (; u + 3 < n; u += 4, how = ADD) sineGroup(4, S, base, slots, u, V, vals, P, how, W, out, lo, hi, g)
  for (; u + 1 < n; u += 2, how = ADD) sineGroup(2, S, base, slots, u, V, vals, P, how, W, out, lo, hi, g)
  for (; u < n; u++, how = ADD) sineGroup(1, S, base, slots, u, V, vals, P, how, W, out, lo, hi, g)
  if (g >= 0 && !gainInPass) vMul(W, out, V, out, 0, g, 0, lo, hi)
}

/// The `count` sines of a bank from its u-th: their phases and increments (at the sample period
/// P[2]) set, their loop run (runSines), their phases kept.
function sineGroup(count: number, S: Float64Array, base: number, slots: Int32Array, u: number, V: Float64Array, vals: Int32Array, P: Float64Array, how: number, W: Float64Array, out: number, lo: number, hi: number, g: number): void {
  const isr = P[2]
  for (let j = 0; j < count; j++) {
    SINE_INTS[j] = toInt(S[base + slots[u + j]])
    SINE_INTS[4 + j] = toInt(V[vals[u + j]] * isr)
  }
  runSines(count, how, W, out, lo, hi, g)
  for (let j = 0; j < count; j++) S[base + slots[u + j]] = toPhase(SINE_INTS[j])
}

/// Runs the wasm sine loop of `count` sines (their phases and increments set) over lo..hi of W's
/// row at `out`, its sum landing `how` (sine-loops.ts; the gain row at `g` for GAIN): straight into
/// W where it lies in DSP_MEMORY, else through LOOP_ROW a block at a time, written there unscaled
/// (ADD) or scaled, then added, copied or multiplied by the gain into W, the same roundings.
function runSines(count: number, how: number, W: Float64Array, out: number, lo: number, hi: number, g: number): void {
  const loop = SINE_LOOPS[count]
  const w = ROW_AT.of(W)
  if (w >= 0) {
    SINE_INTS[8] = w + (out + lo) * 8
    if (how === GAIN) SINE_INTS[9] = w + (g + lo) * 8
    return loop[how](hi - lo)
  }
  const k = SINE_FLOATS[0]
  if (how === ADD) SINE_FLOATS[0] = 1
  SINE_INTS[8] = LOOP_ROW.byteOffset
  for (let s = lo; s < hi; s += LOOP_N) {
    const m = hi - s < LOOP_N ? hi - s : LOOP_N
    loop[WRITE](m)
    landLoopRow(W, out + s, m, how, g + s)
  }
  SINE_FLOATS[0] = k
}

/// Two and three oscillators of a bank in one pass (tableRun's arithmetic for each): independent
/// phases and table reads that the CPU overlaps. P1 (eight banks of three saws) in Node: 118x
/// realtime one at a time, 128x two at a time, 136x three at a time; four at a time spilled
/// registers and ran at 82x. The loops are table-loops.ts's, in wasm; a bank that writes its row
/// scales its sum there (k), one that adds passes 1, which changes no sample.
function tableAdd2(S: Float64Array, o0: number, o1: number, wave: number, W: Float64Array, out: number, lo: number, hi: number, V: Float64Array, v0: number, v1: number, P: Float64Array, mode: number, kVi: number): void {
  // Both arguments set whatever the first gives (|, not ||).
  const fades = +loopArgs(0, S, o0, wave, V, v0, P) | +loopArgs(1, S, o1, wave, V, v1, P)
  scaleInto(V, mode, kVi, LOOP_FLOATS, 3)
  runLoops(2, fades !== 0, mode === 0, W, out + lo, hi - lo)
  S[o0] = toPhase(LOOP_INTS[3])
  S[o1] = toPhase(LOOP_INTS[4])
}

function tableAdd3(S: Float64Array, o0: number, o1: number, o2: number, wave: number, W: Float64Array, out: number, lo: number, hi: number, V: Float64Array, v0: number, v1: number, v2: number, P: Float64Array, mode: number, kVi: number): void {
  const fades = +loopArgs(0, S, o0, wave, V, v0, P) | +loopArgs(1, S, o1, wave, V, v1, P) | +loopArgs(2, S, o2, wave, V, v2, P)
  scaleInto(V, mode, kVi, LOOP_FLOATS, 3)
  runLoops(3, fades !== 0, mode === 0, W, out + lo, hi - lo)
  S[o0] = toPhase(LOOP_INTS[3])
  S[o1] = toPhase(LOOP_INTS[4])
  S[o2] = toPhase(LOOP_INTS[5])
}
