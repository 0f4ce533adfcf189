/// The saw and triangle loops of osc.ts's constant-pitch paths (one, two or three oscillators read
/// together, each with or without the crossfade into its next table) as WebAssembly functions,
/// generated here when the module loads. They read the tables where wavetable.ts builds them, in
/// DSP_MEMORY (dsp-memory.ts), and write or add their sum into a row there: the kernel's own row when it lies in
/// DSP_MEMORY's arena (memory.ts `takeRows`), else LOOP_ROW, from which the kernel copies it.
///
/// Why: these loops are bound by their table loads and the index arithmetic around them, and in
/// wasm a load needs no bounds check and an index addition no overflow check (bench/PROFILE.md,
/// session 15). Each loop evaluates osc.ts's expressions in its order (the same products and sums,
/// left to right, each point read as its value and slope: dsp-memory.ts's WAVES), so the samples are
/// the ones the JS loops gave: a test compares them bit for bit.
///
/// Arguments go through memory, not the call: a call from JS code V8 has not optimised boxes each
/// double it passes, and each integer past 2^30 (a phase, an increment). Before a call, per
/// oscillator j: LOOP_INTS[j] the byte address of its table's first point, LOOP_INTS[3 + j] its
/// 32-bit phase, LOOP_INTS[6 + j] its increment, LOOP_FLOATS[j] the weight of its next table
/// (crossfading loops); LOOP_FLOATS[3] a scale every sum is multiplied by; LOOP_INTS[9] the byte
/// address of the row's first sample. The call takes the sample count n and leaves each phase
/// advanced by n samples where it found it. An adding loop adds sum * scale to what the row holds
/// (the kernels pass the scale 1 then, which changes no sample).

import { F64, I32, OP, counted, get, i32, instantiate, load, loadI32, set, store, storeI32, tee, type WasmFunction } from './wasm-encode.ts'
import { DSP_MEMORY, LOOP_FLOATS, LOOP_INTS } from './dsp-memory.ts'
import { PHASE_SHIFT, WAVE_TABLE_LENGTH } from './table-sizes.ts'

const FRACTION = 2 ** PHASE_SHIFT - 1
const NEXT_TABLE = WAVE_TABLE_LENGTH * 8
const INTS = LOOP_INTS.byteOffset, FLOATS = LOOP_FLOATS.byteOffset

/// The loop over n samples of `count` oscillators, crossfading or not, writing or adding, as
/// described above.
function tableLoop(count: number, crossfade: boolean, adds: boolean): WasmFunction {
  // Parameter 0: n. Locals: per oscillator its table, phase, increment (i32) and weight (f64);
  // then the sample's address and the row's end, the point's address, the scale, the fraction
  // and a value.
  const b = (j: number) => 1 + j, p = (j: number) => 4 + j, d = (j: number) => 7 + j
  const q = 10, end = 11, c = 12, w = (j: number) => 13 + j, k = 16, f = 17, y0 = 18
  const locals = [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, F64, F64, F64, F64, F64, F64]
  const read: number[] = []
  for (let j = 0; j < count; j++) {
    read.push(...i32(0), ...loadI32(INTS + 4 * j), ...set(b(j)))
    read.push(...i32(0), ...loadI32(INTS + 4 * (3 + j)), ...set(p(j)))
    read.push(...i32(0), ...loadI32(INTS + 4 * (6 + j)), ...set(d(j)))
    if (crossfade) read.push(...i32(0), ...load(FLOATS + 8 * j), ...set(w(j)))
  }
  read.push(...i32(0), ...load(FLOATS + 8 * 3), ...set(k))
  read.push(...i32(0), ...loadI32(INTS + 4 * 9), ...tee(q), ...get(0), ...i32(3), OP.i32Shl, OP.i32Add, ...set(end))
  // One table's linear interpolation at c + off: value + (p & FRACTION) * slope, the point's two
  // doubles (dsp-memory.ts's WAVES: the same double as value + (p & FRACTION) / 2^SHIFT * (next
  // value - value), in fewer operations).
  const lerp = (off: number, fraction: number[]) => [...get(c), ...load(off), ...fraction, ...get(c), ...load(off + 8), OP.f64Mul, OP.f64Add]
  const term = (j: number): number[] => {
    // c = b + (p >>> SHIFT) * 16, and the fraction's integer p & FRACTION (below 2^SHIFT, so a
    // signed conversion, one instruction where the unsigned one is two).
    const index = [...get(p(j)), ...i32(PHASE_SHIFT), OP.i32ShrU, ...i32(4), OP.i32Shl, ...get(b(j)), OP.i32Add, ...set(c)]
    const fraction = [...get(p(j)), ...i32(FRACTION), OP.i32And, OP.f64ConvertI32S]
    if (!crossfade) return [...index, ...lerp(0, fraction)]
    // y0 + w * (the next table's value - y0)
    return [...index, ...fraction, ...set(f), ...lerp(0, get(f)), ...tee(y0), ...get(w(j)), ...lerp(NEXT_TABLE, get(f)), ...get(y0), OP.f64Sub, OP.f64Mul, OP.f64Add]
  }
  const sum: number[] = [...term(0)]
  for (let j = 1; j < count; j++) sum.push(...term(j), OP.f64Add)
  const advance: number[] = []
  const written: number[] = []
  for (let j = 0; j < count; j++) {
    advance.push(...get(p(j)), ...get(d(j)), OP.i32Add, ...set(p(j)))
    written.push(...i32(0), ...get(p(j)), ...storeI32(INTS + 4 * (3 + j)))
  }
  // row[q] = sum * k, or row[q] + sum * k
  const value = adds ? [...get(q), ...load(), ...sum, ...get(k), OP.f64Mul, OP.f64Add] : [...sum, ...get(k), OP.f64Mul]
  const body = [...read, ...counted(q, end, 8, [...get(q), ...value, ...store(), ...advance]), ...written]
  return { name: `t${count}${crossfade ? 'x' : ''}${adds ? 'a' : ''}`, params: [I32], locals, body }
}

type Loop = (n: number) => void

// A single oscillator only writes its row (tableRun).
const fns = [1, 2, 3].flatMap((count) => [false, true].flatMap((fade) => [false, true].filter((adds) => count > 1 || !adds).map((adds) => tableLoop(count, fade, adds))))
const loops = instantiate(fns, DSP_MEMORY)

export const table1 = loops.t1 as Loop
export const table1x = loops.t1x as Loop
export const table2 = loops.t2 as Loop
export const table2x = loops.t2x as Loop
export const table2a = loops.t2a as Loop
export const table2xa = loops.t2xa as Loop
export const table3 = loops.t3 as Loop
export const table3x = loops.t3x as Loop
export const table3a = loops.t3a as Loop
export const table3xa = loops.t3xa as Loop
