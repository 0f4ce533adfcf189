/// The bench page: every engine in one browser process, driven from Node (bench/browser.ts) through
/// `window.tapBench`. Each call renders once or measures once; the runner does the warm-ups, the
/// repetitions and the medians, and interleaves the engines so that machine noise hits all alike.

import { longText, patchText } from '../patches.ts'
import { faustCode } from '../faust-code.ts'
import { measure, type Engine, type RenderRequest, type RenderResult } from './engines/engine.ts'
import { native, sawWave } from './engines/native.ts'
import { setSawNormalisation, tone } from './engines/tone.ts'
import { faust, faustCompileMs, loadFaust } from './engines/faust.ts'
import { compilePatch, createNode, initOurs, loadPatch, ours, processorUrl } from './engines/ours.ts'

const engines: Record<string, Engine> = { ours, native, faust, tone }

export interface InitInfo {
  engines: string[]
  /// Engine name to why it cannot run at all (missing module), when so.
  missing: Record<string, string>
  faustVersion: string
  faustLoadMs: number
  /// Level of Chromium's peak-normalised saw relative to the -1..1 saw (Tone's saws are scaled back by it).
  sawNormalisation: number
  userAgent: string
}

/// Renders Chromium's normalised 'sawtooth' and the unnormalised rising saw; returns the level ratio.
async function sawNormalisation(): Promise<number> {
  const level = async (make: (ctx: OfflineAudioContext) => OscillatorNode) => {
    const ctx = new OfflineAudioContext({ numberOfChannels: 1, length: 48000, sampleRate: 48000 })
    const o = make(ctx)
    o.connect(ctx.destination)
    o.start()
    return measure(await ctx.startRendering()).rms
  }
  const normalised = await level((ctx) => new OscillatorNode(ctx, { type: 'sawtooth', frequency: 110 }))
  const plain = await level((ctx) => new OscillatorNode(ctx, { periodicWave: sawWave(ctx), frequency: 110 }))
  return normalised / plain
}

export type CompileLatency = Record<string, number[]>

async function init(): Promise<InitInfo> {
  const missing: Record<string, string> = {}
  const m = await initOurs()
  if (m) missing[ours.name] = m
  let faustVersion = '', faustLoadMs = NaN
  try {
    const f = await loadFaust(new URL('libfaust/libfaust-wasm.js', location.href).href)
    faustVersion = f.version
    faustLoadMs = f.ms
  } catch (e) {
    missing[faust.name] = `libfaust did not load: ${String(e)}`
  }
  const norm = await sawNormalisation()
  setSawNormalisation(norm)
  return { engines: Object.keys(engines), missing, faustVersion, faustLoadMs, sawNormalisation: norm, userAgent: navigator.userAgent }
}

/// Why `engine` cannot render `req`, or null.
function cannot(engine: string, req: RenderRequest): string | null {
  return engines[engine].cannot(req)
}

async function render(engine: string, req: RenderRequest): Promise<RenderResult> {
  const r = await engines[engine].render(req)
  const { rms, peak } = measure(r.buffer)
  return { seconds: r.buffer.length / r.buffer.sampleRate, wallMs: r.wallMs, warmMs: r.warmMs, extra: r.extra, rms, peak }
}

/// Compile latency, text in to ready to sound, in a realtime AudioContext (headless, it runs with
/// no sound card). `runs` includes the warm-up, which the runner drops.
async function compileLatency(runs: number): Promise<CompileLatency> {
  const ctx = new AudioContext({ sampleRate: 48000, latencyHint: 'interactive' })
  await ctx.resume()
  const out: CompileLatency = {}
  const add = (key: string, ms: number) => (out[key] ??= []).push(ms)
  try {
    if (!ours.cannot({ patch: 'P1', n: 0, seconds: 0 })) {
      await ctx.audioWorklet.addModule(processorUrl!)
      for (const [name, text] of [['P1', patchText('P1')], ['200-line', longText()]] as const) {
        for (let k = 0; k < runs; k++) {
          // compile() alone, then the whole way: compile, post to a fresh node, the engine's 'loaded' reply.
          let t0 = performance.now()
          compilePatch(text)
          add(`ours ${name} compile()`, performance.now() - t0)
          const node = createNode(ctx)
          node.connect(ctx.destination)
          t0 = performance.now()
          const patch = compilePatch(text)
          const loaded = await loadPatch(node, { type: 'patch', patch })
          add(`ours ${name} to loaded`, performance.now() - t0)
          if (typeof loaded.ms === 'number') add(`ours ${name} engine load() in the worklet (Date.now: 1 ms steps)`, loaded.ms)
          node.disconnect()
          node.port.close()
        }
      }
    }
    if (!faust.cannot({ patch: 'P1', n: 0, seconds: 0 })) {
      for (let k = 0; k < runs; k++) add('Faust P1 compile + node', await faustCompileMs(faustCode('P1'), ctx))
    }
  } finally {
    await ctx.close()
  }
  return out
}

const api = { init, cannot, render, compileLatency }
export type TapBench = typeof api
;(window as unknown as { tapBench: TapBench }).tapBench = api
document.body.dataset.ready = 'true'
