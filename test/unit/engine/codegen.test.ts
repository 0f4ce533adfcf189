import { describe, expect, it } from 'vitest'
import { oscSine, oscSquare, oscTable, OSC_INIT } from '../../../worklet/dsp/osc.ts'
import { sineTable, tableSet } from '../../../worklet/dsp/wavetable.ts'
import { generate } from '../../../worklet/engine/codegen.ts'
import { Engine } from '../../../worklet/engine/engine.ts'
import { patchOf } from '../helpers/patch.ts'

// A feedback loop through a 14-sample delay spanning several nodes, a plain chain beside it, and a
// second loop whose delay time is computed inside the first loop's span.
const TEXT = [
  'knob k = 0.3 [0..1]',
  'node a = osc(saw, 110) * 0.3',
  'node b = filter(lp, a + fb * 0.5, 900, 2)',
  'node c = tanh(b * 2)',
  'node fb = delay(c, 0.0003, 0.2)',
  'node d = osc(square, 220.5, pw: 0.3) * k',
  'node e = filter(hp, d, 300)',
  'node f = e + c',
  'node g = delay(f + g * 0.3, 0.0002 + abs(c) * 0.0001)',
  'out = f * 0.2 + g * 0.1, fb',
].join('\n')

/// Renders `seconds` calling the engine with blocks of `block` frames.
function renderIn(text: string, block: number, seconds = 0.5): { L: Float32Array; R: Float32Array } {
  const engine = new Engine(48000)
  expect(engine.load(patchOf(text)).ok).toBe(true)
  const L = new Float32Array(48000 * seconds), R = new Float32Array(L.length)
  for (let off = 0; off < L.length; off += block) engine.process(L.subarray(off, off + block), R.subarray(off, off + block))
  expect(engine.takeFaults()).toEqual([])
  return { L, R }
}

describe('code generation (block-major)', () => {
  it('loops through delays shorter than a block sound exactly as when rendered one sample at a time', () => {
    const blocks = renderIn(TEXT, 128)
    const samples = renderIn(TEXT, 1)
    let differ = 0
    for (let i = 0; i < blocks.L.length; i++) if (blocks.L[i] !== samples.L[i] || blocks.R[i] !== samples.R[i]) differ++
    expect(differ).toBe(0)
    // Not silence agreeing with silence: the loop rings.
    expect(Math.max(...blocks.R.map(Math.abs))).toBeGreaterThan(0.01)
    expect(Math.max(...blocks.L.map(Math.abs))).toBeGreaterThan(0.01)
  })

  it('a mix of oscillators runs as banks and sums the same oscillators the DSP functions give', () => {
    const text = 'knob k = 0.5 [0..1]\nout = mix(osc(sine, 100), osc(sine, 203.7), osc(saw, 150), osc(saw, 150.5), osc(tri, 300), osc(tri, 301), osc(square, 80), osc(sine, 50) * k, osc(sine, 61), osc(sine, 62))'
    const g = generate(patchOf(text))
    expect(g.banks.length).toBe(6) // three banks (sine, saw, tri), each a slot table and a value table
    // Only the sine under `* k` and the square are called one by one.
    expect(g.main.match(/oscSineBlock\(/g)?.length).toBe(1)
    expect(g.main).not.toMatch(/oscTableBlock\(/)
    const { L } = renderIn(text, 128, 0.25)
    const S = new Float64Array(40)
    for (let j = 0; j < 10; j++) S.set(OSC_INIT, 4 * j)
    const isr = 1 / 48000, sine = sineTable(), saw = tableSet('saw'), tri = tableSet('tri')
    let worst = 0
    for (let i = 0; i < L.length; i++) {
      const y = (oscSine(S, 0, 100 * isr, sine) + oscSine(S, 4, 203.7 * isr, sine) + oscTable(S, 8, 150 * isr, saw) + oscTable(S, 12, 150.5 * isr, saw) +
        oscTable(S, 16, 300 * isr, tri) + oscTable(S, 20, 301 * isr, tri) + oscSquare(S, 24, 80 * isr, 0.5, saw) + oscSine(S, 28, 50 * isr, sine) * 0.5 +
        oscSine(S, 32, 61 * isr, sine) + oscSine(S, 36, 62 * isr, sine)) / 10
      worst = Math.max(worst, Math.abs(L[i] - y))
    }
    // Summed in another order, sines with integer phases (frequency within 1.1e-5 Hz): equal to 2e-5.
    expect(worst).toBeLessThan(2e-5)
  })

  it('emits no text from the patch: names become indices', () => {
    const g = generate(patchOf(TEXT.replaceAll('fb', 'zzfeedbackzz').replaceAll('knob k', 'knob kkknob').replaceAll('* k', '* kkknob')))
    for (const src of [g.main, ...g.voices]) {
      expect(src).not.toMatch(/zzfeedbackzz|kkknob/)
    }
  })
})
