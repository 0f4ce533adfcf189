/// A control change value (0..127) as a knob or fader value: the 128 positions spread evenly
/// along the control's curve exactly as the panel spreads a drag (equal ratios on an `exp`
/// range), so CC 0 is the minimum and CC 127 the maximum.

import { fromNorm, type ScaleSpec } from '../panel/scale.ts'

export type CcScale = ScaleSpec

export function ccToValue(value: number, c: CcScale): number {
  return fromNorm(Math.max(0, Math.min(127, value)) / 127, c)
}
