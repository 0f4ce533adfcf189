import { describe, expect, it } from 'vitest'
import { oscSine, oscSquare, oscTable, OSC_INIT } from '../../../worklet/dsp/osc.ts'
import { sineTable, tablePosition, waveBase } from '../../../worklet/dsp/wavetable.ts'
import { generate } from '../../../worklet/engine/codegen.ts'
import { readableMain } from '../../../worklet/engine/call-table.ts'
import { RUNTIME } from '../../../worklet/engine/runtime.ts'
import { Engine } from '../../../worklet/engine/engine.ts'
import { examplePatches } from '../helpers/examples.ts'
import { patchOf, render } from '../helpers/patch.ts'
import { differing, rms } from '../helpers/signal.ts'

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

/// Renders `seconds` calling the engine with blocks of `block` frames; `moves` sets controls at the
/// start of the block that holds sample `at` (they glide from there, then rest at their values).
function renderIn(text: string, block: number, seconds = 0.5, moves?: { at: number; set: Record<string, number> }): { L: Float32Array; R: Float32Array } {
  const engine = new Engine(48000)
  expect(engine.load(patchOf(text)).ok).toBe(true)
  const L = new Float32Array(48000 * seconds), R = new Float32Array(L.length)
  for (let off = 0; off < L.length; off += block) {
    if (moves && off <= moves.at && off + block > moves.at) for (const [name, value] of Object.entries(moves.set)) engine.setControl(name, value)
    engine.process(L.subarray(off, off + block), R.subarray(off, off + block))
  }
  expect(engine.takeFaults()).toEqual([])
  return { L, R }
}

