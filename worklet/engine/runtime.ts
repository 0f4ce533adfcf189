/// The shared DSP functions handed to every generated function (as `D`); the block kernels the
/// generated code calls once per unit per block.

import { adsrBlock, adsrTrigBlock } from '../dsp/adsr.ts'
import { trigBlock } from '../dsp/clock.ts'
import { delayBlock, delayReadBlock, delaySpan, delayWriteBlock } from '../dsp/delay.ts'
import { filterBlock, filterNoiseBlock, filterPair, filterPairRows, filterQuad, filterQuadRows } from '../dsp/filter.ts'
import { pinkBlock, whiteBlock } from '../dsp/noise.ts'
import { oscBank, oscRowBank, oscSineBlock, oscSquareBlock, oscTableBlock } from '../dsp/osc.ts'
import { seqBlock } from '../dsp/seq.ts'
import { sineTable, waveBase } from '../dsp/wavetable.ts'
import { vAcc, vAdd, vAddMul, vMulAdd, vSumRows, vClip, vCopy, vDiv, vFill, vMul, vOut, vOutMono, vRamp, vSub, vUnary, vVoiceOut } from '../dsp/vector.ts'
import { polyRun } from './poly.ts'

function clip(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x
}

export const RUNTIME = {
  vAdd, vSub, vMul, vDiv, vUnary, vClip, vFill, vAcc, vAddMul, vMulAdd, vSumRows, vRamp, vOut, vOutMono, vVoiceOut, vCopy,
  oscSineBlock, oscTableBlock, oscSquareBlock, oscBank, oscRowBank, whiteBlock, pinkBlock, trigBlock, seqBlock,
  adsrBlock, adsrTrigBlock, filterBlock, filterNoiseBlock, filterPair, filterPairRows, filterQuad, filterQuadRows, delayBlock, delayReadBlock, delayWriteBlock, delaySpan, polyRun, clip,
  get SAW() { return waveBase('saw') },
  get TRI() { return waveBase('tri') },
  get SINE() { return sineTable() },
}
