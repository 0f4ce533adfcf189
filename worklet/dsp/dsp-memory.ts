/// The WebAssembly memory the DSP shares with its wasm loops, and its map: the wavetables (built by
/// wavetable.ts), the loops' rows and arguments, then the arena for work rows and delay lines
/// (memory.ts). MemoryAt tells a kernel where an array lies in it.

import { SET_SIZE, TABLE_STRIDE, WAVES_IN_ORDER } from './table-sizes.ts'

/// Every waveform's tables in one array, the saw's then the triangle's, allocated here (zeroed,
/// untouched until built) so that its identity never changes: the oscillator kernels read it as a
/// module constant, and V8 then keeps its base and length out of the registers their loops need
/// (three saws at a time: 1.40 -> 1.20 ns per saw and sample in Chromium's V8, where the set came
/// as an argument; the whole engine, old and new interleaved in one page: P1 4-5%, P4 3-5% less
/// time per block). The points are single-precision values held as doubles: a double load feeds
/// the arithmetic directly where a float's needed a conversion first, two per saw and sample, four
/// when crossfaded (P1 3%, P4 2-8% less time per block; the same samples). A waveform's tables are
/// built on first use (wavetable.ts's waveBase).
///
/// Point i of a table is two doubles: its value at 2i and its slope to the next point per unit of
/// the phase's fraction, `(next - value) / 2^PHASE_SHIFT`, at 2i + 1 (point 0 is the next of the
/// last). A read is then `value + (phase & FRACTION) * slope`: one subtraction and one product
/// less than `value + fraction / 2^PHASE_SHIFT * (next - value)`, and the same double, since scaling
/// by a power of two rounds nothing (sineSlopes does the same for the sine banks). The two share a
/// 16-byte pair, so a read touches one cache line, as value and next did (slopes in an array of
/// their own, two lines a read, gave P1 nothing). Three saws' loop alone takes 20-35% less time,
/// P1 as a whole 4% less (bench/ab.ts): there its saws wait on memory more than on arithmetic,
/// a new cache line nearly every read (bench/PROFILE.md, session 20). The tables take 4 MB, not 2.
///
/// WAVES lies in DSP_MEMORY, to the JS kernels a Float64Array like any other.
const WAVES_LENGTH = WAVES_IN_ORDER.length * SET_SIZE
/// The longest run a wasm table loop renders into LOOP_ROW in one call: a block.
export const LOOP_ROW_LENGTH = 128
const LOOP_ARGS = 16
/// Bytes of the arena for work rows and delay lines (memory.ts `takeRows`, `takeLine`): the
/// 200-line bench patch's rows take 442 KB, its 21 lines 1.2 MB; a line whose time moves, 768 KB.
const ARENA_BYTES = 16 * 1024 * 1024
/// The wasm filter loops' arguments (filter-loops.ts): integers, then doubles read as pairs.
const QUAD_INT_ARGS = 16, QUAD_FLOAT_ARGS = 24
const QUAD_AT = Math.ceil(((WAVES_LENGTH + LOOP_ROW_LENGTH + 2 * LOOP_ARGS) * 8) / 16) * 16
/// The wasm echo loop's arguments (delay-loops.ts): integers, then one double.
const ECHO_INT_ARGS = 4, ECHO_AT = QUAD_AT + QUAD_INT_ARGS * 4 + QUAD_FLOAT_ARGS * 8
/// The wasm output loops' (out-loops.ts) samples, a block of floats, then their two integer and two
/// double arguments.
const OUT_AT = Math.ceil((ECHO_AT + ECHO_INT_ARGS * 4 + 8) / 16) * 16
/// The wasm sine loops' (sine-loops.ts) arguments, integers then one double, and their table: the
/// sine cycle's points as (value, slope) pairs, as WAVES holds a table's.
const SINE_INT_ARGS = 10
const SINE_ARGS_AT = Math.ceil((OUT_AT + LOOP_ROW_LENGTH * 4 + 2 * 4 + 2 * 8) / 16) * 16
const SINE_AT = Math.ceil((SINE_ARGS_AT + SINE_INT_ARGS * 4 + 8) / 16) * 16
const SINE_LENGTH = 2 * TABLE_STRIDE
/// The wasm fill's (fill-loop.ts) arguments: one integer, then (8-byte aligned) one double.
const FILL_AT = Math.ceil((SINE_AT + SINE_LENGTH * 8) / 16) * 16
const ARENA_AT = Math.ceil((FILL_AT + 16) / 4096) * 4096

