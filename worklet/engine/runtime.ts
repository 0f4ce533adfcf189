/// The shared DSP functions handed to every generated function (as `D`); small enough for V8 to
/// inline into the generated loops.

import { adsrStep } from '../dsp/adsr.ts'
import { trig } from '../dsp/clock.ts'
import { delayReadStep, delayWrite } from '../dsp/delay.ts'
import { setCoefficients } from '../dsp/filter.ts'
import { pinkStep, whiteStep } from '../dsp/noise.ts'
import { seqStep } from '../dsp/seq.ts'
import { sineTable, tablePosition, tableSet } from '../dsp/wavetable.ts'
import { polyRun } from './poly.ts'

/// A phase that left 0..1 brought back into it (as osc.ts's advance does).
function wrap(p: number): number {
  p -= Math.floor(p)
  return p >= 1 ? 0 : p
}

function clip(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x
}

export const RUNTIME = {
  tablePosition, wrap, whiteStep, pinkStep, trig, seqStep, adsrStep, setCoefficients,
  delayReadStep, delayWrite, polyRun, clip,
  get SAW() { return tableSet('saw') },
  get TRI() { return tableSet('tri') },
  get SINE() { return sineTable() },
}
