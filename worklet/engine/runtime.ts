/// The shared DSP functions handed to every generated function (as `D`); small enough for V8 to
/// inline into the generated loops.

import { adsr } from '../dsp/adsr.ts'
import { trig } from '../dsp/clock.ts'
import { delayRead, delayWrite } from '../dsp/delay.ts'
import { filterBp, filterHp, filterLp, filterNotch } from '../dsp/filter.ts'
import { pink, white } from '../dsp/noise.ts'
import { oscSine, oscSquare, oscTable } from '../dsp/osc.ts'
import { seq } from '../dsp/seq.ts'
import { sineTable, tableSet } from '../dsp/wavetable.ts'
import { polyRun } from './poly.ts'

function clip(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x
}

export const RUNTIME = {
  oscTable, oscSquare, oscSine, white, pink, trig, seq, adsr, filterLp, filterHp, filterBp, filterNotch,
  delayRead, delayWrite, polyRun, clip,
  get SAW() { return tableSet('saw') },
  get TRI() { return tableSet('tri') },
  get SINE() { return sineTable() },
}
