/// The reference patches as Faust programs, compiled in the bench page by @grame/faustwasm.
/// P1 is the protocol's program verbatim; P2–P4 follow the same parameters as the other engines
/// (see patches.ts). Mono output: the node's one channel is up-mixed to both speakers.

import { P1, P2, P4, P4_CHORDS, noteHz, type PatchId } from './patches.ts'

export const FAUST_OPTIONS = '-ftz 2'

export function faustP1(): string {
  return `import("stdfaust.lib");
voice(i) = (os.sawtooth(f*0.995)+os.sawtooth(f)+os.sawtooth(f*1.005))/3 : fi.lowpass(2, 1200+400*i) : *(en.adsr(0.01,0.1,0.7,0.3,os.lf_squarewavepos(0.5+i*0.07))) with { f = 110*(1+i*0.25); };
process = par(i, ${P1.voices}, voice(i)) :> /(${P1.voices}) : (+ ~ (de.delay(48000, ${P1.delaySamples}) : *(${P1.feedback})));
`
}

export function faustP2(): string {
  const h = P2.hat, k = P2.kick
  return `import("stdfaust.lib");
clock = os.lf_pulsetrainpos(${P2.clockHz}, 0.5);
hits = (+(clock > clock')) ~ _;
hat = no.noise : fi.resonbp(${h.cutoff}, ${h.q}, ${1 / h.q}) : *(en.adsr(${h.env.a}, ${h.env.d}, ${h.env.s}, ${h.env.r}, clock));
kgate = clock * (((hits - 1) % ${k.every}) == 0);
kick = (os.osc(${k.freqs[0]}) + os.osc(${k.freqs[1]})) / 2 * en.adsr(${k.env.a}, ${k.env.d}, ${k.env.s}, ${k.env.r}, kgate);
process = (hat + kick) / 2;
`
}

/// The same frequencies as p3Freq in patches.ts.
export function faustP3(n: number): string {
  return `import("stdfaust.lib");
process = par(i, ${n}, os.osc(100 + 3.7*i)) :> /(${n});
`
}

/// Poly as a fixed set of 16 voices, in 4 slots of 4 chord notes: step k plays its chord on slot
/// k mod 4, which is free again by then (see P4_CHORDS), so this equals any allocation order.
/// All 16 voices are computed every sample, as a Faust mono DSP does.
export function faustP4(): string {
  const table = P4_CHORDS.flatMap((c) => c.map((n) => noteHz(n).toFixed(6))).join(', ')
  const e = P4.filterEnv, a = P4.ampEnv
  return `import("stdfaust.lib");
notes = waveform{${table}};
pos = float(ba.time) * ${P4.stepsPerSecond}.0 / ma.SR;
step = int(pos);
frac = pos - float(step);
slot(m) = step - ((step - m) % 4 + 4) % 4;
freq(m, j) = notes, max(0, (slot(m) % ${P4_CHORDS.length}) * 4 + j) : rdtable;
gate(m) = ((step % 4) == m) * (frac < ${P4.gate});
voice(m, j) = (os.sawtooth(f) + os.sawtooth(f * ${P4.detune})) / 2 : fi.resonlp(${P4.cutoffBase} + ${P4.cutoffDepth} * fenv, ${P4.q}, 1) : *(aenv)
with {
  f = freq(m, j);
  g = gate(m);
  fenv = en.adsr(${e.a}, ${e.d}, ${e.s}, ${e.r}, g);
  aenv = en.adsr(${a.a}, ${a.d}, ${a.s}, ${a.r}, g);
};
process = par(m, 4, par(j, 4, voice(m, j))) :> *(${P4.level});
`
}

export function faustCode(id: PatchId, n = 1024): string {
  return id === 'P1' ? faustP1() : id === 'P2' ? faustP2() : id === 'P3' ? faustP3(n) : faustP4()
}
