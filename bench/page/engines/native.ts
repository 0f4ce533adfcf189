/// The reference patches as plain Web Audio graphs: OscillatorNode, BiquadFilterNode, GainNode
/// automation for envelopes, DelayNode with a feedback GainNode, an AudioBufferSourceNode of white
/// noise, and for polyphony a fixed set of voices whose oscillators are retuned per note.
///
/// Saws are a PeriodicWave of the rising saw 2p - 1 without normalisation: Chromium's built-in
/// 'sawtooth' starts half a cycle later (which changes how P1's harmonically related voices add)
/// and is scaled to its Gibbs peak (0.85 of a -1..1 saw's level), so it would be another patch.

import { P1, P2, P4, adsrPoints, gates, p3Freq, p4Voices, type Adsr } from '../../patches.ts'
import { SAMPLE_RATE, frames, timedRendering, type Engine, type RenderRequest } from './engine.ts'

/// Web Audio's lowpass and highpass Q is a resonance in dB; the patches give the cookbook's linear Q.
export const qToDb = (q: number) => 20 * Math.log10(q)

/// Drives `param` along an ADSR (scaled by `depth` above `base`) triggered at `on`, released at `off`.
export function automate(param: AudioParam, env: Adsr, on: number, off: number, depth = 1, base = 0): void {
  const pts = adsrPoints(env, on, off)
  param.setValueAtTime(base + depth * pts[0][1], pts[0][0])
  for (let i = 1; i < pts.length; i++) param.linearRampToValueAtTime(base + depth * pts[i][1], pts[i][0])
}

function gain(ctx: BaseAudioContext, value: number): GainNode {
  return new GainNode(ctx, { gain: value })
}

const SAW_HARMONICS = 2048
const saws = new WeakMap<BaseAudioContext, PeriodicWave>()

/// The rising saw 2p - 1 (-1 at phase 0), band-limited by Chromium's tables, peak level 1 (plus Gibbs).
export function sawWave(ctx: BaseAudioContext): PeriodicWave {
  let w = saws.get(ctx)
  if (!w) {
    const real = new Float32Array(SAW_HARMONICS + 1)
    const imag = new Float32Array(SAW_HARMONICS + 1)
    for (let k = 1; k <= SAW_HARMONICS; k++) imag[k] = -2 / (Math.PI * k)
    w = new PeriodicWave(ctx, { real, imag, disableNormalization: true })
    saws.set(ctx, w)
  }
  return w
}

function osc(ctx: BaseAudioContext, type: 'sine' | 'saw', hz: number): OscillatorNode {
  const o = type === 'sine' ? new OscillatorNode(ctx, { type, frequency: hz }) : new OscillatorNode(ctx, { periodicWave: sawWave(ctx), frequency: hz })
  o.start(0)
  return o
}

export function buildP1(ctx: BaseAudioContext, seconds: number): void {
  const dry = gain(ctx, 1 / P1.voices)
  for (let i = 0; i < P1.voices; i++) {
    const sum = gain(ctx, 1 / 3)
    for (const d of P1.detune) osc(ctx, 'saw', P1.freq(i) * d).connect(sum)
    const lp = new BiquadFilterNode(ctx, { type: 'lowpass', frequency: P1.cutoff(i), Q: qToDb(P1.q) })
    const env = gain(ctx, 0)
    for (const g of gates(P1.gateHz(i), seconds)) automate(env.gain, P1.env, g.on, g.off)
    sum.connect(lp).connect(env).connect(dry)
  }
  // out = dry + wet * 0.4 with the line fed back at 0.4 (see P1.wet).
  const line = new DelayNode(ctx, { maxDelayTime: 1, delayTime: P1.delaySamples / SAMPLE_RATE })
  const fb = gain(ctx, P1.feedback)
  const wet = gain(ctx, P1.wet)
  dry.connect(ctx.destination)
  dry.connect(line)
  line.connect(fb).connect(line)
  line.connect(wet).connect(ctx.destination)
}

function whiteNoise(ctx: BaseAudioContext, seconds: number): AudioBufferSourceNode {
  const buf = new AudioBuffer({ length: Math.ceil(seconds * ctx.sampleRate), sampleRate: ctx.sampleRate, numberOfChannels: 1 })
  const x = buf.getChannelData(0)
  for (let i = 0; i < x.length; i++) x[i] = Math.random() * 2 - 1
  const src = new AudioBufferSourceNode(ctx, { buffer: buf, loop: true })
  src.start(0)
  return src
}

export function buildP2(ctx: BaseAudioContext, seconds: number): void {
  const out = gain(ctx, 0.5) // mix(hat, kick)
  out.connect(ctx.destination)
  const hatEnv = gain(ctx, 0)
  whiteNoise(ctx, 2)
    .connect(new BiquadFilterNode(ctx, { type: 'bandpass', frequency: P2.hat.cutoff, Q: P2.hat.q })) // bandpass Q is linear
    .connect(hatEnv)
    .connect(out)
  const sines = gain(ctx, 0.5)
  const kickEnv = gain(ctx, 0)
  for (const f of P2.kick.freqs) osc(ctx, 'sine', f).connect(sines)
  sines.connect(kickEnv).connect(out)
  gates(P2.clockHz, seconds).forEach((g, k) => {
    automate(hatEnv.gain, P2.hat.env, g.on, g.off)
    if (k % P2.kick.every === 0) automate(kickEnv.gain, P2.kick.env, g.on, g.off)
  })
}

export function buildP3(ctx: BaseAudioContext, n: number): void {
  const sum = gain(ctx, 1 / n)
  for (let i = 0; i < n; i++) osc(ctx, 'sine', p3Freq(i)).connect(sum)
  sum.connect(ctx.destination)
}

export function buildP4(ctx: BaseAudioContext, seconds: number): void {
  const master = gain(ctx, P4.level)
  master.connect(ctx.destination)
  for (const voice of p4Voices(seconds)) {
    const sum = gain(ctx, 0.5)
    const oscs = [osc(ctx, 'saw', voice.initialHz), osc(ctx, 'saw', voice.initialHz * P4.detune)]
    for (const o of oscs) o.connect(sum)
    const lp = new BiquadFilterNode(ctx, { type: 'lowpass', frequency: P4.cutoffBase, Q: qToDb(P4.q) })
    const amp = gain(ctx, 0)
    for (const note of voice.notes) {
      oscs[0].frequency.setValueAtTime(note.hz, note.time)
      oscs[1].frequency.setValueAtTime(note.hz * P4.detune, note.time)
      automate(lp.frequency, P4.filterEnv, note.time, note.off, P4.cutoffDepth, P4.cutoffBase)
      automate(amp.gain, P4.ampEnv, note.time, note.off)
    }
    sum.connect(lp).connect(amp).connect(master)
  }
}

export function buildNative(ctx: BaseAudioContext, req: RenderRequest): void {
  const seconds = req.seconds
  if (req.patch === 'P1') buildP1(ctx, seconds)
  else if (req.patch === 'P2') buildP2(ctx, seconds)
  else if (req.patch === 'P3') buildP3(ctx, req.n)
  else buildP4(ctx, seconds)
}

export const native: Engine = {
  name: 'native',
  cannot: () => null,
  async render(req) {
    const ctx = new OfflineAudioContext({ numberOfChannels: 2, length: frames(req.seconds), sampleRate: SAMPLE_RATE })
    buildNative(ctx, req)
    return timedRendering(ctx)
  },
}
