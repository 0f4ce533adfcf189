import { describe, expect, it } from 'vitest'
import { render } from '../helpers/patch.ts'
import { levelAt, peaks, spectrum } from '../helpers/spectrum.ts'
import { differing, onsets } from '../helpers/signal.ts'
import { Engine } from '../../../worklet/engine/engine.ts'
import { patchOf } from '../helpers/patch.ts'

const C4 = 261.6256, E4 = 329.6276, G4 = 391.9954

/// Seconds the signal spends above `threshold` between `from` and `to` (in samples).
function highSeconds(x: Float64Array, from: number, to: number, threshold = 0.5): number {
  let n = 0
  for (let i = from; i < to; i++) if (x[i] > threshold) n++
  return n / 48000
}

describe('poly', () => {
  it('a 3-note chord puts 3 fundamentals in the spectrum', () => {
    const r = render('voice tone(freq, gate) {\n  out = osc(sine, freq) * gate\n}\nnode chord = poly(tone, [c4+e4+g4], rate: 1, gate: 1)\nout = chord * 0.3', { seconds: 1, record: ['chord'] })
    const s = spectrum(r.nodes.chord, 48000)
    for (const f of [C4, E4, G4]) expect(levelAt(s, f)).toBeGreaterThan(-1)
    const top = peaks(s, -40)
    expect(top.length).toBe(3)
  })

  it('more notes than voices steals the oldest voice', () => {
    // Two voices, a three-note chord: c4 and e4 take the voices, g4 steals c4's (the oldest).
    const r = render('voice tone(freq, gate) {\n  out = osc(sine, freq) * gate\n}\nnode chord = poly(tone, [c4+e4+g4], rate: 1, voices: 2, gate: 1)\nout = chord * 0.3', { seconds: 1, record: ['chord'] })
    const s = spectrum(r.nodes.chord, 48000)
    expect(levelAt(s, E4)).toBeGreaterThan(-1)
    expect(levelAt(s, G4)).toBeGreaterThan(-1)
    expect(levelAt(s, C4)).toBeLessThan(-60)
  })

  it('steps start at time 0, a tie holds the gate, rests are silent', () => {
    // The voice outputs its gate; 4 steps per second with gate 0.5: a plain note is high 125 ms,
    // a note tied over one more step 375 ms (1.5 steps), and the rest after it stays silent.
    const voice = 'voice g(freq, gate) {\n  out = gate\n}\n'
    const r = render(`${voice}node a = poly(g, [c4 . e4 _ . .], rate: 4)\nout = a * 0.1`, { seconds: 2.1, record: ['a'] })
    const a = r.nodes.a
    const S = 12000
    expect(onsets(a)).toEqual([0, 2 * S, 6 * S, 8 * S])
    expect(highSeconds(a, 0, 2 * S)).toBeCloseTo(0.125, 4)
    expect(highSeconds(a, 2 * S, 5 * S)).toBeCloseTo(0.375, 4)
    expect(Math.max(...a.subarray(S, 2 * S))).toBe(0)
    expect(Math.max(...a.subarray(4 * S, 6 * S))).toBe(0)
  })

  it('voices keep their own envelope state and the sum is their mix', () => {
    const text = 'voice pl(freq, gate) {\n  node env = adsr(gate, 1ms, 100ms, 0, 10ms)\n  out = osc(saw, freq) * env\n}\nnode k = poly(pl, [c3 e3 g3 c4], rate: 8, voices: 3)\nout = k * 0.3'
    const r = render(text, { seconds: 1, record: ['k'] })
    const k = r.nodes.k
    // Each note decays over 100 ms: a note's first 20 ms are much louder than its last 20 ms.
    const lvl = (from: number, to: number) => Math.sqrt(k.subarray(from, to).reduce((s, x) => s + x * x, 0) / (to - from))
    expect(lvl(0, 960)).toBeGreaterThan(4 * lvl(4000, 4960))
    expect(Number.isFinite(lvl(0, 48000))).toBe(true)
  })

  it('plays the same samples whatever the block lengths: a voice\'s freq and gate rows are refilled only after an event', () => {
    // 7 steps a second: notes start and end inside blocks; 3 voices for 3-note chords and singles,
    // so voices are woken, stolen and released. They never fall quiet: a quiet voice sleeps after
    // a count of blocks, which depends on the block length by design.
    const text = 'voice v(freq, gate) {\n  node env = adsr(gate, 2ms, 30ms, 0.6, 20ms)\n  out = (osc(saw, freq) + osc(sine, freq * 2) * gate) * (env * 0.9 + 0.1)\n}\nnode k = poly(v, [c3+e3+g3 a2 . f3+a3 _ g2 . . c4], rate: 7, voices: 3, gate: 0.6)\nout = k * 0.3'
    const play = (lengths: number[]): Float32Array => {
      const e = new Engine(48000)
      expect(e.load(patchOf(text)).ok).toBe(true)
      const L = new Float32Array(48000), R = new Float32Array(L.length)
      for (let off = 0, j = 0; off < L.length; j++) {
        const m = Math.min(lengths[j % lengths.length], L.length - off)
        e.process(L.subarray(off, off + m), R.subarray(off, off + m))
        off += m
      }
      return L
    }
    const whole = play([128])
    expect(Math.max(...whole.map(Math.abs))).toBeGreaterThan(0.05)
    for (const lengths of [[1], [37], [128, 5, 128, 128, 64, 1]]) {
      const other = play(lengths)
      expect(differing(other, whole)).toBe(0)
    }
  })

  it('plays MIDI notes: note on starts a voice at its pitch, note off releases it, pitch bend bends', () => {
    const e = new Engine(48000)
    e.load(patchOf('voice t(freq, gate, vel) {\n  out = osc(sine, freq) * adsr(gate, 1ms, 1ms, 1, 5ms) * vel\n}\nnode m = poly(t, midi)\nout = m * 0.5'))
    const L = new Float32Array(48000), R = new Float32Array(48000)
    e.midi([0x90, 69, 127])
    e.process(L.subarray(0, 24000), R.subarray(0, 24000))
    expect(e.stats().voices).toBe(1)
    e.midi([0x80, 69, 0])
    e.process(L.subarray(24000), R.subarray(24000))
    const s = spectrum(L.subarray(0, 16384), 48000, 16384)
    expect(levelAt(s, 440)).toBeGreaterThan(-1)
    expect(Math.max(...L.subarray(24000 + 480).map(Math.abs))).toBe(0)
    expect(e.stats().voices).toBe(0)
    e.midi([0x90, 69, 127, 0xe0, 0x7f, 0x7f]) // note on and full bend up: two semitones
    e.process(L, R)
    const b = spectrum(L.subarray(4096, 4096 + 16384), 48000, 16384)
    expect(levelAt(b, 440 * 2 ** (2 / 12))).toBeGreaterThan(-1.5)
  })

  it('voices may hold their own delays and sequencers', () => {
    // Each voice: a click at its note's start (its gate's rising edge through seq), echoed 50 ms later.
    const text = 'voice v(freq, gate) {\n  node click = seq(gate, [x])\n  node e = delay(click * freq / 1000, 0.05, 0.5)\n  out = e\n}\nnode k = poly(v, [c4 . . . . . . .], rate: 4, gate: 0.001, voices: 2)\nout = k * 0.1'
    const r = render(text, { seconds: 0.3, record: ['k'] })
    const k = r.nodes.k
    // gate 0.001 of a 0.25 s step is 12 samples high: the echoes are 12-sample pulses at 50 ms,
    // 100 ms, ... of height freq/1000, then half of it, and so on.
    expect(k[2400 + 5]).toBeCloseTo(C4 / 1000, 6)
    expect(k[4800 + 5]).toBeCloseTo(C4 / 2000, 6)
    expect(k[7200 + 5]).toBeCloseTo(C4 / 4000, 6)
    expect(Math.abs(k[2400 + 30])).toBe(0)
  })
})
