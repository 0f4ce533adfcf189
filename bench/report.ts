/// Medians, ratios and the printed table, shared by the browser and the Node runs.

export interface Row {
  patch: string
  /// P3 only.
  n?: number
  engine: string
  x_realtime: number | null
  x_realtime_warm: number | null
  rms: number | null
  /// Peer speed / ours (x_realtime over x_realtime); 1 on our own rows; null when either is missing.
  ratio: number | null
  /// Why there is no figure (the engine cannot express the patch, or it failed).
  note?: string
  /// Each timed run's x realtime, for the record.
  runs?: number[]
  /// Engine-specific extras, medians (Tone's whole offline render, for one).
  extra?: Record<string, number>
  /// rms / the reference model's rms - 1, where both are known (checkRms).
  rms_vs_reference?: number
}

export interface CompileEntry {
  compile_ms: number
  engine: string
  what: string
  runs: number[]
  /// The issue's target for this row, when it has one (text to ready to sound: under 5 ms).
  target_ms?: number
}

/// Issue 7: a patch's text is ready to sound (parsed, compiled, loaded, its first block rendered)
/// in under 5 ms.
export const READY_TARGET_MS = 5
export const READY = 'text to ready to sound'

/// A compile-latency row: the median of `runs` (warm-up already dropped), with the target on the
/// "text to ready to sound" rows.
export function compileEntry(engine: string, what: string, runs: number[]): CompileEntry {
  return { engine, what, compile_ms: runs.length ? median(runs) : NaN, runs, ...(what.endsWith(READY) ? { target_ms: READY_TARGET_MS } : {}) }
}

export interface MaxNEntry {
  p3_max_n: number | null
  engine: string
  /// x realtime at each N tried, in order.
  scan: { n: number; x_realtime: number | null; note?: string }[]
  note?: string
}

export interface ExtraEntry {
  measure: string
  value: number | null
  unit: string
  note?: string
}

export type Entry = Row | CompileEntry | MaxNEntry | ExtraEntry

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

export const OURS = 'this project'
export const REFERENCE = 'reference model'

/// How far an engine's RMS may sit from the reference model's and still be the same patch, and
/// why it may differ at all (bench/browser.ts NOTES explains each cause).
export const RMS_TOLERANCE: Record<string, { rel: number; why: string }> = {
  P1: { rel: 0.03, why: 'band-limited saws against the naive ones of the model, oscillator start phases' },
  P2: { rel: 0.03, why: 'noise is random per run' },
  P3: { rel: 0.01, why: 'the same sines from the same phase: only table interpolation' },
  P4: { rel: 0.03, why: "band-limited saws, and this project's poly: the free voice that slept longest (about 1.5%)" },
}

/// Compares every row's RMS with the reference model row of its patch (and P3 size): records the
/// difference in `rms_vs_reference`, and beyond the patch's tolerance puts a loud warning first in
/// the row's note. Returns one line per row beyond tolerance (none: every engine played the same patch).
export function checkRms(rows: Row[]): string[] {
  const bad: string[] = []
  for (const r of rows) {
    if (r.engine === REFERENCE || r.rms == null) continue
    const ref = rows.find((o) => o.engine === REFERENCE && o.patch === r.patch && o.n === r.n)?.rms
    const tol = RMS_TOLERANCE[r.patch]
    if (ref == null || !tol || !(ref > 0)) continue
    const off = r.rms / ref - 1
    r.rms_vs_reference = off
    if (Math.abs(off) <= tol.rel && Number.isFinite(off)) continue
    const pct = `${off > 0 ? '+' : ''}${(off * 100).toFixed(1)}%`
    const what =
      `**RMS MISMATCH**: ${r.rms.toFixed(4)} is ${pct} off the reference model's ${ref.toFixed(4)} ` +
      `(tolerance ±${tol.rel * 100}%: ${tol.why}); not the same patch, its speed does not count until this is explained`
    r.note = r.note ? `${what}; ${r.note}` : what
    bad.push(`${r.n != null ? `${r.patch} N=${r.n}` : r.patch}, ${r.engine}: RMS ${r.rms.toFixed(4)}, ${pct} off the reference ${ref.toFixed(4)} (tolerance ±${tol.rel * 100}%)`)
  }
  return bad
}