describe('code generation (block-major)', () => {
  it('reads the beat, the sample rate and its inverse into locals only where the code uses them', () => {
    // Until V8 optimises a new program, each such read is a boxed number: garbage every block.
    const plain = generate(patchOf('node a = osc(sine, 220) * adsr(trig(2), 0.01, 0.1, 0.5, 0.2)\nout = a * 0.5\n'))
    expect(plain.main).not.toMatch(/\b(beat|sr|isr) = P\[/)
    const timed = generate(patchOf('node a = osc(sine, 220) * adsr(trig(beat * 2), 0.01, 0.1, 0.5, 0.2)\nout = a * 0.5\n'))
    expect(timed.main).toMatch(/const beat = P\[0\];/)
    expect(timed.main).not.toMatch(/\b(sr|isr) = P\[/)
    // Both renders as the same patch with a number for the rate (bpm 120: beat is 2 a second).
    const a = render('bpm 120\nnode a = osc(sine, 220) * adsr(trig(beat * 2), 0.01, 0.1, 0.5, 0.2)\nout = a * 0.5\n', { seconds: 0.5 })
    const b = render('node a = osc(sine, 220) * adsr(trig(4), 0.01, 0.1, 0.5, 0.2)\nout = a * 0.5\n', { seconds: 0.5 })
    expect(rms(a.left)).toBeGreaterThan(0.05)
    expect(differing(a.left, b.left)).toBe(0)
  })

  it('binds from the runtime only the kernels and tables each function names, and plays', () => {
    // Each binding is a property read when a program loads, with V8's caches cold (header.ts).
    const bound = (fn: string) => (fn.match(/^const \{([^}]*)\} = D;$/m)?.[1].split(', ') ?? []).sort()
    const named = (fn: string) => {
      const body = fn.slice(fn.indexOf('return ('))
      return Object.keys(RUNTIME).filter((k) => new RegExp(`\\b${k}\\b`).test(body)).sort()
    }
    const text = 'voice v(freq, gate) {\n  out = osc(saw, freq) * adsr(gate, 0.01, 0.1, 0.5, 0.2)\n}\nnode a = osc(sine, 220) * 0.3\nnode p = poly(v, [c4 e4], rate: 4)\nout = tanh(a + p)\n'
    const code = generate(patchOf(text))
    expect(named(code.main)).toEqual(expect.arrayContaining(['SINE', 'oscSineBlock', 'polyRun']))
    expect(named(code.voices[0])).toEqual(expect.arrayContaining(['SAW', 'adsrBlock', 'oscTableBlock']))
    for (const fn of [code.main, ...code.voices]) {
      expect(bound(fn)).toEqual(named(fn))
      expect(fn).not.toMatch(/Math\./)
    }
    const r = render(text, { seconds: 0.5 })
    expect(rms(r.left)).toBeGreaterThan(0.05)
  })

  it("reads a knob's block-start value into a local only where the code uses it", () => {
    // Only its ramp row is read here: no local (each would be a boxed number until V8 optimises).
    const ramp = generate(patchOf('knob k = 0.5 [0..1]\nout = osc(sine, 220) * k\n'))
    expect(ramp.main).toMatch(/vRamp\(W, \d+, CS, 0, 1, n\);/)
    expect(ramp.main).not.toMatch(/\bc0[sd] = CS\[/)
    // A poly's rate reads the knob once a block: the local stays, and the poly keeps time with it.
    const poly = (rate: string) => `piano_roll r = [c3 e3 g3 c4]\nknob k = 4 [1..8]\nvoice v(freq, gate) {\n  out = osc(saw, freq) * gate\n}\nnode p = poly(v, r, rate: ${rate}, voices: 2)\nout = p * 0.3\n`
    expect(generate(patchOf(poly('k'))).main).toMatch(/const c0s = CS\[0\], c0d = CS\[1\];/)
    const a = render(poly('k'), { seconds: 0.5 }), b = render(poly('4'), { seconds: 0.5 })
    expect(rms(a.left)).toBeGreaterThan(0.01)
    expect(differing(a.left, b.left)).toBe(0)
  })

  it('loops through delays shorter than a block sound exactly as when rendered one sample at a time', () => {
    const blocks = renderIn(TEXT, 128)
    const samples = renderIn(TEXT, 1)
    expect(differing(blocks.L, samples.L) + differing(blocks.R, samples.R)).toBe(0)
    // Not silence agreeing with silence: the loop rings.
    expect(Math.max(...blocks.R.map(Math.abs))).toBeGreaterThan(0.01)
    expect(Math.max(...blocks.L.map(Math.abs))).toBeGreaterThan(0.01)
  })

  it('a mix of oscillators runs as banks and sums the same oscillators the DSP functions give', () => {
    const text = 'knob k = 0.5 [0..1]\nout = mix(osc(sine, 100), osc(sine, 203.7), osc(saw, 150), osc(saw, 150.5), osc(tri, 300), osc(tri, 301), osc(square, 80), osc(sine, 50) * k, osc(sine, 61), osc(sine, 62))'
    const g = generate(patchOf(text))
    expect(g.banks.length).toBe(6) // three banks (sine, saw, tri), each a slot table and a value table
    // Only the sine under `* k` and the square are called one by one.
    expect(readableMain(g).match(/oscSineBlock\(/g)?.length).toBe(1)
    expect(readableMain(g)).not.toMatch(/oscTableBlock\(/)
    const { L } = renderIn(text, 128, 0.25)
    const S = new Float64Array(40)
    for (let j = 0; j < 10; j++) S.set(OSC_INIT, 4 * j)
    const isr = 1 / 48000, sine = sineTable(), saw = waveBase('saw'), tri = waveBase('tri')
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

  it('a mix of values runs in fewer passes with the samples of the plain sum and scale', () => {
    // Each mix beside the same arithmetic written out, which the generator runs pass by pass.
    const pairs: [string, string][] = [
      ['mix(b)', 'b * 1'],
      ['mix(a, b)', '(a + b) * 0.5'],
      ['mix(a, b, c)', '(a + b + c) * (1 / 3)'],
      ['mix(a, 0.25, b)', '(a + 0.25 + b) * (1 / 3)'],
      ['mix(0.25, a)', '(0.25 + a) * 0.5'],
      ['mix(a, b, c, a * c)', '(a + b + c + a * c) * 0.25'],
    ]
    const text = [
      'node a = osc(sine, 200)', 'node b = noise()', 'node c = osc(saw, 90) * 0.5',
      ...pairs.flatMap(([m, r], i) => [`node m${i} = ${m}`, `node r${i} = ${r}`]),
      'node mb = mix(b, osc(sine, 300), osc(sine, 500), a)',
      `out = (${pairs.map((_, i) => `m${i} + r${i}`).join(' + ')} + mb) * 0.01`,
    ].join('\n')
    const g = generate(patchOf(text))
    // Every mix here ends on a value term, which takes the scale; only mix(b) (one term) and the
    // one starting a bank fill their row first: mix(a, b) is one pass, not four.
    expect(readableMain(g).match(/vAddMul\(/g)?.length).toBe(pairs.length + 1)
    expect(readableMain(g).match(/vFill\(/g)?.length).toBe(2)
    const engine = new Engine(48000)
    expect(engine.load(patchOf(text)).ok).toBe(true)
    const L = new Float32Array(128), R = new Float32Array(128)
    let differ = 0, loud = 0
    for (let blk = 0; blk < 50; blk++) {
      engine.process(L, R)
      pairs.forEach((_, i) => {
        const m = engine.nodeBlock(`m${i}`)!, r = engine.nodeBlock(`r${i}`)!
        for (let j = 0; j < 128; j++) {
          if (m[j] !== r[j]) differ++
          if (Math.abs(m[j]) > 0.1) loud++
        }
      })
    }
    expect(differ).toBe(0)
    expect(loud).toBeGreaterThan(10000)
    // A bank between value terms: the bank adds into the running sum.
    const mb = engine.nodeBlock('mb')!, a = engine.nodeBlock('a')!
    expect(Math.max(...mb.map(Math.abs))).toBeGreaterThan(0.1)
    expect(mb).not.toEqual(a)
  })

  it('a block divided by a constant is the quotient within an ulp, exactly for powers of two (vDiv multiplies by the reciprocal)', () => {
    const text = 'node a = osc(saw, 110) + noise() * 0.1\nnode q3 = a / 3\nnode q8 = a / 8\nnode qc = a / (3 * 1.5)\nnode r = 1 / (a + 2)\nout = (q3 + q8 + qc + r) * 0.1'
    const engine = new Engine(48000)
    expect(engine.load(patchOf(text)).ok).toBe(true)
    const L = new Float32Array(128), R = new Float32Array(128)
    let worst = 0, unequal8 = 0, checked = 0
    for (let blk = 0; blk < 40; blk++) {
      engine.process(L, R)
      const a = engine.nodeBlock('a')!, q3 = engine.nodeBlock('q3')!, q8 = engine.nodeBlock('q8')!, qc = engine.nodeBlock('qc')!
      for (let i = 0; i < 128; i++) {
        if (a[i] === 0) continue
        checked++
        worst = Math.max(worst, Math.abs(q3[i] - a[i] / 3) / Math.abs(a[i] / 3), Math.abs(qc[i] - a[i] / 4.5) / Math.abs(a[i] / 4.5))
        if (q8[i] !== a[i] / 8) unequal8++
      }
    }
    expect(checked).toBeGreaterThan(5000)
    expect(worst).toBeLessThanOrEqual(2 ** -52)
    expect(unequal8).toBe(0)
  })

  it('a sum of saws and triangles runs as banks, in groups of three and two, with the samples of the DSP functions', () => {
    // Ten saws (two groups of three, two pairs) and five triangles (three and two); some sit in a table crossfade.
    const saws = [110, 111.3, 137.5, 150, 165.2, 192.5, 220, 247.5, 330.7, 415], tris = [98, 123.4, 131, 196, 262]
    const isr = 1 / 48000
    const fading = saws.filter((f) => tablePosition(f * isr) % 1 > 0).length
    expect(fading).toBeGreaterThan(0)
    expect(fading).toBeLessThan(4)
    const terms = [...saws.map((f) => `osc(saw, ${f})`), ...tris.map((f) => `osc(tri, ${f})`)]
    const text = `out = (${terms.join(' + ')}) * 0.05`
    const g = generate(patchOf(text))
    expect(g.banks.length).toBe(4) // a saw bank and a triangle bank, each a slot table and a value table
    expect(readableMain(g)).not.toMatch(/oscTableBlock\(|vAdd\(/)
    const { L } = renderIn(text, 128, 0.25)
    const S = new Float64Array(4 * terms.length)
    for (let j = 0; j < terms.length; j++) S.set(OSC_INIT, 4 * j)
    const saw = waveBase('saw'), tri = waveBase('tri')
    let worst = 0
    for (let i = 0; i < L.length; i++) {
      let y = 0
      saws.forEach((f, j) => { y += oscTable(S, 4 * j, f * isr, saw) })
      tris.forEach((f, j) => { y += oscTable(S, 4 * (saws.length + j), f * isr, tri) })
      worst = Math.max(worst, Math.abs(L[i] - y * 0.05))
    }
    expect(Math.max(...L.map(Math.abs))).toBeGreaterThan(0.1)
    // The output is float32; summed in another order, the same oscillators.
    expect(worst).toBeLessThan(1e-6)
  })

  it('a sum of sines runs as banks, in groups of four, two and one, with the samples of the DSP functions', () => {
    for (const freqs of [[55, 110], [100, 151.5, 203.7, 250, 330, 441.1, 523.25]]) {
      const text = `out = mix(${freqs.map((f) => `osc(sine, ${f})`).join(', ')}) * 0.5`
      const g = generate(patchOf(text))
      expect(readableMain(g)).not.toMatch(/oscSineBlock\(/)
      const { L } = renderIn(text, 128, 0.25)
      const S = new Float64Array(4 * freqs.length)
      for (let j = 0; j < freqs.length; j++) S.set(OSC_INIT, 4 * j)
      const isr = 1 / 48000, sine = sineTable()
      let worst = 0
      for (let i = 0; i < L.length; i++) {
        let y = 0
        freqs.forEach((f, j) => { y += oscSine(S, 4 * j, f * isr, sine) })
        worst = Math.max(worst, Math.abs(L[i] - (y / freqs.length) * 0.5))
      }
      expect(Math.max(...L.map(Math.abs))).toBeGreaterThan(0.1)
      // Sines with integer phases (frequency within 1.1e-5 Hz), summed in another order.
      expect(worst).toBeLessThan(2e-5)
    }
  })

  it('a bank inside a voice template addresses the oscillators of each voice', () => {
    const voice = (body: string) => `piano_roll r = [c3 e3 g3 c4]\nvoice v(freq, gate) {\n  node env = adsr(gate, 1ms, 50ms, 0.5, 20ms)\n  out = ${body} * env\n}\nnode k = poly(v, r, rate: 8, voices: 3)\nout = k * 0.5`
    const banked = voice('mix(osc(sine, 220), osc(sine, 331), osc(sine, 440.5))')
    // Nodes read by name are not bank terms.
    const plain = voice('(a + b + c) / 3').replace('  out =', '  node a = osc(sine, 220)\n  node b = osc(sine, 331)\n  node c = osc(sine, 440.5)\n  out =')
    expect(generate(patchOf(banked)).banks.length).toBe(2)
    expect(generate(patchOf(plain)).voices[0]).not.toMatch(/oscBank\(/)
    const a = renderIn(banked, 128, 0.5).L, b = renderIn(plain, 128, 0.5).L
    expect(Math.max(...a.map(Math.abs))).toBeGreaterThan(0.05)
    let worst = 0
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]))
    expect(worst).toBeLessThan(2e-5)
  })

  it('saws and triangles at a voice parameter times numbers run as one bank per wave, with exactly the samples they give one by one', () => {
    // 7 steps a second: notes start inside blocks (the kernel's moving path) and hold across others (its shared passes).
    const voice = (body: string, nodes = '') => `piano_roll r = [c3 e3+g3 . a2 c4+e4+g4 f3]\nvoice v(freq, gate) {\n${nodes}  node env = adsr(gate, 1ms, 50ms, 0.5, 20ms)\n  out = ${body} * env\n}\nnode k = poly(v, r, rate: 7, voices: 4)\nout = k * 0.3`
    // Three saws (one shared pass) and two triangles (a pair), each sum in the order written.
    const banked = voice('(osc(saw, freq) + osc(saw, freq * 1.5) + osc(saw, freq * 1.01)) / 3 + (osc(tri, 0.5 * freq) + osc(tri, freq * 2)) * 0.2')
    // Nodes read by name are not bank terms: the same oscillators one by one, summed in the same order.
    const plain = voice('(a + b + c) / 3 + (d + e) * 0.2', '  node a = osc(saw, freq)\n  node b = osc(saw, freq * 1.5)\n  node c = osc(saw, freq * 1.01)\n  node d = osc(tri, 0.5 * freq)\n  node e = osc(tri, freq * 2)\n')
    const g = generate(patchOf(banked))
    expect(g.banks.length).toBe(6) // a saw bank and a triangle bank, each slots, ratios and frequency slots
    expect(g.voices[0].match(/oscRowBank\(/g)?.length).toBe(2)
    expect(g.voices[0]).not.toMatch(/oscTableBlock\(/)
    const a = renderIn(banked, 128, 1).L, b = renderIn(plain, 128, 1).L
    expect(Math.max(...a.map(Math.abs))).toBeGreaterThan(0.1)
    expect(differing(a, b)).toBe(0)
  })

  it('a voice whose out is a product multiplies in its output pass, with the samples of a separate product', () => {
    const voice = (out: string) => `piano_roll r = [c3 e3+g3 . a2]\nvoice v(freq, gate) {\n  node env = adsr(gate, 1ms, 40ms, 0.4, 30ms)\n  node x = filter(lp, osc(saw, freq), 300 + env * 2000, 2)\n  out = ${out}\n}\nnode k = poly(v, r, rate: 7, voices: 3)\nout = k * 0.3`
    const fused = voice('x * env'), separate = voice('x * env + 0')
    expect(generate(patchOf(fused)).voices[0]).toMatch(/vVoiceOut\(W, out, V, \d+, 0, \d+, 0, 2, n, P\)/)
    expect(generate(patchOf(fused)).voices[0]).not.toMatch(/vMul\(W, \d+, V, \d+, 0, \d+, 0/)
    expect(generate(patchOf(separate)).voices[0]).toMatch(/vVoiceOut\(W, out, V, \d+, 0, \d+, 0, 0, n, P\)/)
    const a = renderIn(fused, 128, 0.5).L, b = renderIn(separate, 128, 0.5).L
    expect(Math.max(...a.map(Math.abs))).toBeGreaterThan(0.05)
    expect(differing(a, b)).toBe(0)
  })

  it('a node that is a filter times a signal multiplies in the filter\'s pass (alone or paired), with the samples of a separate product', () => {
    const src = 'node s = osc(saw, 110)\nnode t = osc(square, 173)\nnode env = adsr(trig(3), 5ms, 60ms, 0.4, 40ms)\nnode lfo = osc(sine, 2) * 0.5 + 0.5\n'
    // Two lowpasses (a pair, both multiplied), a highpass and a notch (a pair, one multiplied), a
    // bandpass times an expression, the factor first; a moving cutoff (its product a pass of the
    // filter's own, after its loop).
    const products = [
      ['v0', 'filter(lp, s, 900, 0.7)', 'env'],
      ['v1', 'filter(lp, t, 1500, 2)', 'lfo'],
      ['v2', 'filter(hp, s + t, 400, 1)', 'env'],
      ['v3', 'filter(bp, t, 2000, 4)', '(env * 0.5 + lfo)'],
      ['v4', 'filter(lp, s, 300 + env * 2000, 1)', 'env'],
    ]
    const tail = 'node n1 = filter(notch, t, 700, 0.5)\nout = (v0 + v1 + v2 + v3 + v4 + n1) * 0.2\n'
    const fusedText = src + products.map(([n, f, g], i) => `node ${n} = ${i === 3 ? `${g} * ${f}` : `${f} * ${g}`}`).join('\n') + '\n' + tail
    const apartText = src + products.map(([n, f, g]) => `node f_${n} = ${f}\nnode ${n} = f_${n} * ${g}`).join('\n') + '\n' + tail
    const g = readableMain(generate(patchOf(fusedText)))
    expect(g).toMatch(/filterPair\(S, \d+, \d+, 0, W, \d+, \d+, lo, hi, V, \d+, \d+, \d+, \d+, \d+, \d+, P, \d+, \d+\)/)
    expect(g).toMatch(/filterBlock\(S, \d+, 2, W, \d+, lo, hi, V, \d+, 0, -1, \d+, -1, \d+, P, \d+, -1, -1\)/)
    // The moving cutoff's filter takes its product too; the apart patch's are passes of their own.
    expect(g).toMatch(/filterBlock\(S, \d+, 0, W, \d+, lo, hi, V, \d+, 0, \d+, 0, -1, \d+, P, \d+, \d+, \d+\)/)
    expect(g).not.toMatch(/vMul\(W, \d+, V, \d+, 0, \d+, 0/)
    expect(readableMain(generate(patchOf(apartText)))).not.toMatch(/P, \d+[,)]/)
    const names = products.map(([n]) => n)
    for (const block of [128, 37]) {
      const a = renderIn(fusedText, block, 0.4), b = renderIn(apartText, block, 0.4)
      expect(Math.max(...a.L.map(Math.abs))).toBeGreaterThan(0.05)
      expect(differing(a.L, b.L)).toBe(0)
    }
    const fused = render(fusedText, { seconds: 0.3, record: names }).nodes, apart = render(apartText, { seconds: 0.3, record: names }).nodes
    for (const name of names) {
      expect(Math.max(...fused[name].map(Math.abs)), name).toBeGreaterThan(0.01)
      expect(differing(fused[name], apart[name]), name).toBe(0)
    }
  })

  it('a filter at a knob (plus an offset) and times an envelope reads the knob and multiplies in its pass, and pairs with another while the knob rests, with the samples of all apart, the knobs at rest and moving', () => {
    // A cutoff knob with an offset per voice: each filter's cutoff is the knob's row read in its
    // pass (no sum of its own), and its product with the envelope is in its pass too. With q at a
    // knob too, each runs alone; with q a number, the two lowpasses run as a pair (filterPairRows).
    const head = 'knob cut = 900 [100..5000] exp\nknob res = 0.8 [0.5..6]\nnode s = osc(saw, 110)\nnode t = osc(square, 165)\n'
    const voices = [['v0', 's', '0', 'lp', 'trig(2)'], ['v1', 't', '400', 'lp', 'trig(3)'], ['v2', 't', '1500', 'bp', 'trig(5)']]
    const env = (gate: string) => `adsr(${gate}, 5ms, 80ms, 0.5, 60ms)`
    const cut = (off: string) => (off === '0' ? 'cut' : `cut + ${off}`)
    const tail = 'out = (v0 + v1 + v2) * 0.3\n'
    for (const q of ['res', '1.7']) {
      // Each filter's q of its own (the numbers 1.7, 0.9 and 2.5).
      const qOf = (i: number) => (q === 'res' ? q : ['1.7', '0.9', '2.5'][i])
      const fused = head + voices.map(([n, x, off, mode, gate], i) => `node ${n} = filter(${mode}, ${x}, ${cut(off)}, ${qOf(i)}) * ${env(gate)}`).join('\n') + '\n' + tail
      const apart = head + voices.map(([n, x, off, mode, gate], i) => `node c_${n} = ${cut(off)} * 1\nnode f_${n} = filter(${mode}, ${x}, c_${n}, ${qOf(i)})\nnode e_${n} = ${env(gate)}\nnode ${n} = f_${n} * e_${n} + 0`).join('\n') + '\n' + tail
      const g = readableMain(generate(patchOf(fused)))
      const alone = g.match(/filterBlock\(S, \d+, [02], W, \d+, lo, hi, V, \d+, 0, \d+, 0, (\d+, 0|-1, \d+), P, \d+, (-1|\(-1\)), (-1|\d+)\)/g)?.length
      const pairs = g.match(/filterPairRows\(S, \d+, \d+, 0, W, \d+, \d+, lo, hi, V, \d+, \d+, \d+, \d+, (-1|\(-1\)), (-1|\d+), (-1|\(-1\)), \d+, \d+, \d+, P, \d+, \d+, \d+, \d+\)/g)?.length
      expect([alone, pairs ?? 0], q).toEqual(q === 'res' ? [3, 0] : [1, 1])
      expect(g, q).not.toMatch(/vMul\(|vAdd\(/)
      expect(readableMain(generate(patchOf(apart))), q).toMatch(/vMul\(/)
      for (const block of [128, 37]) {
        // At rest, then both knobs gliding, then at rest again at their new values.
        const play = (text: string): Float32Array => renderIn(text, block, 0.8, { at: 9600, set: { cut: 3000, res: 4 } }).L
        const a = play(fused), b = play(apart)
        expect(Math.max(...a.map(Math.abs))).toBeGreaterThan(0.05)
        expect(differing(a, b), `q ${q}, block ${block}`).toBe(0)
      }
    }
  })

  it('four lowpasses at a knob times envelopes run as one quad while the knob rests, with the samples of all apart, the knob at rest and moving', () => {
    // The supersaw example's voices with their cutoffs on one knob (an offset each): two pairs at
    // the knob's rows side by side, one filterQuadRows.
    const head = 'knob cut = 900 [100..5000] exp\nnode s = osc(saw, 110)\nnode t = osc(saw, 165)\n'
    const voices = [['v0', 's', '0', 'trig(2)'], ['v1', 't', '400', 'trig(3)'], ['v2', 's', '800', 'trig(5)'], ['v3', 't', '1200', 'trig(7)']]
    const env = (gate: string) => `adsr(${gate}, 5ms, 80ms, 0.5, 60ms)`
    const cut = (off: string) => (off === '0' ? 'cut' : `cut + ${off}`)
    const tail = 'out = (v0 + v1 + v2 + v3) * 0.2\n'
    const fused = head + voices.map(([n, x, off, gate], i) => `node ${n} = filter(lp, ${x}, ${cut(off)}, ${0.7 + 0.2 * i}) * ${env(gate)}`).join('\n') + '\n' + tail
    const apart = head + voices.map(([n, x, off, gate], i) => `node c_${n} = ${cut(off)} * 1\nnode f_${n} = filter(lp, ${x}, c_${n}, ${0.7 + 0.2 * i})\nnode e_${n} = ${env(gate)}\nnode ${n} = f_${n} * e_${n} + 0`).join('\n') + '\n' + tail
    const g = readableMain(generate(patchOf(fused)))
    expect(g.match(/filterQuadRows\(/g)?.length).toBe(1)
    expect(g).not.toMatch(/filterPairRows\(|filterBlock\(/)
    expect(readableMain(generate(patchOf(apart)))).not.toMatch(/filterQuadRows\(|filterPairRows\(/)
    for (const block of [128, 37]) {
      // At rest, then gliding to a new value, then at rest there.
      const play = (text: string): Float32Array => renderIn(text, block, 0.8, { at: 9600, set: { cut: 3000 } }).L
      const a = play(fused), b = play(apart)
      expect(Math.max(...a.map(Math.abs))).toBeGreaterThan(0.05)
      expect(differing(a, b), `block ${block}`).toBe(0)
    }
  })

  it('an envelope gated by a trig of its own runs as one kernel with the trig, with the samples of the trig as a node of its own', () => {
    // Fused: a trig at a number, one at the beat (a constant computed per block), one in a voice.
    // Not fused: a trig read twice, a trig at a knob (a row), an envelope with a moving time.
    const voice = 'voice v(freq, gate) {\n  out = osc(saw, freq) * adsr(trig(6), 2ms, 30ms, 0.5, 20ms) * adsr(gate, 1ms, 50ms, 0.6, 40ms)\n}\nnode k = poly(v, [c3 e3 g3], rate: 3, voices: 2)\n'
    const knob = 'knob speed = 4 [1..20]\n'
    const fusedText = knob + voice + 'node a = osc(sine, 220) * adsr(trig(2.5, duty: 0.3), 10ms, 100ms, 0.7, 200ms)\nnode b = osc(tri, 330) * adsr(trig(beat * 3), 1ms, 40ms, 0, 10ms)\nnode g = trig(5)\nnode c = osc(saw, 110) * adsr(g, 5ms, 20ms, 0.5, 30ms) * adsr(g, 1ms, 10ms, 0.2, 5ms)\nnode d = osc(sine, 440) * adsr(trig(speed), 2ms, 20ms, 0.3, 10ms)\nnode e = osc(sine, 550) * adsr(trig(7), 2ms, 20ms + osc(sine, 1) * 10ms, 0.3, 10ms)\nout = (a + b + c + d + e + k) * 0.2\n'
    const apartText = fusedText.replace('adsr(trig(2.5, duty: 0.3)', 'adsr(ta').replace('adsr(trig(beat * 3)', 'adsr(tb').replace('node a =', 'node ta = trig(2.5, duty: 0.3)\nnode tb = trig(beat * 3)\nnode a =').replace('adsr(trig(6)', 'adsr(tv').replace('  out = osc(saw', '  node tv = trig(6)\n  out = osc(saw')
    const g = generate(patchOf(fusedText))
    expect(readableMain(g).match(/adsrTrigBlock\(/g)?.length).toBe(2)
    expect(g.voices.join('\n').match(/adsrTrigBlock\(/g)?.length).toBe(1)
    // g read twice, trig(speed) at a row, trig(7) with a moving decay: three trigs of their own.
    expect(readableMain(g).match(/trigBlock\(S/g)?.length).toBe(3)
    expect(readableMain(generate(patchOf(apartText)))).not.toMatch(/adsrTrigBlock\(/)
    for (const block of [128, 37]) {
      const a = renderIn(fusedText, block, 1), b = renderIn(apartText, block, 1)
      expect(Math.max(...a.L.map(Math.abs))).toBeGreaterThan(0.05)
      expect(differing(a.L, b.L)).toBe(0)
    }
  })

  it('a cutoff that is a number plus a signal times a number is read in the filter\'s pass, with the samples of the cutoff computed apart', () => {
    // In a voice (P4's filter envelope, which holds while it sustains: the kernel's steady path)
    // and in the main scope, the three ways of writing it, every mode.
    const voice = (cut: string, name: string) => `voice v(freq, gate) {\n  node env = adsr(gate, 2ms, 30ms, 0.5, 20ms)\n  ${cut}\n  out = filter(lp, osc(saw, freq), ${name}, 1.5) * env\n}\n`
    const main = 'node lfo = osc(sine, 3)\nnode s = osc(saw, 98)\n'
    const forms = ['300 + env * 2400', 'env * 2400 + 300', '300 + 2400 * env']
    for (const form of forms) {
      const lfoForm = form.replace('env', 'lfo').replace('2400', '900').replace('300', '1200')
      const tail = (c: string) => `node k = poly(v, r, rate: 3, voices: 3)\n${main}node lo1 = filter(lp, s, ${c}, 2)\nnode hi1 = filter(hp, s, ${c}, 0.7)\nnode bp1 = filter(bp, s, ${c}, 3)\nnode no1 = filter(notch, s, ${c}, 1)\nout = k * 0.3 + (lo1 + hi1 + bp1 + no1) * 0.1\n`
      const roll = 'piano_roll r = [c3 e3 _ _ a2 . g2 _]\n'
      const fused = roll + voice('', form) + tail(lfoForm)
      const apart = roll + voice(`node cut = ${form}`, 'cut') + tail('lc').replace(`${main}`, `${main}node lc = ${lfoForm}\n`)
      const g = generate(patchOf(fused))
      expect(g.voices[0], form).toMatch(/filterBlock\(S, b\+\d+, 0, W, \d+, lo, hi, V, \d+, 0, \d+, 0, -1, \d+, P, \(-1\), \d+, \d+\)/)
      expect(g.voices[0], form).not.toMatch(/vMulAdd\(|vAcc\(/)
      expect(readableMain(g).match(/P, \(-1\), \d+, \d+\)/g)?.length, form).toBe(4)
      for (const block of [128, 37]) {
        const a = renderIn(fused, block, 0.6), b = renderIn(apart, block, 0.6)
        expect(Math.max(...a.L.map(Math.abs)), form).toBeGreaterThan(0.05)
        expect(differing(a.L, b.L), form).toBe(0)
      }
    }
  })

  it('a mono out that is a scale, a mix of two or a sum with a scaled term is computed in the output pass, with the samples of the out computed apart', () => {
    const src = 'node x = osc(saw, 110) * 1.5\nnode y = filter(lp, noise(), 800)\nnode z = osc(sine, 0.5)\n'
    const outs: [string, number][] = [
      ['x * 0.3', 1], ['0.7 * y', 1], ['mix(x, y)', 2], ['x + y * 0.4', 3], ['x + 0.4 * y', 3], ['tanh(x * 2)', 0], ['x', 0], ['(x + y) * z', 0],
    ]
    for (const [expr, mode] of outs) {
      const fused = `${src}out = ${expr}\n`
      // The same out as a node, played through vOut's two channels (R as o + 0: the same samples).
      const apart = `${src}node o = ${expr}\nout = o, o + 0\n`
      const code = readableMain(generate(patchOf(fused)))
      expect(code, expr).toMatch(new RegExp(`return vOutMono\\(W, L, R, V, ${mode},`))
      for (const block of [128, 37]) {
        const a = renderIn(fused, block, 0.25), b = renderIn(apart, block, 0.25)
        expect(Math.max(...a.L.map(Math.abs)), expr).toBeGreaterThan(0.1)
        expect(differing(a.L, b.L), expr).toBe(0)
        expect(differing(a.R, b.R), expr).toBe(0)
      }
    }
    // A non-finite out is muted and reported, as before.
    const bad = (out: string) => {
      const engine = new Engine(48000)
      engine.load(patchOf(`${src}${out}\n`))
      const L = new Float32Array(128), R = new Float32Array(128)
      engine.process(L, R)
      return { L, faults: engine.takeFaults().map((f) => f.message) }
    }
    const f = bad('out = (x / (z - z)) * 0.3'), g = bad('node o = (x / (z - z)) * 0.3\nout = o, o + 0')
    expect(differing(f.L, new Float32Array(128))).toBe(0)
    expect(f.faults.some((m) => /not a finite number/.test(m))).toBe(true)
    expect(g.faults.some((m) => /not a finite number/.test(m))).toBe(true)
  })

  it('a product in a sum is added in the sum\'s pass, with the samples of the product and the sum computed apart', () => {
    const nodes = 'node a = osc(sine, 3)\nnode b = noise()\nnode c = osc(saw, 220)\n'
    // Products first, last, after a held constant, beside a bank; a right-nested sum kept whole.
    const exprs = ['0.3 + a * 0.5', 'a * b + b * 0.25 + 0.1', '0.2 + a * b + c', 'mix(a * b, b * 0.5, a)', 'c + (b + a * c)', 'osc(saw, 110) + osc(saw, 165) + a * b']
    // The same products as nodes of their own: a node is read, not fused.
    const apart = ['0.3 + p1', 'p2 + p3 + 0.1', '0.2 + p2 + c', 'mix(p2, p3b, a)', 'c + (b + p4)', 'osc(saw, 110) + osc(saw, 165) + p2']
    const products = 'node p1 = a * 0.5\nnode p2 = a * b\nnode p3 = b * 0.25\nnode p3b = b * 0.5\nnode p4 = a * c\n'
    const fusedText = nodes + exprs.map((e, i) => `node x${i} = ${e}`).join('\n') + `\nout = ${exprs.map((_, i) => `x${i}`).join(' + ')}`
    const apartText = nodes + products + apart.map((e, i) => `node x${i} = ${e}`).join('\n') + `\nout = ${exprs.map((_, i) => `x${i}`).join(' + ')}`
    const g = generate(patchOf(fusedText))
    expect(readableMain(g).match(/vMulAdd\(/g)?.length).toBeGreaterThanOrEqual(5)
    const names = exprs.map((_, i) => `x${i}`)
    const fused = render(fusedText, { seconds: 0.25, record: names }).nodes, separate = render(apartText, { seconds: 0.25, record: names }).nodes
    for (const name of names) {
      expect(Math.max(...fused[name].map(Math.abs))).toBeGreaterThan(0.1)
      expect(differing(fused[name], separate[name])).toBe(0)
    }
  })

  it('a sine bank that is a whole sum times a row takes the row in its pass, with the samples of the bank and the product computed apart', () => {
    // P2's kick and its kin: two or four sines (one group), mixed, summed or scaled, on either side
    // of the product; three sines (two groups) and a bank times a number keep their own passes.
    const head = 'node clock = trig(8)\nnode env = adsr(clock, 0.001, 0.09, 0, 0.02)\n'
    const banks = ['mix(osc(sine, 50), osc(sine, 120))', '((osc(sine, 50) + osc(sine, 75) + osc(sine, 120) + osc(sine, 333)) / 4)', '((osc(sine, 60) + osc(sine, 90)) / 3)', 'mix(osc(sine, 50), osc(sine, 75), osc(sine, 120))', 'mix(osc(sine, 70), osc(sine, 140))']
    const times = (b: string, i: number) => (i === 1 ? `env * ${b}` : i === 4 ? `${b} * 0.7` : `${b} * env`)
    const fusedText = head + banks.map((b, i) => `node x${i} = ${times(b, i)}`).join('\n') + `\nout = (${banks.map((_, i) => `x${i}`).join(' + ')}) * 0.2`
    const apartText = head + banks.map((b, i) => `node m${i} = ${b}\nnode x${i} = ${times(`m${i}`, i)}`).join('\n') + `\nout = (${banks.map((_, i) => `x${i}`).join(' + ')}) * 0.2`
    const main = readableMain(generate(patchOf(fusedText)))
    expect(main.match(/oscBank\(.*, \d+\);/g)?.length).toBe(3) // a gain row, not (-1)
    const apartMain = readableMain(generate(patchOf(apartText)))
    expect(apartMain.match(/oscBank\(.*, \d+\);/g)).toBeNull()
    // Three vMul passes fewer; the three sines' two (the mean, the product) and the number's stay.
    expect(apartMain.match(/vMul\(/g)!.length - main.match(/vMul\(/g)!.length).toBe(3)
    const names = banks.map((_, i) => `x${i}`)
    const a = render(fusedText, { seconds: 0.5, record: names }).nodes, b = render(apartText, { seconds: 0.5, record: names }).nodes
    for (const name of names) {
      expect(Math.max(...a[name].map(Math.abs))).toBeGreaterThan(0.1)
      expect(differing(a[name], b[name])).toBe(0)
    }
    // In a voice, a node times its gate, through notes that start inside blocks.
    const voice = (nodes: string) => `piano_roll r = [c3 e3+g3 . a2]\nvoice v(freq, gate) {\n${nodes}  out = y * 0.5\n}\nnode k = poly(v, r, rate: 7, voices: 3)\nout = k * 0.3`
    const vf = voice('  node y = mix(osc(sine, 220), osc(sine, 330)) * gate\n'), va = voice('  node m = mix(osc(sine, 220), osc(sine, 330))\n  node y = m * gate\n')
    expect(generate(patchOf(vf)).voices[0]).toMatch(/oscBank\(.*, \d+\);/)
    const vx = renderIn(vf, 128, 0.5).L, vy = renderIn(va, 128, 0.5).L
    expect(Math.max(...vx.map(Math.abs))).toBeGreaterThan(0.05)
    expect(differing(vx, vy)).toBe(0)
  })

  it('a bank whose pass comes first writes its row, and a bank that is a whole sum takes its scale, with the samples of the sum computed apart', () => {
    // Banks as mixes, divided, multiplied, with a term after them, and of two groups; then the same
    // oscillators as nodes (a node is read, not banked), summed and scaled in the same order.
    const banked = ['mix(osc(saw, 110), osc(saw, 165.5))', '(osc(saw, 98) + osc(saw, 147) + osc(saw, 196.5)) / 3', '(osc(tri, 100) + osc(tri, 150)) * 0.3', '(osc(saw, 55) + osc(saw, 82.5) + c) / 3']
    const apart = ['mix(sA, sB)', '(hA + hB + hC) / 3', '(tA + tB) * 0.3', '(dA + dB + c) / 3']
    const oscs = 'node sA = osc(saw, 110)\nnode sB = osc(saw, 165.5)\nnode hA = osc(saw, 98)\nnode hB = osc(saw, 147)\nnode hC = osc(saw, 196.5)\nnode tA = osc(tri, 100)\nnode tB = osc(tri, 150)\nnode dA = osc(saw, 55)\nnode dB = osc(saw, 82.5)\n'
    const head = 'node c = osc(sine, 3)\n'
    const text = (xs: string[], pre: string) => head + pre + xs.map((e, i) => `node x${i} = ${e}`).join('\n') + `\nout = (${xs.map((_, i) => `x${i}`).join(' + ')}) * 0.2`
    const g = generate(patchOf(text(banked, '')))
    expect(readableMain(g)).not.toMatch(/vFill\(/)
    expect(readableMain(g).match(/oscBank\(.*, [12], \d+, \(-1\)\);/g)?.length).toBe(3) // three banks took a scale
    const names = banked.map((_, i) => `x${i}`)
    const a = render(text(banked, ''), { seconds: 0.25, record: names }).nodes, b = render(text(apart, oscs), { seconds: 0.25, record: names }).nodes
    for (const name of names) {
      expect(Math.max(...a[name].map(Math.abs))).toBeGreaterThan(0.1)
      expect(differing(a[name], b[name])).toBe(0)
    }
    // Sines in banks run integer phases (not a lone sine's), so a bank of two or four that takes its
    // scale is checked against the same bank followed by a zero term, which keeps it from the scale.
    const sines = ['mix(osc(sine, 50), osc(sine, 120))', '(osc(sine, 50) + osc(sine, 75) + osc(sine, 120) + osc(sine, 333)) / 4']
    const padded = ['(osc(sine, 50) + osc(sine, 120) + 0) * 0.5', '(osc(sine, 50) + osc(sine, 75) + osc(sine, 120) + osc(sine, 333) + 0) / 4']
    const sn = sines.map((_, i) => `x${i}`)
    const sineText = (xs: string[]) => xs.map((e, i) => `node x${i} = ${e}`).join('\n') + `\nout = (x0 + x1) * 0.2`
    expect(readableMain(generate(patchOf(sineText(sines)))).match(/oscBank\(.*, 0, 1, W, .*, [12], \d+, \(-1\)\);/g)?.length).toBe(2)
    const sa = render(sineText(sines), { seconds: 0.25, record: sn }).nodes, sb = render(sineText(padded), { seconds: 0.25, record: sn }).nodes
    for (const name of sn) {
      expect(Math.max(...sa[name].map(Math.abs))).toBeGreaterThan(0.1)
      expect(differing(sa[name], sb[name])).toBe(0)
    }
    // In a voice, a row bank divided (P4's `(osc(saw, freq) + osc(saw, freq * 1.5)) / 2`), through notes that start inside blocks.
    const voice = (body: string, nodes = '') => `piano_roll r = [c3 e3+g3 . a2]\nvoice v(freq, gate) {\n${nodes}  out = ${body} * gate\n}\nnode k = poly(v, r, rate: 7, voices: 3)\nout = k * 0.3`
    const vb = voice('(osc(saw, freq) + osc(saw, freq * 1.5)) / 2'), vp = voice('(p + q) / 2', '  node p = osc(saw, freq)\n  node q = osc(saw, freq * 1.5)\n')
    expect(generate(patchOf(vb)).voices[0]).toMatch(/oscRowBank\(.*, 2, \d+\);/)
    const va = renderIn(vb, 128, 0.5).L, vq = renderIn(vp, 128, 0.5).L
    expect(Math.max(...va.map(Math.abs))).toBeGreaterThan(0.05)
    expect(differing(va, vq)).toBe(0)
  })

  it('a sum of three or more rows runs in a few passes, divided or scaled in its last, with the roundings of the sum written out', () => {
    const nodes = ['osc(sine, 3)', 'noise()', 'osc(saw, 220)', 'osc(tri, 331)', 'osc(sine, 441) * 0.5', 'osc(saw, 97) - 0.1', 'abs(osc(sine, 7))', 'osc(square, 55)']
    const names = ['na', 'nb', 'nc', 'nd', 'ne', 'nf', 'ng', 'nh']
    const sums = ['na + nb + nc', '(na + nb + nc + nd) / 4', '(na + nb + nc + nd + ne) * 0.3', 'na + nb + nc + nd + ne + nf + ng', '(na + nb + nc + nd + ne + nf + ng + nh) / 8']
    const text = names.map((n, i) => `node ${n} = ${nodes[i]}`).join('\n') + '\n' + sums.map((e, i) => `node s${i} = ${e}`).join('\n') + `\nout = (${sums.map((_, i) => `s${i}`).join(' + ')}) * 0.05`
    const g = generate(patchOf(text))
    expect(readableMain(g).match(/vSumRows\(/g)?.length).toBe(6) // the five sums and out's
    expect(readableMain(g)).not.toMatch(/vAdd\(|vAcc\(|vDiv\(/)
    const rec = render(text, { seconds: 0.1, record: [...names, ...sums.map((_, i) => `s${i}`)] }).nodes
    const row = (j: number, i: number) => rec[names[j]][i]
    const add = (i: number, m: number) => { let x = row(0, i); for (let j = 1; j < m; j++) x += row(j, i); return x }
    const expected = [(i: number) => add(i, 3), (i: number) => add(i, 4) * (1 / 4), (i: number) => add(i, 5) * 0.3, (i: number) => add(i, 7), (i: number) => add(i, 8) * (1 / 8)]
    for (let k = 0; k < sums.length; k++) {
      const s = rec[`s${k}`]
      expect(Math.max(...s.map(Math.abs))).toBeGreaterThan(0.1)
      let differ = 0
      for (let i = 0; i < s.length; i++) if (s[i] !== expected[k](i)) differ++
      expect(differ).toBe(0)
    }
  })

  it('code generated by the page plays the same samples; code made for another shape is not used', () => {
    const patch = patchOf(TEXT)
    const other = patchOf(TEXT.replace('filter(hp', 'filter(lp'))
    const play = (code?: ReturnType<typeof generate>) => {
      const engine = new Engine(48000)
      expect(engine.load(patch, code).ok).toBe(true)
      const L = new Float32Array(4800), R = new Float32Array(4800)
      engine.process(L, R)
      return L
    }
    const own = play(), given = play(generate(patch)), wrong = play(generate(other))
    expect(Math.max(...own.map(Math.abs))).toBeGreaterThan(0.01)
    expect([...given]).toEqual([...own])
    expect([...wrong]).toEqual([...own])
  })

  it('the example patches and P1 play the same samples with filters paired and scheduled as without', async () => {
    const { patchText } = await import('../../../bench/patches.ts')
    const texts = [...examplePatches().values(), patchText('P1')]
    let paired = 0
    for (const text of texts) {
      const patch = patchOf(text)
      const play = (code: ReturnType<typeof generate>) => {
        const engine = new Engine(48000)
        expect(engine.load(patch, code).ok).toBe(true)
        const L = new Float32Array(24000), R = new Float32Array(24000)
        for (let off = 0; off < L.length; off += 128) engine.process(L.subarray(off, off + 128), R.subarray(off, off + 128))
        return [...L, ...R]
      }
      const code = generate(patch), plain = generate(patch, { pairs: false })
      expect(readableMain(plain) + plain.voices.join('')).not.toMatch(/filter(Pair|Quad)\(/)
      if (/filter(Pair|Quad)\(/.test(readableMain(code) + code.voices.join(''))) paired++
      expect(play(code)).toEqual(play(plain))
    }
    expect(paired).toBeGreaterThan(0) // P1 runs its eight filters as two quads; examples pair where they hold two constant filters of a mode
  })

  it("spreads a sum of rows over the pairs of filters that make its terms, only where they make them in the sum's order", async () => {
    const { patchText } = await import('../../../bench/patches.ts')
    // A quad's sum arguments: the row, the parts of its two pairs, the scale's mode and index.
    const parts = (text: string) => [...readableMain(generate(patchOf(text))).matchAll(/filterQuad\((.*)\);$/gm)].map((m) => m[1].split(', ').slice(31).join(' '))
    const p1 = patchText('P1')
    // P1's `(v0 + ... + v7) / 8` over its four pairs, two quads: the first pair starts it, the
    // last divides (mode 2 by V[k]).
    const sum = readableMain(generate(patchOf(p1)))
    expect(sum).not.toMatch(/vSumRows\(/)
    expect(parts(p1).map((a) => a.split(' ').slice(1, 4).join(' '))).toEqual(['0 1 2', '1 2 2'])
    expect(new Set(parts(p1).map((a) => a.split(' ')[0])).size).toBe(1) // one row for the sum
    // Terms out of the pairs' order keep the sum's own pass (samples: the test above, P1 included).
    const swapped = p1.replace('(v0 + v1 + v2', '(v1 + v0 + v2')
    expect(readableMain(generate(patchOf(swapped)))).toMatch(/vSumRows\(/)
    expect(parts(swapped)).toEqual(['(-1) 0 0 0 (-1)', '(-1) 0 0 0 (-1)'])
  })

  it('emits no text from the patch: names become indices', () => {
    const g = generate(patchOf(TEXT.replaceAll('fb', 'zzfeedbackzz').replaceAll('knob k', 'knob kkknob').replaceAll('* k', '* kkknob')))
    for (const src of [readableMain(g), ...g.voices]) {
      expect(src).not.toMatch(/zzfeedbackzz|kkknob/)
    }
  })
})
