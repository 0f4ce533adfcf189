/// Band-limited wavetables: one table per 1/6 octave of phase increment (cycles per sample), each
/// holding every harmonic that stays below Nyquist over its whole range, read with linear
/// interpolation and crossfaded into the next table over the top of its range so that vibrato
/// across a table edge does not switch the spectrum abruptly (TOOLCHAIN: -76 dB with vibrato,
/// where hard-switched tables reach only -31 dB). Indexed by increment, one set serves every
/// sample rate. Sets are built once, lazily, and shared by every oscillator.

import { WAVES } from './dsp-memory.ts'
import { fft } from './fft.ts'
import { PHASE_SHIFT, SET_SIZE, SILENT_TABLE, TABLE_SIZE, TABLE_STRIDE, TABLES_PER_OCTAVE, WAVE_TABLE_LENGTH, WAVES_IN_ORDER, type Wave } from './table-sizes.ts'

/// log2 of the lowest table's lower edge: 0.5/1024, where a table of 2048 points is full.
const LOWEST_LOG2 = -11
/// Share of each table's range (in octaves) over which it fades into the next one.
const XFADE = 0.2

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
