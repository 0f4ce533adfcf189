/// Band-limited wavetables: one table per 1/6 octave of phase increment (cycles per sample), each
/// holding every harmonic that stays below Nyquist over its whole range, read with linear
/// interpolation and crossfaded into the next table over the top of its range so that vibrato
/// across a table edge does not switch the spectrum abruptly (TOOLCHAIN: -76 dB with vibrato,
/// where hard-switched tables reach only -31 dB). Indexed by increment, one set serves every
/// sample rate. Sets are built once, lazily, and shared by every oscillator.

import { fft } from './fft.ts'

export const TABLE_SIZE = 2048
/// The sine table has one guard point (a copy of point 0) so interpolation never wraps.
export const TABLE_STRIDE = TABLE_SIZE + 1
/// Doubles per saw or triangle table in WAVES: each point's value, then its slope (see WAVES).
export const WAVE_TABLE_LENGTH = 2 * TABLE_SIZE
/// The kernels' integer phase: its top log2(TABLE_SIZE) bits index a table's points, the low
/// PHASE_SHIFT bits are the fraction between one point and the next.
export const PHASE_SHIFT = 32 - Math.log2(TABLE_SIZE)
export const TABLES_PER_OCTAVE = 6
/// log2 of the lowest table's lower edge: 0.5/1024, where a table of 2048 points is full.
const LOWEST_LOG2 = -11
/// Tables 0..59 cover increments up to 0.5 (Nyquist); table 60, above it, is silent.
export const SILENT_TABLE = 60
export const TABLE_COUNT = SILENT_TABLE + 1
/// Share of each table's range (in octaves) over which it fades into the next one.
const XFADE = 0.2

export type Wave = 'saw' | 'tri'

/// log2(1 + (m + 1) / 1024): rounds the increment's log up so that the table picked never holds a
/// harmonic above Nyquist (erring toward the next, duller table by at most 0.0014 octave).
const LOG2_FRAC = new Float64Array(1024)
for (let m = 0; m < 1024; m++) LOG2_FRAC[m] = Math.log2(1 + (m + 1) / 1024)

/// Highest harmonic that table k may hold: alias-free up to the top of its range.
export function harmonicsOf(k: number): number {
  if (k >= SILENT_TABLE) return 0
  const hi = 2 ** (LOWEST_LOG2 + (k + 1) / TABLES_PER_OCTAVE)
  return Math.min(TABLE_SIZE / 2 - 1, Math.floor(0.5 / hi))
}

/// Table position for a (non-negative) increment: integer part is the table, fractional part the
/// weight of the next table. Uses the increment's bits (Math.clz32) instead of Math.log2, which
/// costs 11-14 ns per sample.
export function tablePosition(inc: number): number {
  if (!(inc > 2 ** LOWEST_LOG2)) return 0 // also NaN
  if (inc >= 0.5) return SILENT_TABLE
  const x = (inc * 4294967296) >>> 0
  const c = Math.clz32(x)
  const m = ((x << c) >>> 21) & 1023
  const q = (31 - c + LOG2_FRAC[m] - 32 - LOWEST_LOG2) * TABLES_PER_OCTAVE
  const k = Math.floor(q)
  if (k >= SILENT_TABLE) return SILENT_TABLE
  const f = q - k
  return f > 1 - XFADE ? k + (f - (1 - XFADE)) / XFADE * 0.999999 : k
}

function amplitudes(wave: Wave, n: number): Float64Array {
  const a = new Float64Array(n + 1)
  for (let h = 1; h <= n; h++) {
    // Sine-series coefficients: a rising saw 2p-1 and a triangle peaking at p = 1/4.
    if (wave === 'saw') a[h] = -2 / (Math.PI * h)
    else if (h % 2 === 1) a[h] = ((h - 1) / 2) % 2 === 0 ? 8 / (Math.PI * Math.PI * h * h) : -8 / (Math.PI * Math.PI * h * h)
  }
  return a
}

/// Fills table `off` of WAVES with sum a[h] sin(2 pi h p), each point rounded to single precision as
/// when the tables were Float32Arrays (the engine's samples stayed as they were when the tables
/// became doubles for speed), each followed by its slope to the next (see WAVES).
function synthesize(a: Float64Array, off: number): void {
  const re = new Float64Array(TABLE_SIZE)
  const im = new Float64Array(TABLE_SIZE)
  // x[n] = sum a_h sin(2 pi h n / N) is the inverse transform of X[h] = -i a_h / 2, X[N-h] = i a_h / 2.
  for (let h = 1; h < a.length; h++) {
    im[h] = -a[h] / 2
    im[TABLE_SIZE - h] = a[h] / 2
  }
  fft(re, im, true)
  for (let i = 0; i < TABLE_SIZE; i++) re[i] = Math.fround(re[i])
  const scale = 2 ** -PHASE_SHIFT
  for (let i = 0; i < TABLE_SIZE; i++) {
    WAVES[off + 2 * i] = re[i]
    WAVES[off + 2 * i + 1] = ((i + 1 < TABLE_SIZE ? re[i + 1] : re[0]) - re[i]) * scale
  }
}

