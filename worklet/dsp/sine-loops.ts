/// The sine banks' loops (osc.ts's sineBank: one, two or four sines read together, their sum added
/// to a row, written scaled, or written scaled and times a gain row) as WebAssembly functions,
/// generated here when the module loads. They read the sine cycle from SINES, in DSP_MEMORY
/// (dsp-memory.ts), each point a (value, slope) pair as WAVES holds a table's.
///
/// Why wasm: a fresh worklet scope (each OfflineAudioContext, so each render of a WAV and each row
/// of the bench) starts its JS kernels cold, and V8's optimising compiler took 40-105 ms on the
/// scope's background thread for the JS sine bank, during which P3 (N = 1024) ran at 205 us a
/// block against 110 after, for the first 250 to 1,500 blocks of a render (bench/start-curve.ts,
/// bench/PROFILE.md, session 25). V8 keeps a wasm module's compiled code for every scope of the
/// process that compiles the same bytes, its optimised tier included. A load also needs no bounds
/// check and an index no overflow check, as for the table loops (table-loops.ts).
///
/// Each loop evaluates the JS loops' expressions in their order, so the samples are theirs: the
/// sum is ((T0 + f0 * D0) + T1) + f1 * D1 ..., left to right, a point's value then its fraction
/// times its slope; then `row + y`, `y * k` or `y * k * gain`. A test compares them bit for bit.
///
/// Arguments go through memory, as for the table loops: SINE_INTS[j] oscillator j's 32-bit phase,
/// SINE_INTS[4 + j] its increment, SINE_INTS[8] the byte address of the row's first sample,
/// SINE_INTS[9] the gain row's; SINE_FLOATS[0] the scale k. The call takes the sample count n and
/// leaves each phase advanced by n samples where it found it.

import { F64, I32, OP, counted, get, i32, instantiate, load, loadI32, set, store, storeI32, type WasmFunction } from './wasm-encode.ts'
import { DSP_MEMORY, SINE_FLOATS, SINE_INTS, SINES } from './dsp-memory.ts'
import { PHASE_SHIFT, TABLE_STRIDE } from './table-sizes.ts'
import { sineSlopes } from './wavetable.ts'

const FRACTION = 2 ** PHASE_SHIFT - 1
{
  const { table, slope } = sineSlopes()
  for (let i = 0; i < TABLE_STRIDE; i++) {
    SINES[2 * i] = table[i]
    SINES[2 * i + 1] = slope[i]
  }
}

const INTS = SINE_INTS.byteOffset, FLOATS = SINE_FLOATS.byteOffset, TABLE = SINES.byteOffset

/// How a loop's sum lands in its row.
export const ADD = 0, WRITE = 1, GAIN = 2

function sineLoop(count: number, how: number): WasmFunction {
  // Parameter 0: n. Locals: phases 1-4, increments 5-8, the sample's address, the row's end, the
  // gain row's address, a point's offset (i32); the scale (f64).
  const p = (j: number) => 1 + j, d = (j: number) => 5 + j
  const q = 9, end = 10, g = 11, c = 12, k = 13
  const locals = [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, F64]
  const read: number[] = []
  for (let j = 0; j < count; j++) {
    read.push(...i32(0), ...loadI32(INTS + 4 * j), ...set(p(j)))
    read.push(...i32(0), ...loadI32(INTS + 4 * (4 + j)), ...set(d(j)))
  }
  if (how !== ADD) read.push(...i32(0), ...load(FLOATS), ...set(k))
  if (how === GAIN) read.push(...i32(0), ...loadI32(INTS + 4 * 9), ...set(g))
  read.push(...i32(0), ...loadI32(INTS + 4 * 8), ...set(q), ...get(q), ...get(0), ...i32(3), OP.i32Shl, OP.i32Add, ...set(end))
  // Sine j's point: c = (p >>> SHIFT) * 16 from the table's start; its value, then its fraction
  // (below 2^SHIFT: a signed conversion) times its slope.
  const point = (j: number) => [...get(p(j)), ...i32(PHASE_SHIFT), OP.i32ShrU, ...i32(4), OP.i32Shl, ...set(c)]
  const value = [...get(c), ...load(TABLE)]
  const slope = (j: number) => [...get(p(j)), ...i32(FRACTION), OP.i32And, OP.f64ConvertI32S, ...get(c), ...load(TABLE + 8), OP.f64Mul]
  const sum: number[] = [...point(0), ...value, ...slope(0), OP.f64Add]
  for (let j = 1; j < count; j++) sum.push(...point(j), ...value, OP.f64Add, ...slope(j), OP.f64Add)
  const lands =
    how === ADD ? [...get(q), ...load(), ...sum, OP.f64Add]
    : how === WRITE ? [...sum, ...get(k), OP.f64Mul]
    : [...sum, ...get(k), OP.f64Mul, ...get(g), ...load(), OP.f64Mul]
  const advance: number[] = []
  const written: number[] = []
  for (let j = 0; j < count; j++) {
    advance.push(...get(p(j)), ...get(d(j)), OP.i32Add, ...set(p(j)))
    written.push(...i32(0), ...get(p(j)), ...storeI32(INTS + 4 * j))
  }
  if (how === GAIN) advance.push(...get(g), ...i32(8), OP.i32Add, ...set(g))
  const body = [...read, ...counted(q, end, 8, [...get(q), ...lands, ...store(), ...advance]), ...written]
  return { name: `s${count}${'awg'[how]}`, params: [I32], locals, body }
}

type Loop = (n: number) => void

// One sine adds or writes (sineBank takes a gain row in the pass of a bank of two or four only).
const fns = [1, 2, 4].flatMap((count) => [ADD, WRITE, GAIN].filter((how) => count > 1 || how !== GAIN).map((how) => sineLoop(count, how)))
const loops = instantiate(fns, DSP_MEMORY)

/// The loops by count of sines (1, 2, 4), then by how the sum lands (ADD, WRITE, GAIN).
export const SINE_LOOPS: Readonly<Record<number, readonly Loop[]>> = {
  1: [loops.s1a as Loop, loops.s1w as Loop],
  2: [loops.s2a as Loop, loops.s2w as Loop, loops.s2g as Loop],
  4: [loops.s4a as Loop, loops.s4w as Loop, loops.s4g as Loop],
}
