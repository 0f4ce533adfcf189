// The output meter's scale.
import { describe, expect, it } from 'vitest'
import { meterPosition, peakDb, METER_FLOOR_DB } from '../../src/audio/level-meter.ts'

describe('level meter', () => {
  it('reads the peak in dBFS', () => {
    const sine = Float32Array.from({ length: 1000 }, (_, i) => 0.5 * Math.sin(i / 7))
    expect(peakDb(sine)).toBeCloseTo(-6.02, 1)
    expect(peakDb(new Float32Array(100))).toBe(METER_FLOOR_DB)
    expect(peakDb(Float32Array.of(0, -1.5, 0.2))).toBeCloseTo(3.52, 1)
  })

  it('places -60..0 dBFS along the bar', () => {
    expect(meterPosition(-60)).toBe(0)
    expect(meterPosition(-30)).toBe(0.5)
    expect(meterPosition(0)).toBe(1)
    expect(meterPosition(6)).toBe(1)
  })
})
