import { describe, expect, it } from 'vitest'
import { patchOf } from '../helpers/patch.ts'
import { maxStep } from '../helpers/signal.ts'
import { renderOffline } from '../../../worklet/render.ts'

const BASE = [
  'knob cut = 1200 [100..5000]',
  'piano_roll pads = [c3+g3 _ _ _]',
  'voice pad(freq, gate) {',
  '  node env = adsr(gate, 50ms, 100ms, 0.8, 300ms)',
  '  out = osc(saw, freq) * env',
  '}',
  'node lfo  = osc(sine, 3)',
  'node tone = osc(saw, 220 + lfo * 5)',
  'node f    = filter(lp, tone, cut, 2)',
  'node keys = poly(pad, pads, rate: 2)',
  'node imp  = trig(0.25, duty: 0.000001)',
  'node e    = delay(imp + f * 0.2, 0.25, 0.5)',
  'out = (f + e * 0.5 + keys * 0.2) * 0.3',
].join('\n')

const KEPT = ['lfo', 'tone', 'f', 'keys', 'e']
const SR = 48000

/// Renders BASE for 0.4 s, then `next` (a swap at the block nearest 0.4 s), recording the nodes.
function swapTo(next: string, record = KEPT) {
  return renderOffline(patchOf(BASE), { seconds: 0.8, swap: { patch: patchOf(next), at: 0.4 }, record })
}

/// The node's steps around the swap are no larger than its largest step in the 10 ms before.
function expectContinuous(x: Float64Array, at: number, name: string): void {
  const before = maxStep(x, at - SR / 100, at)
  const across = maxStep(x, at - 1, at + 64)
  expect(before, `${name} moves before the swap`).toBeGreaterThan(0)
  expect(across, `${name} at the swap`).toBeLessThanOrEqual(before * (1 + 1e-9))
}

describe('hot reload', () => {
  it('a values-only change does not rebuild, and every node stays continuous', () => {
    const r = swapTo(BASE.replace('* 0.3', '* 0.25').replace('0.25, 0.5)', '0.25, 0.45)'))
    expect(r.loads.map((l) => l.rebuilt)).toEqual([true, false])
    for (const name of KEPT) expectContinuous(r.nodes[name], r.swapFrame, name)
    expectContinuous(Float64Array.from(r.left), r.swapFrame, 'out')
  })

  it('a shape change rebuilds, keeps the state of every kept node (voices included) and does not click', () => {
    const next = BASE.replace('out = (f', 'node extra = osc(sine, 1000)\nout = (extra * 0.01 + f')
    const r = swapTo(next)
    expect(r.loads.map((l) => l.rebuilt)).toEqual([true, true])
    expect(r.loads[1].kept).toBeGreaterThan(50)
    for (const name of KEPT) expectContinuous(r.nodes[name], r.swapFrame, name)
    const out = Float64Array.from(r.left)
    expect(maxStep(out, r.swapFrame - 1, r.swapFrame + 400)).toBeLessThan(maxStep(out, r.swapFrame - SR / 100, r.swapFrame) * 1.5)
  })

  it('a renamed node starts fresh while the others carry on', () => {
    const next = BASE.replace('node lfo  =', 'node wobble =').replace('lfo * 5', 'wobble * 5')
    const r = swapTo(next, [...KEPT, 'wobble'])
    const at = r.swapFrame
    // The old lfo was a sine well into its cycle; the new node restarts its phase at 0.
    expect(Math.abs(r.nodes.lfo[at - 1])).toBeGreaterThan(0.5)
    expect(r.nodes.wobble[at]).toBeCloseTo(0, 9)
    expect(r.nodes.wobble[at + 400]).toBeCloseTo(Math.sin((2 * Math.PI * 3 * 400) / SR), 3)
    for (const name of ['tone', 'f', 'keys']) expectContinuous(r.nodes[name], at, name)
  })

  it("a delay's echoes continue through a rebuild", () => {
    // The impulse at 0 echoes at 0.25 s (before the swap), 0.5 s and 0.75 s (after it).
    const quiet = BASE.replace('imp + f * 0.2', 'imp')
    const next = quiet.replace('out = (f', 'node extra = osc(sine, 1000)\nout = (extra * 0.01 + f')
    const r = renderOffline(patchOf(quiet), { seconds: 0.8, swap: { patch: patchOf(next), at: 0.4 }, record: ['e'] })
    expect(r.loads[1].rebuilt).toBe(true)
    const e = r.nodes.e
    expect(e[0.25 * SR]).toBeCloseTo(1, 6)
    expect(e[0.5 * SR]).toBeCloseTo(0.5, 6)
    expect(e[0.75 * SR]).toBeCloseTo(0.25, 6)
    expect(Math.abs(e[0.5 * SR - 1]) + Math.abs(e[0.5 * SR + 1])).toBe(0)
  })

  it('edits in quick succession (several rebuilds inside one crossfade) stay click-free', async () => {
    const { Engine } = await import('../../../worklet/engine/engine.ts')
    const e = new Engine(SR)
    const L = new Float32Array(SR), R = new Float32Array(SR)
    const at = (t: number) => Math.round((t * SR) / 128) * 128
    const texts = [
      'node a = osc(sine, 220)\nout = a * 0.5',
      'node a = osc(sine, 220)\nnode b = osc(sine, 500)\nout = a * 0.5 + b * 0.3 + 0.2',
      'node a = osc(sine, 220)\nnode c = osc(sine, 300)\nout = a * 0.5 - c * 0.3 - 0.2',
      'node a = osc(sine, 220)\nout = a * 0.5',
    ]
    e.load(patchOf(texts[0]))
    const swap = at(0.2)
    e.process(L.subarray(0, swap), R.subarray(0, swap))
    for (let k = 1; k < texts.length; k++) {
      expect(e.load(patchOf(texts[k])).rebuilt).toBe(true)
      e.process(L.subarray(swap + (k - 1) * 128, swap + k * 128), R.subarray(swap + (k - 1) * 128, swap + k * 128))
    }
    e.process(L.subarray(swap + 3 * 128), R.subarray(swap + 3 * 128))
    const out = Float64Array.from(L)
    // Sines and offsets come and go within 8 ms: their own steps add up to under 0.05 a sample
    // (0.0144 + 0.0196 + 0.0118), while dropping a program that still sounds would jump by 0.1 or more.
    expect(maxStep(out, swap - 1, swap + 1000)).toBeLessThan(0.05)
    expect(maxStep(out, swap + 1000, SR)).toBeLessThanOrEqual(maxStep(out, swap - SR / 100, swap) * 1.001)
  })
})