/// The WebAssembly memory the wasm loops (table-loops.ts, sine-loops.ts, filter-loops.ts,
/// delay-loops.ts, out-loops.ts, fill-loop.ts) read and write: the tables, the loops' rows and arguments, then an arena for work rows, which the loops then write directly, and
/// delay lines. It never grows (a grown memory detaches every view of it). Its pages are touched as
/// they are used, except in a worklet, which touches the arena's at its start (memory.ts).
export const DSP_MEMORY = new WebAssembly.Memory({ initial: Math.ceil((ARENA_AT + ARENA_BYTES) / 65536) })
export const WAVES = new Float64Array(DSP_MEMORY.buffer, 0, WAVES_LENGTH)
/// Where the wasm table loops leave their samples for a row outside DSP_MEMORY.
export const LOOP_ROW = new Float64Array(DSP_MEMORY.buffer, WAVES.byteLength, LOOP_ROW_LENGTH)
/// Their arguments, integer and floating-point (table-loops.ts says which is where).
export const LOOP_INTS = new Int32Array(DSP_MEMORY.buffer, LOOP_ROW.byteOffset + LOOP_ROW.byteLength, LOOP_ARGS)
export const LOOP_FLOATS = new Float64Array(DSP_MEMORY.buffer, LOOP_INTS.byteOffset + LOOP_INTS.byteLength, LOOP_ARGS)
/// The wasm filter loops' arguments (filter-loops.ts says which is where); the doubles 16-byte aligned.
export const QUAD_INTS = new Int32Array(DSP_MEMORY.buffer, QUAD_AT, QUAD_INT_ARGS)
export const QUAD_FLOATS = new Float64Array(DSP_MEMORY.buffer, QUAD_AT + QUAD_INT_ARGS * 4, QUAD_FLOAT_ARGS)
/// The wasm echo loop's arguments (delay-loops.ts says which is where).
export const ECHO_INTS = new Int32Array(DSP_MEMORY.buffer, ECHO_AT, ECHO_INT_ARGS)
export const ECHO_FLOATS = new Float64Array(DSP_MEMORY.buffer, ECHO_AT + ECHO_INT_ARGS * 4, 1)
/// Where the wasm output loops leave a block of samples for the output's channels, and their
/// arguments (out-loops.ts says which is where).
export const OUT_ROW = new Float32Array(DSP_MEMORY.buffer, OUT_AT, LOOP_ROW_LENGTH)
export const OUT_INTS = new Int32Array(DSP_MEMORY.buffer, OUT_AT + LOOP_ROW_LENGTH * 4, 2)
export const OUT_FLOATS = new Float64Array(DSP_MEMORY.buffer, OUT_AT + LOOP_ROW_LENGTH * 4 + 8, 2)
/// The wasm sine loops' arguments (sine-loops.ts says which is where) and their table of pairs.
export const SINE_INTS = new Int32Array(DSP_MEMORY.buffer, SINE_ARGS_AT, SINE_INT_ARGS)
export const SINE_FLOATS = new Float64Array(DSP_MEMORY.buffer, SINE_ARGS_AT + SINE_INT_ARGS * 4, 1)
export const SINES = new Float64Array(DSP_MEMORY.buffer, SINE_AT, SINE_LENGTH)
/// The wasm fill's arguments (fill-loop.ts says which is where).
export const FILL_INTS = new Int32Array(DSP_MEMORY.buffer, FILL_AT, 1)
export const FILL_FLOATS = new Float64Array(DSP_MEMORY.buffer, FILL_AT + 8, 1)
/// Where a kernel's rows lie: the byte offset in DSP_MEMORY of the last array it was asked about,
/// or -1 for an array elsewhere, kept until it is asked about another. A kernel meets the same rows
/// block after block, and `a.buffer === DSP_MEMORY.buffer` with `a.byteOffset` cost 8-10 ns a call in
/// Chromium (P1's eight saw banks over one-sample spans: 0.50 -> 0.45 us a block). An array's buffer
/// and offset never change (the memory never grows), so the one remembered stays right.
export class MemoryAt {
  private last: Float64Array | Float32Array | null = null
  private at = -1

  of(a: Float64Array | Float32Array): number {
    if (a !== this.last) {
      this.last = a
      this.at = a.buffer === DSP_MEMORY.buffer ? a.byteOffset : -1
    }
    return this.at
  }
}

/// The arena's bytes in DSP_MEMORY.
export const ARENA_START = ARENA_AT
export const ARENA_END = ARENA_AT + ARENA_BYTES
