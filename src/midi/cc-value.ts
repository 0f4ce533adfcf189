/// A control change value (0..127) as a knob or fader value: the 128 positions spread evenly
/// along the control's curve, as the panel spreads a drag (equal ratios on an `exp` range), so
/// CC 0 is the minimum and CC 127 the maximum.

export interface CcScale {
  min: number
  max: number
  curve: 'lin' | 'exp'
}

export function ccToValue(value: number, c: CcScale): number {
  const p = Math.max(0, Math.min(127, value)) / 127
  if (c.curve === 'exp' && c.min > 0 && c.max > 0) return c.min * Math.pow(c.max / c.min, p)
  return c.min + (c.max - c.min) * p
}