/// Tables of one waveform: TABLE_COUNT tables of TABLE_SIZE points, each a value and a slope.
const SET_SIZE = TABLE_COUNT * WAVE_TABLE_LENGTH
const WAVES_IN_ORDER: readonly Wave[] = ['saw', 'tri']

/// Every waveform's tables in one array, the saw's then the triangle's, allocated here (zeroed,
/// untouched until built) so that its identity never changes: the oscillator kernels read it as a
/// module constant, and V8 then keeps its base and length out of the registers their loops need
/// (three saws at a time: 1.40 -> 1.20 ns per saw and sample in Chromium's V8, where the set came
/// as an argument; the whole engine, old and new interleaved in one page: P1 4-5%, P4 3-5% less
/// time per block). The points are single-precision values held as doubles: a double load feeds
/// the arithmetic directly where a float's needed a conversion first, two per saw and sample, four
/// when crossfaded (P1 3%, P4 2-8% less time per block; the same samples). A waveform's tables are
/// built on first use (waveBase).
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
const ARENA_AT = Math.ceil((OUT_AT + LOOP_ROW_LENGTH * 4 + 2 * 4 + 2 * 8) / 4096) * 4096

/// The WebAssembly memory the wasm loops (table-loops.ts, filter-loops.ts, delay-loops.ts,
/// out-loops.ts) read and write: the tables, the loops' rows and arguments, then an arena for work rows, which the loops then write directly, and
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
const built: Partial<Record<Wave, boolean>> = {}

/// Where a waveform's tables start in WAVES (table k at base + k * WAVE_TABLE_LENGTH), built on first use.
export function waveBase(wave: Wave): number {
  const base = WAVES_IN_ORDER.indexOf(wave) * SET_SIZE
  if (built[wave]) return base
  let prev = -1
  for (let k = 0; k < SILENT_TABLE; k++) {
    const n = harmonicsOf(k), at = base + k * WAVE_TABLE_LENGTH
    if (n === prev) WAVES.copyWithin(at, at - WAVE_TABLE_LENGTH, at)
    else synthesize(amplitudes(wave, n), at)
    prev = n
  }
  built[wave] = true
  return base
}

let sine: Float64Array | null = null

/// One sine cycle (a pure tone needs no band limiting): single-precision values held as doubles,
/// for the reason WAVES holds its points so.
export function sineTable(): Float64Array {
  if (sine) return sine
  sine = new Float64Array(TABLE_STRIDE)
  for (let i = 0; i <= TABLE_SIZE; i++) sine[i] = Math.fround(Math.sin((2 * Math.PI * i) / TABLE_SIZE))
  return sine
}

/// Builds every table set now (about 50 ms), so that the first patch does not pay for it.
export function prepareTables(): void {
  waveBase('saw')
  waveBase('tri')
  sineTable()
}

let sine64: { table: Float64Array; slope: Float64Array } | null = null

/// The sine cycle in double precision with each point's slope to the next per unit of the phase's
/// fraction ((next - point) / 2^PHASE_SHIFT), for oscillator banks: a read is `point + fraction *
/// slope`, one load, a subtraction and a product less per sample than from the points alone. The
/// scaling is by a power of two, so the sample is the one `fraction / 2^PHASE_SHIFT * slope` gave
/// (P3, N = 1024, in Chromium: 5-7% less time per block).
export function sineSlopes(): { table: Float64Array; slope: Float64Array } {
  if (sine64) return sine64
  const table = new Float64Array(TABLE_STRIDE)
  const slope = new Float64Array(TABLE_STRIDE)
  for (let i = 0; i <= TABLE_SIZE; i++) table[i] = Math.sin((2 * Math.PI * i) / TABLE_SIZE)
  table[TABLE_SIZE] = table[0]
  for (let i = 0; i < TABLE_SIZE; i++) slope[i] = (table[i + 1] - table[i]) * 2 ** -PHASE_SHIFT
  sine64 = { table, slope }
  return sine64
}
