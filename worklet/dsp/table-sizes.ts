/// The wavetables' sizes and order: how many tables, of how many points, and where each waveform's
/// set starts. A leaf module: dsp-memory.ts places the tables in the DSP's memory by these sizes and
/// wavetable.ts builds them there, so neither needs the other's module to know them.

export const TABLE_SIZE = 2048
/// The sine table has one guard point (a copy of point 0) so interpolation never wraps.
export const TABLE_STRIDE = TABLE_SIZE + 1
/// Doubles per saw or triangle table in WAVES: each point's value, then its slope (see WAVES).
export const WAVE_TABLE_LENGTH = 2 * TABLE_SIZE
/// The kernels' integer phase: its top log2(TABLE_SIZE) bits index a table's points, the low
/// PHASE_SHIFT bits are the fraction between one point and the next.
export const PHASE_SHIFT = 32 - Math.log2(TABLE_SIZE)
export const TABLES_PER_OCTAVE = 6

/// Tables 0..59 cover increments up to 0.5 (Nyquist); table 60, above it, is silent.
export const SILENT_TABLE = 60
export const TABLE_COUNT = SILENT_TABLE + 1

export type Wave = 'saw' | 'tri'

/// Tables of one waveform: TABLE_COUNT tables of TABLE_SIZE points, each a value and a slope.
export const SET_SIZE = TABLE_COUNT * WAVE_TABLE_LENGTH
export const WAVES_IN_ORDER: readonly Wave[] = ['saw', 'tri']