/// One line for the report under the table: the RMS check's outcome.
export function rmsSummary(rows: Row[], bad: string[]): string {
  const checked = rows.filter((r) => r.rms_vs_reference != null).length
  if (bad.length) return `**RMS CHECK FAILED** for ${bad.length} of ${checked} rows (a different patch until explained):\n${bad.map((b) => `- ${b}`).join('\n')}`
  const tol = Object.entries(RMS_TOLERANCE).map(([p, t]) => `${p} ±${t.rel * 100}%`).join(', ')
  return `RMS check: all ${checked} engine rows are within tolerance of the reference model (${tol}).`
}

/// Fills `ratio` on every row from the row of this project with the same patch and N.
export function addRatios(rows: Row[]): void {
  for (const r of rows) {
    const mine = rows.find((o) => o.engine === OURS && o.patch === r.patch && o.n === r.n)
    r.ratio = mine?.x_realtime && r.x_realtime != null ? r.x_realtime / mine.x_realtime : null
  }
}

export const num = (x: number | null | undefined, digits = 1) => (x == null || !Number.isFinite(x) ? '–' : x.toFixed(digits))

function pad(cells: string[][]): string {
  const widths = cells[0].map((_, i) => Math.max(...cells.map((r) => r[i].length)))
  return cells.map((r) => '| ' + r.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |').join('\n')
}

export function renderTable(rows: Row[]): string {
  const head = ['patch', 'engine', 'x realtime', 'x realtime (warm half)', 'RMS', 'peer / ours', 'note']
  const body = rows.map((r) => [
    r.n != null ? `${r.patch} N=${r.n}` : r.patch,
    r.engine,
    num(r.x_realtime),
    num(r.x_realtime_warm),
    num(r.rms, 4),
    r.engine === OURS ? (r.x_realtime != null ? '1' : '–') : r.engine === REFERENCE ? '' : num(r.ratio, 2),
    r.note ?? '',
  ])
  return pad([head, head.map((h) => '-'.repeat(h.length)), ...body])
}

export function compileTable(entries: CompileEntry[]): string {
  const head = ['compile latency', 'engine', 'median ms', 'target', 'runs (ms)']
  const target = (e: CompileEntry) =>
    e.target_ms == null ? '' : `< ${e.target_ms} ms: ${!Number.isFinite(e.compile_ms) ? 'not measured' : e.compile_ms < e.target_ms ? 'met' : 'MISSED'}`
  const body = entries.map((e) => [e.what, e.engine, num(e.compile_ms, 2), target(e), e.runs.map((x) => x.toFixed(1)).join(' ')])
  return pad([head, head.map((h) => '-'.repeat(h.length)), ...body])
}

export function maxNTable(entries: MaxNEntry[]): string {
  const head = ['engine', 'P3: largest N at >= 2x realtime', 'x realtime by N', 'note']
  const body = entries.map((e) => [
    e.engine,
    e.p3_max_n == null ? '< 64' : String(e.p3_max_n),
    e.scan.map((s) => `${s.n}: ${s.x_realtime == null ? (s.note ? 'n/a' : '–') : s.x_realtime.toFixed(1)}`).join(', '),
    e.note ?? '',
  ])
  return pad([head, head.map((h) => '-'.repeat(h.length)), ...body])
}

export function extraTable(entries: ExtraEntry[]): string {
  const head = ['measure', 'value', 'note']
  const body = entries.map((e) => [e.measure, e.value == null ? 'not measured' : `${num(e.value, 2)} ${e.unit}`, e.note ?? ''])
  return pad([head, head.map((h) => '-'.repeat(h.length)), ...body])
}
