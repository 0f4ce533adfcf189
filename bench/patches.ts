/// The reference patches of the benchmark protocol (P1–P4), as plain parameters that every engine's
/// builder reads, and as patch text for this project. Shared by the bench page and the Node runner,
/// so the patch language version and the peers' graphs cannot drift apart.

export const SAMPLE_RATE = 48000
/// Offline renders: whole render quanta, and an even number of them so the warm half starts on one.
export const QUANTUM = 128

export type PatchId = 'P1' | 'P2' | 'P3' | 'P4'

/// Seconds rendered per run. P3 is shorter because its N goes high during the scan.
export const DURATION: Record<PatchId, number> = { P1: 8, P2: 8, P3: 4, P4: 8 }
export const P3_TABLE_N = [64, 256, 1024, 4096] as const
/// The scan for the largest N at 2x realtime doubles N from 64 (skipping 128 and 512, as the protocol lists).
export const P3_SCAN_N = [64, 256, 1024, 2048, 4096, 8192, 16384, 32768] as const
export const P3_SCAN_SECONDS = 2
/// Seconds rendered for P3 at N: shorter for large N, where engines run near or below realtime.
export const p3Seconds = (n: number) => (n >= 1024 ? 1 : P3_SCAN_SECONDS)

// ---------------------------------------------------------------------------------------------
// P1 supersaw

export interface Adsr {
  a: number
  d: number
  s: number
  r: number
}

export const P1 = {
  voices: 8,
  freq: (i: number) => 110 * (1 + 0.25 * i),
  detune: [0.995, 1, 1.005] as const,
  cutoff: (i: number) => 1200 + 400 * i,
  q: 0.707,
  env: { a: 0.01, d: 0.1, s: 0.7, r: 0.3 } as Adsr,
  gateHz: (i: number) => 0.5 + 0.07 * i,
  delaySamples: 18000,
  feedback: 0.4,
  /// out = dry + wet * 0.4: the same signal as Faust's `+ ~ (de.delay : *(0.4))` (dry, then each echo
  /// 0.4 times the one before), since this project's delay outputs the line, whose first echo is 1.
  wet: 0.4,
}

// ---------------------------------------------------------------------------------------------
// P2 drums

/// Levels keep the output within -1..1 (this project clips its output there, the others do not):
/// kick = mix of its two sines, out = mix(hat, kick).
export const P2 = {
  clockHz: 8,
  hat: { cutoff: 2000, q: 5, env: { a: 0.001, d: 0.04, s: 0, r: 0.01 } as Adsr },
  kick: { freqs: [50, 120] as const, every: 4, env: { a: 0.001, d: 0.09, s: 0, r: 0.02 } as Adsr },
}

// ---------------------------------------------------------------------------------------------
// P3 scale

export const p3Freq = (i: number) => 100 + 3.7 * i

// ---------------------------------------------------------------------------------------------
// P4 poly

/// 16 steps of 4-note chords (a ii-V-I walk), played 8 steps per second by 16 voices. Each voice
/// lives gate (62.5 ms) plus amp release (150 ms), under the 4 steps before its slot comes round
/// again, so no voice is ever stolen.
export const P4_CHORDS: readonly string[][] = [
  ['c3', 'e3', 'g3', 'b3'], ['a2', 'c3', 'e3', 'g3'], ['f2', 'a2', 'c3', 'e3'], ['g2', 'b2', 'd3', 'f3'],
  ['e2', 'g2', 'b2', 'd3'], ['a2', 'c#3', 'e3', 'g3'], ['d3', 'f3', 'a3', 'c4'], ['g2', 'b2', 'd3', 'f3'],
  ['c3', 'e3', 'g3', 'b3'], ['c3', 'e3', 'g3', 'bb3'], ['f2', 'a2', 'c3', 'e3'], ['f2', 'ab2', 'c3', 'eb3'],
  ['e2', 'g2', 'b2', 'd3'], ['a2', 'c#3', 'e3', 'g3'], ['d3', 'f3', 'a3', 'c4'], ['g2', 'b2', 'd3', 'f3'],
]

