/// How a knob or fader maps between its position (0..1) and its value, how precisely values
/// are written and how they are shown. Pure functions, shared by the widgets and the rewrite.

/// The part of a control the mapping needs.
export interface ScaleSpec {
  min: number
  max: number
  curve: 'lin' | 'exp'
}

/// The unit a value is shown in: seconds, hertz, or none.
export type Unit = 's' | 'Hz' | null

// An `exp` range that touches or crosses zero cannot be geometric; it gets a curve with this
// ratio between the top and the bottom of its first step instead (60 dB, as a gain knob).
const PSEUDO_RATIO = 1000

function geometric(c: ScaleSpec): boolean {
  return c.curve === 'exp' && c.min > 0 && c.max > 0
}

/// Position 0..1 of a value (clamped), so that equal moves feel even across an `exp` range.
export function toNorm(v: number, c: ScaleSpec): number {
  const span = c.max - c.min
  if (!(span > 0)) return 0
  const x = Math.min(c.max, Math.max(c.min, v))
  let p: number
  if (geometric(c)) p = Math.log(x / c.min) / Math.log(c.max / c.min)
  else if (c.curve === 'exp') p = Math.log1p(((x - c.min) / span) * (PSEUDO_RATIO - 1)) / Math.log(PSEUDO_RATIO)
  else p = (x - c.min) / span
  return Math.min(1, Math.max(0, p))
}

/// The value at position p (clamped to 0..1), before rounding.
export function fromNorm(p: number, c: ScaleSpec): number {
  const q = Math.min(1, Math.max(0, p))
  const span = c.max - c.min
  if (geometric(c)) return c.min * Math.pow(c.max / c.min, q)
  if (c.curve === 'exp') return c.min + (span * (Math.pow(PSEUDO_RATIO, q) - 1)) / (PSEUDO_RATIO - 1)
  return c.min + span * q
}

/// Decimal places kept for value v: a thousandth of a linear range (the finest drag step), four
/// significant digits on an `exp` range (whose steps are relative), never more than 6.
export function decimalsFor(v: number, c: ScaleSpec): number {
  const span = c.max - c.min
  const lin = span > 0 ? Math.ceil(-Math.log10(span / 1000) - 1e-9) : 3
  if (c.curve === 'exp' && v !== 0) {
    const sig = 3 - Math.floor(Math.log10(Math.abs(v)))
    return clampInt(sig, 0, 6)
  }
  return clampInt(lin, 0, 6)
}

function clampInt(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n))
}

/// The value the panel writes: clamped into the range and rounded to the precision it shows.
export function roundValue(v: number, c: ScaleSpec): number {
  if (!Number.isFinite(v)) throw new RangeError(`Not a control value: ${v}`)
  const x = Math.min(c.max, Math.max(c.min, v))
  const d = decimalsFor(x, c)
  const r = Number(x.toFixed(d))
  return Math.min(c.max, Math.max(c.min, r))
}

/// A number with at most `decimals` places and no trailing zeros: `1800`, `0.75`, `-3.5`.
export function formatNumber(v: number, decimals: number): string {
  let s = v.toFixed(clampInt(decimals, 0, 12))
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '')
  if (s === '-0') s = '0'
  return s
}

/// What a musician reads beside the widget: `1.84 kHz`, `250 ms`, `1.5 s`, `0.75`.
export function displayValue(v: number, c: ScaleSpec, unit: Unit): string {
  const d = decimalsFor(v, c)
  if (unit === 'Hz') {
    if (Math.abs(v) >= 1000) return `${formatNumber(v / 1000, Math.max(0, Math.min(d + 3, 3 - Math.floor(Math.log10(Math.abs(v) / 1000)))))} kHz`
    return `${formatNumber(v, Math.min(d, 2))} Hz`
  }
  if (unit === 's') {
    if (Math.abs(v) < 1) return `${formatNumber(v * 1000, Math.max(0, d - 3))} ms`
    return `${formatNumber(v, d)} s`
  }
  return formatNumber(v, d)
}

/// A value typed into a widget: `1200`, `1.2k`, `1.2 kHz`, `250ms`, `0.25 s`, `-3`. Units scale
/// to the language's base units (seconds, hertz). Null when the text is not a number.
export function parseTyped(text: string): number | null {
  const m = /^\s*([-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[-+]?[0-9]+)?)\s*(k|khz|hz|ms|s)?\s*$/i.exec(text)
  if (!m) return null
  const n = Number(m[1])
  if (!Number.isFinite(n)) return null
  const unit = (m[2] ?? '').toLowerCase()
  if (unit === 'k' || unit === 'khz') return n * 1000
  if (unit === 'ms') return n / 1000
  return n
}
