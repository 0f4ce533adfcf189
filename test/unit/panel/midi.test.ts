import { describe, expect, it } from 'vitest'
import { compile } from '../../../src/language/compile.ts'
import { routeMidi } from '../../../src/panel/midi.ts'

const controls = compile('knob cutoff = 1000 [100..10000] exp cc 74\nfader level = 0.5 [0..1] cc 7\nout = level\n').patch!.controls

describe('MIDI routing', () => {
  it('sends mapped control changes to their controls along the curve', () => {
    const r = routeMidi([0xb0, 74, 0, 0xb3, 74, 127, 0xb0, 7, 64], controls)
    expect(r.engine).toEqual([])
    expect(r.controls.map((m) => [m.control.name, m.value])).toEqual([
      ['cutoff', 100],
      ['cutoff', 10000],
      ['level', 64 / 127],
    ])
    expect(routeMidi([0xb0, 74, 64], controls).controls[0].value).toBeCloseTo(100 * 100 ** (64 / 127), 6)
  })
  it('passes notes, bends and unmapped controllers to the engine whole', () => {
    const r = routeMidi([0x90, 60, 100, 0xf8, 0xe0, 0, 64, 0xb0, 1, 5, 0xc0, 3, 0x80, 60, 0], controls)
    expect(r.controls).toEqual([])
    expect(r.engine).toEqual([0x90, 60, 100, 0xe0, 0, 64, 0xb0, 1, 5, 0xc0, 3, 0x80, 60, 0])
  })
})