export const P4 = {
  stepsPerSecond: 8,
  gate: 0.5,
  voices: 16,
  /// The second saw a fifth up. Oscillators run on between notes (a voice's phase at note-on is
  /// whatever its history left), and a fifth makes the pair's level depend little on that phase
  /// (a near-unison pair would swing between coherent and incoherent sums: up to 1/sqrt 2).
  detune: 1.5,
  /// cutoff = base + depth * filter envelope, linear in Hz.
  cutoffBase: 300,
  cutoffDepth: 2400,
  q: 1.5,
  filterEnv: { a: 0.005, d: 0.15, s: 0.3, r: 0.1 } as Adsr,
  ampEnv: { a: 0.005, d: 0.1, s: 0.6, r: 0.15 } as Adsr,
  level: 0.25,
}

const NOTE_INDEX: Record<string, number> = { c: 0, d: 2, e: 4, f: 5, g: 7, a: 9, b: 11 }

/// `a4` = 440 Hz, equal temperament, as in the patch language.
export function noteHz(name: string): number {
  const m = /^([a-g])(#|b)?(-?\d)$/.exec(name)
  if (!m) throw new RangeError(`noteHz: not a note: ${name}`)
  const midi = 12 * (Number(m[3]) + 1) + NOTE_INDEX[m[1]] + (m[2] === '#' ? 1 : m[2] === 'b' ? -1 : 0)
  return 440 * Math.pow(2, (midi - 69) / 12)
}

export interface NoteEvent {
  time: number
  off: number
  hz: number
}

/// Every note P4 plays in `seconds`: one per chord note per step, held for `gate` of the step.
export function p4Notes(seconds: number): NoteEvent[] {
  const step = 1 / P4.stepsPerSecond
  const out: NoteEvent[] = []
  for (let k = 0; k * step < seconds; k++) {
    for (const n of P4_CHORDS[k % P4_CHORDS.length]) out.push({ time: k * step, off: k * step + P4.gate * step, hz: noteHz(n) })
  }
  return out
}

/// P4 as 16 fixed voices: step k plays chord note j on voice 4 (k mod 4) + j, which is free again
/// by then. Before its first note a voice runs at the first chord's first note (as the Faust
/// program's table lookup does), so that every engine built this way has the same phases.
export function p4Voices(seconds: number): { initialHz: number; notes: NoteEvent[] }[] {
  const voices = Array.from({ length: P4.voices }, () => ({ initialHz: noteHz(P4_CHORDS[0][0]), notes: [] as NoteEvent[] }))
  const step = 1 / P4.stepsPerSecond
  for (let k = 0; k * step < seconds; k++) {
    P4_CHORDS[k % P4_CHORDS.length].forEach((n, j) =>
      voices[4 * (k % 4) + j].notes.push({ time: k * step, off: k * step + P4.gate * step, hz: noteHz(n) }),
    )
  }
  return voices
}

/// Gate periods of a square wave of `hz`, high the first half of each period from time 0.
export function gates(hz: number, seconds: number, duty = 0.5): { on: number; off: number }[] {
  const out: { on: number; off: number }[] = []
  for (let k = 0; k / hz < seconds; k++) out.push({ on: k / hz, off: (k + duty) / hz })
  return out
}

/// An ADSR triggered at `on` and released at `off` as linear breakpoints (time, level): attack
/// from 0, decay to s, held, then a release from wherever it was at `off` to 0 in r seconds.
export function adsrPoints(env: Adsr, on: number, off: number): [number, number][] {
  const pts: [number, number][] = [[on, 0]]
  const held = off - on
  if (held >= env.a + env.d) {
    pts.push([on + env.a, 1], [on + env.a + env.d, env.s], [off, env.s])
  } else if (held >= env.a) {
    pts.push([on + env.a, 1], [off, 1 - ((1 - env.s) * (held - env.a)) / env.d])
  } else {
    pts.push([off, held / env.a])
  }
  pts.push([off + env.r, 0])
  return pts
}

// ---------------------------------------------------------------------------------------------
// Patch text for this project

const fmt = (x: number) => String(Math.round(x * 1e6) / 1e6)

export function p1Text(): string {
  const lines = ['# P1 supersaw: 8 voices of 3 detuned saws, lowpass, ADSR gated by a square; echo']
  const names: string[] = []
  for (let i = 0; i < P1.voices; i++) {
    const f = fmt(P1.freq(i))
    lines.push(`node saws${i} = (osc(saw, ${f} * 0.995) + osc(saw, ${f}) + osc(saw, ${f} * 1.005)) / 3`)
    lines.push(
      `node v${i} = filter(lp, saws${i}, ${fmt(P1.cutoff(i))}, ${P1.q}) * adsr(trig(${fmt(P1.gateHz(i))}), ` +
        `${P1.env.a}, ${P1.env.d}, ${P1.env.s}, ${P1.env.r})`,
    )
    names.push(`v${i}`)
  }
  lines.push(`node dry = (${names.join(' + ')}) / ${P1.voices}`)
  lines.push(`node echo = delay(dry, ${fmt(P1.delaySamples / SAMPLE_RATE)}, ${P1.feedback})`)
  lines.push(`out = dry + echo * ${P1.wet}`)
  return lines.join('\n') + '\n'
}

export function p2Text(): string {
  const h = P2.hat, k = P2.kick
  const steps = ['x', ...Array(k.every - 1).fill('.')].join(' ')
  return [
    '# P2 drums: a filtered-noise hat on every hit, a two-sine kick on every fourth',
    `node clock = trig(${P2.clockHz})`,
    `node hat = filter(bp, noise(), ${h.cutoff}, ${h.q}) * adsr(clock, ${h.env.a}, ${h.env.d}, ${h.env.s}, ${h.env.r})`,
    `node kick = mix(osc(sine, ${k.freqs[0]}), osc(sine, ${k.freqs[1]})) * adsr(seq(clock, [${steps}]), ${k.env.a}, ${k.env.d}, ${k.env.s}, ${k.env.r})`,
    'out = mix(hat, kick)',
    '',
  ].join('\n')
}

/// N sines summed and divided by N, as a tree of `mix` (at most 64 inputs each, every group the same
/// size, so the nested 1/n scalings multiply to exactly 1/N).
export function p3Text(n: number): string {
  const lines = [`# P3 scale: ${n} sines at 100 + 3.7 i Hz, summed and divided by ${n}`]
  let level: string[] = []
  for (let g = 0; g * 64 < n; g++) {
    const oscs: string[] = []
    for (let i = g * 64; i < Math.min(n, (g + 1) * 64); i++) oscs.push(`osc(sine, ${fmt(p3Freq(i))})`)
    if (n <= 64) {
      lines.push(`out = mix(${oscs.join(', ')})`)
      return lines.join('\n') + '\n'
    }
    lines.push(`node grp${g} = mix(${oscs.join(', ')})`)
    level.push(`grp${g}`)
  }
  let depth = 0
  while (level.length > 64) {
    const next: string[] = []
    for (let g = 0; g * 64 < level.length; g++) {
      const name = `sum${depth}_${g}`
      lines.push(`node ${name} = mix(${level.slice(g * 64, (g + 1) * 64).join(', ')})`)
      next.push(name)
    }
    level = next
    depth++
  }
  lines.push(`out = mix(${level.join(', ')})`)
  return lines.join('\n') + '\n'
}

export function p4Text(): string {
  const e = P4.filterEnv, a = P4.ampEnv
  const roll = P4_CHORDS.map((c) => c.join('+')).join(' ')
  return [
    '# P4 poly: 16 steps of 4-note chords, 16 voices of 2 saws, an enveloped lowpass and an amp ADSR',
    `piano_roll chords = [${roll}]`,
    '',
    'voice pad(freq, gate) {',
    `  node fenv = adsr(gate, ${e.a}, ${e.d}, ${e.s}, ${e.r})`,
    `  node amp = adsr(gate, ${a.a}, ${a.d}, ${a.s}, ${a.r})`,
    `  node saws = (osc(saw, freq) + osc(saw, freq * ${P4.detune})) / 2`,
    `  out = filter(lp, saws, ${P4.cutoffBase} + fenv * ${P4.cutoffDepth}, ${P4.q}) * amp`,
    '}',
    '',
    `node keys = poly(pad, chords, rate: ${P4.stepsPerSecond}, voices: ${P4.voices}, gate: ${P4.gate})`,
    `out = keys * ${P4.level}`,
    '',
  ].join('\n')
}

export function patchText(id: PatchId, n = 1024): string {
  return id === 'P1' ? p1Text() : id === 'P2' ? p2Text() : id === 'P3' ? p3Text(n) : p4Text()
}

/// A 200-line patch of the kind a long live set grows into: knobs, sequencers, voices, effects.
/// Only its compile latency is measured.
export function longText(): string {
  const lines: string[] = ['# a 200-line patch for the compile-latency figure', 'bpm 124']
  const chains = 20
  lines.push('knob cutoff = 1800 [80..9000] exp', 'fader level = 0.7 [0..1]', 'step_seq hats = [x . x x . x . x x . x . x x . x]')
  lines.push('piano_roll lead = [c4 e4 g4 _ b4 . g4 e4 c4+e4 . d4 f4 a4 _ . .]')
  lines.push('voice pluck(freq, gate) {')
  lines.push('  node env = adsr(gate, 3ms, 180ms, 0.25, 250ms)')
  lines.push('  node o = osc(saw, freq) + osc(saw, freq * 1.006)')
  lines.push('  out = filter(lp, o, 200 + env * cutoff, 0.8) * env')
  lines.push('}')
  lines.push('node clock = trig(beat * 4)')
  lines.push('node keys = poly(pluck, lead, rate: beat * 2, voices: 6)')
  const outs: string[] = []
  for (let c = 0; c < chains; c++) {
    const f = fmt(55 * Math.pow(2, (c % 24) / 12))
    lines.push(`node lfo${c} = osc(sine, ${fmt(0.1 + c * 0.03)}) * 0.5 + 0.5`)
    lines.push(`node pitch${c} = seq(clock, [${f} ${fmt(Number(f) * 1.5)} ${fmt(Number(f) * 2)} ${f}])`)
    lines.push(`node src${c} = osc(${['saw', 'square', 'tri', 'sine'][c % 4]}, pitch${c}) + noise() * 0.05`)
    lines.push(`node env${c} = adsr(seq(clock, hats), 2ms, ${50 + 10 * c}ms, 0.2, 80ms)`)
    lines.push(`node filt${c} = filter(${['lp', 'hp', 'bp', 'lp'][c % 4]}, src${c}, 300 + lfo${c} * cutoff, 0.9)`)
    lines.push(`node shaped${c} = tanh(filt${c} * env${c} * 1.5)`)
    lines.push(`node echo${c} = delay(shaped${c}, ${fmt(0.1 + 0.02 * c)}, 0.3)`)
    lines.push(`node ch${c} = clip(shaped${c} + echo${c} * 0.4, -1, 1) * ${fmt(1 / chains)}`)
    if (c < chains - 1) lines.push('')
    outs.push(`ch${c}`)
  }
  const groups: string[] = []
  for (let g = 0; g < outs.length; g += 4) {
    lines.push(`node bus${g / 4} = ${outs.slice(g, g + 4).join(' + ')}`)
    groups.push(`bus${g / 4}`)
  }
  lines.push(`node sum = ${groups.join(' + ')} + keys * 0.3`)
  lines.push('node verb = delay(sum, 0.311, 0.5) * 0.3')
  lines.push('out = (sum + verb) * level')
  return lines.join('\n') + '\n'
}

/// `count` nodes for the live-tap figures (bench/ide-taps.ts) and the tap spec
/// (test/browser/taps.spec.ts): a slow LFO and oscillators whose loudness it moves, so every
/// node's trace changes and every tap redraws.
export function tapsText(count: number): string {
  const waves = ['sine', 'saw', 'square', 'tri']
  const lines = ['node n1 = osc(sine, 0.7)']
  for (let i = 2; i <= count; i++) lines.push(`node n${i} = osc(${waves[i % 4]}, ${55 * i}) * (0.6 + 0.4 * n1)`)
  const names = Array.from({ length: count - 1 }, (_, i) => `n${i + 2}`)
  lines.push(`out = mix(${names.join(', ')}) * 0.3`)
  return lines.join('\n') + '\n'
}
