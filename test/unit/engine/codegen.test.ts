import { describe, expect, it } from 'vitest'
import { generate } from '../../../worklet/engine/codegen.ts'
import { buildProgram, rampControls } from '../../../worklet/engine/program.ts'
import { patchOf } from '../helpers/patch.ts'

// A patch with a feedback loop through a short delay spanning several nodes, and plain chains.
const TEXT = [
  'knob k = 0.3 [0..1]',
  'node a = osc(saw, 110) * 0.3',
  'node b = filter(lp, a + fb * 0.5, 900, 2)',
  'node c = tanh(b * 2)',
  'node fb = delay(c, 0.0003, 0.2)',
  'node d = osc(square, 220.5, pw: 0.3) * k',
  'node e = filter(hp, d, 300)',
  'node f = e + c',
  'out = f * 0.2, fb',
].join('\n')

function run(segmentChars: number): { L: Float32Array; R: Float32Array; segments: number } {
  const p = buildProgram(patchOf(TEXT), 48000, segmentChars)
  const L = new Float32Array(48000), R = new Float32Array(48000)
  for (let off = 0; off < L.length; off += 128) {
    rampControls(p, 128)
    p.main(p.heap, p.V, p.CS, p.P, p.T, p.B, p.PL, p.voiceFns, p.TB, L.subarray(off, off + 128), R.subarray(off, off + 128), 128)
  }
  return { L, R, segments: p.gen.main.length }
}

describe('code generation', () => {
  it('cutting the main loop into segments changes no sample, and never cuts a delay loop', () => {
    const whole = run(1e9)
    const cut = run(1)
    expect(whole.segments).toBe(1)
    // Cut wherever allowed: never inside the loop fb..c, which a 14-sample delay closes.
    expect(cut.segments).toBeGreaterThanOrEqual(4)
    let differ = 0
    for (let i = 0; i < whole.L.length; i++) if (cut.L[i] !== whole.L[i] || cut.R[i] !== whole.R[i]) differ++
    expect(differ).toBe(0)
    expect(Math.max(...whole.R.map(Math.abs))).toBeGreaterThan(0.01)
  })

  it('emits no text from the patch: names become indices', () => {
    const g = generate(patchOf(TEXT.replaceAll('fb', 'zzfeedbackzz').replaceAll('knob k', 'knob kkknob').replaceAll('* k', '* kkknob')), 1)
    for (const src of [...g.main, ...g.voices]) {
      expect(src).not.toMatch(/zzfeedbackzz|kkknob/)
    }
  })
})
