/// The reference patches with Tone.js's sources, filters, envelopes and effects, rendered by
/// `Tone.Offline`. Envelope curves are set to linear to match the other engines' ADSR. Tone builds
/// the native graph lazily inside its own `startRendering()` and first simulates its clock in JS;
/// the table times the native rendering (as for the other engines) and keeps Tone's whole offline
/// render as an extra figure.
///
/// Saws: Tone's 'sawtooth' at phase 180 is the rising saw 2p - 1 that the other engines play, but
/// Tone normalises its PeriodicWave to the Gibbs peak; `sawLevel` (measured once by the page) undoes
/// that in the gain after the oscillators.

import * as Tone from 'tone'
import { P1, P2, P4, gates, p3Freq, p4Voices, type Adsr } from '../../patches.ts'
import { SAMPLE_RATE, frames, timedRendering, type Engine, type RenderRequest, type RenderTiming } from './engine.ts'
import { qToDb } from './native.ts'

// A silent offline default context, so that importing Tone starts no realtime AudioContext.
Tone.setContext(new Tone.OfflineContext(2, 0.1, SAMPLE_RATE))

const linear = { attackCurve: 'linear', decayCurve: 'linear', releaseCurve: 'linear' } as const

function ampEnv(env: Adsr): Tone.AmplitudeEnvelope {
  return new Tone.AmplitudeEnvelope({ attack: env.a, decay: env.d, sustain: env.s, release: env.r, ...linear })
}

/// Chromium's peak normalisation of a saw PeriodicWave: level of the normalised / unnormalised wave.
let sawNorm = 1
export function setSawNormalisation(x: number): void {
  sawNorm = x
}

function saw(hz: number, start = 0): Tone.Oscillator {
  return new Tone.Oscillator({ type: 'sawtooth', phase: 180, frequency: hz }).start(start)
}

function trigger(env: Tone.Envelope, on: number, off: number): void {
  env.triggerAttack(on)
  env.triggerRelease(off)
}

function buildP1(seconds: number): void {
  const dry = new Tone.Gain(1 / P1.voices).toDestination()
  for (let i = 0; i < P1.voices; i++) {
    const sum = new Tone.Gain(1 / 3 / sawNorm)
    for (const d of P1.detune) saw(P1.freq(i) * d).connect(sum)
    // Tone.Filter's Q must be positive; a lowpass Q of 0.707 is -3 dB, which Tone.BiquadFilter takes.
    const lp = new Tone.BiquadFilter({ type: 'lowpass', frequency: P1.cutoff(i), Q: qToDb(P1.q) })
    const env = ampEnv(P1.env)
    for (const g of gates(P1.gateHz(i), seconds)) trigger(env, g.on, g.off)
    sum.chain(lp, env, dry)
  }
  const echo = new Tone.FeedbackDelay({ delayTime: P1.delaySamples / SAMPLE_RATE, feedback: P1.feedback, wet: 1, maxDelay: 1 })
  dry.chain(echo, new Tone.Gain(P1.wet), Tone.getDestination())
}

function buildP2(seconds: number): void {
  const out = new Tone.Gain(0.5).toDestination() // mix(hat, kick)
  const hatEnv = ampEnv(P2.hat.env).connect(out)
  new Tone.Noise('white').start(0).chain(new Tone.Filter({ type: 'bandpass', frequency: P2.hat.cutoff, Q: P2.hat.q }), hatEnv)
  const kickEnv = ampEnv(P2.kick.env).connect(out)
  const sines = new Tone.Gain(0.5).connect(kickEnv)
  for (const f of P2.kick.freqs) new Tone.Oscillator({ type: 'sine', frequency: f }).start(0).connect(sines)
  gates(P2.clockHz, seconds).forEach((g, k) => {
    trigger(hatEnv, g.on, g.off)
    if (k % P2.kick.every === 0) trigger(kickEnv, g.on, g.off)
  })
}

function buildP3(n: number): void {
  const sum = new Tone.Gain(1 / n).toDestination()
  for (let i = 0; i < n; i++) new Tone.Oscillator({ type: 'sine', frequency: p3Freq(i) }).start(0).connect(sum)
}

/// 16 voices, as Tone's PolySynth of MonoSynths keeps them (a Filter driven by a FrequencyEnvelope,
/// an AmplitudeEnvelope), written out so that the voice is exactly P4's: two saws at f and 1.5 f
/// (a FatOscillator detunes both around f and starts them half a cycle apart).
function buildP4(seconds: number): void {
  const master = new Tone.Gain(P4.level).toDestination()
  const fe = P4.filterEnv
  for (const voice of p4Voices(seconds)) {
    const sum = new Tone.Gain(0.5 / sawNorm)
    const oscs = [saw(voice.initialHz), saw(voice.initialHz * P4.detune)]
    for (const o of oscs) o.connect(sum)
    const lp = new Tone.Filter({ type: 'lowpass', frequency: P4.cutoffBase, Q: qToDb(P4.q), rolloff: -12 })
    const fenv = new Tone.FrequencyEnvelope({
      attack: fe.a, decay: fe.d, sustain: fe.s, release: fe.r, ...linear,
      baseFrequency: P4.cutoffBase,
      octaves: Math.log2((P4.cutoffBase + P4.cutoffDepth) / P4.cutoffBase),
      exponent: 1,
    })
    fenv.connect(lp.frequency)
    const amp = ampEnv(P4.ampEnv)
    for (const note of voice.notes) {
      oscs[0].frequency.setValueAtTime(note.hz, note.time)
      oscs[1].frequency.setValueAtTime(note.hz * P4.detune, note.time)
      trigger(fenv, note.time, note.off)
      trigger(amp, note.time, note.off)
    }
    sum.chain(lp, amp, master)
  }
}

function build(req: RenderRequest): void {
  if (req.patch === 'P1') buildP1(req.seconds)
  else if (req.patch === 'P2') buildP2(req.seconds)
  else if (req.patch === 'P3') buildP3(req.n)
  else buildP4(req.seconds)
}

export const tone: Engine = {
  name: 'Tone.js',
  cannot: () => null,
  async render(req) {
    let timing: RenderTiming | null = null
    const t0 = performance.now()
    const buffer = await Tone.Offline(
      (context) => {
        build(req)
        // Time the native rendering inside Tone's render(), which first runs Tone's clock in JS.
        const raw = (context.rawContext as unknown as { _nativeOfflineAudioContext: OfflineAudioContext })._nativeOfflineAudioContext
        const start = raw.startRendering.bind(raw)
        raw.startRendering = () =>
          timedRendering(raw, start).then((r) => {
            timing = r
            return r.buffer
          })
      },
      frames(req.seconds) / SAMPLE_RATE,
      2,
      SAMPLE_RATE,
    )
    const total = performance.now() - t0
    if (!timing) throw new Error('Tone.Offline did not call startRendering')
    const t = timing as RenderTiming
    return { buffer: buffer.get() as AudioBuffer, wallMs: t.wallMs, warmMs: t.warmMs, extra: { toneOfflineMs: total } }
  },
}
