/// The bench page: every engine in one browser process, driven from Node (bench/browser.ts) through
/// `window.tapBench`. Each call renders once or measures once; the runner does the warm-ups, the
/// repetitions and the medians, and interleaves the engines so that machine noise hits all alike.

import { longText, patchText, tapsText, type PatchId } from '../patches.ts'
import { TreeFragment, type Tree } from '@lezer/common'
import { compile } from '../../src/language/compile.ts'
import { patchLanguage } from '../../src/editor/language.ts'
import { generate } from '../../worklet/engine/codegen.ts'
import { novelCode } from '../novel-code.ts'
import { patchMessage, type ToEngine } from '../../worklet/protocol.ts'
import type { CompiledPatch } from '../../src/language/patch-data.ts'
import type { Generated } from '../../worklet/engine/generated.ts'
import { allLongRounds, allShortRounds } from '../../src/language/warmup.ts'
import { EXAMPLES } from '../../src/share/examples.ts'
import { faustCode } from '../faust-code.ts'
import { SAMPLE_RATE, frames, measure, timedRendering, type Engine, type RenderRequest, type RenderResult } from './engines/engine.ts'
import { native, sawWave } from './engines/native.ts'
import { setSawNormalisation, tone } from './engines/tone.ts'
import { faust, faustCompileMs, faustOffline, faustRenderCode, loadFaust } from './engines/faust.ts'
import { ALIAS_FREQS, ALIAS_N, ALIAS_SKIP, aliasDb } from './saw-alias.ts'
import { Engine as OurEngine } from '../../worklet/engine/engine.ts'
import { warmScope } from '../../worklet/engine/warmup.ts'
import { type TimerReply, askTimer, compilePatch, createNode, createTimer, initOurs, loadPatch, ours, processorUrl, timerProcessorUrl } from './engines/ours.ts'

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

/// Why `engine` cannot render `req`, or null. A name that is not one of `engines` is a reason too.
function cannot(engine: string, req: RenderRequest): string | null {
  const e = engines[engine]
  return e ? e.cannot(req) : `no engine named ${engine}: the engines are ${Object.keys(engines).join(', ')}`
}

/// V8's `gc()`, which the bench's Chromium exposes (bench/browser.ts); absent in other browsers.
const collect = (globalThis as { gc?: () => void }).gc

async function render(engine: string, req: RenderRequest): Promise<RenderResult> {
  // Each render starts from a collected heap, so that no engine pays for the garbage the one before
  // it left, collected while it renders. Tone.js's renders leave the most, and the engine after
  // them paid: P4 through this project after Tone.js, ten renders, three to four at 57-85x
  // realtime among 94-108; after Faust instead, 91-106; after Tone.js with a collection first, one
  // at 66 (bench/PROFILE.md, session 21). Not timed: each engine times its own render.
  collect?.()
  const r = await engines[engine].render(req)
  const { rms, peak } = measure(r.buffer)
  return { seconds: r.buffer.length / r.buffer.sampleRate, wallMs: r.wallMs, warmMs: r.warmMs, extra: r.extra, rms, peak }
}

/// The edit row's name (bench/report.ts gives it the target's line).
export const READY_EDIT = '(the editor\'s incremental parse) to ready to sound'

/// The timer's request for a patch and its code (new for this run, novelCode) as the IDE posts them
/// (patchMessage): the patch lean, without the expressions the code was generated from. The whole
/// patch is about twice the message to copy (worklet/protocol.ts), on the audio thread too.
function readyRequest(patch: CompiledPatch, code: Generated): { type: 'ready'; patch: CompiledPatch; code?: Generated } {
  const m = patchMessage(patch, novelCode(code))
  if (m.type !== 'patch') throw new Error('not a patch message')
  return { type: 'ready', patch: m.patch, code: m.code }
}

/// Compile latency, text in to ready to sound, in a realtime AudioContext (headless, it runs with
/// no sound card). `runs` includes the warm-up, which the runner drops. Keys are "ENGINE WHAT".
///
/// "text to ready to sound" = `compile()` of the text on the page's main thread (parse included,
/// performance.now) + the engine's `load()` (code generation and instantiation) + the first block
/// it renders, both inside the page's AudioWorkletGlobalScope ('tapline-timer', the same engine
/// module as the app's worklet, a fresh engine per run). The message between them is not counted:
/// "IDE path" times it all from the page, up to the app worklet's 'loaded' reply (before any block).
async function compileLatency(runs: number): Promise<CompileLatency> {
  const ctx = new AudioContext({ sampleRate: 48000, latencyHint: 'interactive' })
  await ctx.resume()
  const out: CompileLatency = {}
  const add = (key: string, ms: number) => (out[key] ??= []).push(ms)
  try {
    if (!ours.cannot({ patch: 'P1', n: 0, seconds: 0 })) {
      await ctx.audioWorklet.addModule(processorUrl!)
      if (timerProcessorUrl) await ctx.audioWorklet.addModule(timerProcessorUrl)
      const silent = compilePatch('out = 0\n')
      const timer = timerProcessorUrl ? createTimer(ctx) : null
      timer?.connect(ctx.destination)
      // Both worklet scopes warmed up before any run, as the IDE's is long before the first edit
      // (src/audio/host.ts prepares it at page load): a warm-up still running on the audio thread
      // would take one of this machine's two cores from the compile runs.
      if (timer) await askTimer(timer, { type: 'blocks', patch: silent, taps: [], warm: 0, timed: 0 })
      const first = createNode(ctx)
      await loadPatch(first, { type: 'patch', patch: silent })
      first.port.close()
      // As the IDE does in its first idle moments (src/main.ts): the compiler and the code generator,
      // then the long rounds, which the IDE runs once its editor holds a long patch (as here).
      const examples = EXAMPLES.map((e) => e.text)
      allShortRounds(examples, generate)
      allLongRounds(generate)
      // A second of rest, as an IDE has between its start and a musician's first edit: V8 compiles
      // the warmed code on background threads, which took a core from the first runs here.
      await new Promise((r) => setTimeout(r, 1000))
      for (const [name, text] of [['P1', patchText('P1')], ['200-line', longText()]] as const) {
        for (let k = 0; k < runs; k++) {
          let t0 = performance.now()
          const patch = compilePatch(text)
          const compileMs = performance.now() - t0
          // The IDE generates a new shape's code on the main thread and posts it (src/audio/host.ts).
          t0 = performance.now()
          const code = generate(patch)
          const generateMs = performance.now() - t0
          if (timer) {
            const r = await askTimer(timer, readyRequest(patch, code))
            add(`ours ${name} text to ready to sound`, compileMs + generateMs + r.loadMs! + r.firstBlockMs!)
            add(`ours ${name} compile() (main thread)`, compileMs)
            add(`ours ${name} generate() (main thread)`, generateMs)
            add(`ours ${name} engine load() (worklet scope; ${r.clock})`, r.loadMs!)
            add(`ours ${name} first block (worklet scope; ${r.clock})`, r.firstBlockMs!)
          } else add(`ours ${name} compile() (main thread)`, compileMs)
        }
      }
      // The IDE's path apart from the runs above: its node goes on rendering the patch it loaded
      // until the silent one reaches it, on the audio thread the timer runs on, and leaves that
      // thread's heap the garbage of a load; a timed load that followed it paid for both (the
      // 200-line load: 4-6 ms in the runs after such a node, 1.8-2.0 in the others).
      for (const [name, text] of [['P1', patchText('P1')], ['200-line', longText()]] as const) {
        for (let k = 0; k < runs; k++) {
          // The IDE's path: compile, post to a fresh 'tapline' node, its 'loaded' reply.
          const node = createNode(ctx)
          node.connect(ctx.destination)
          const t0 = performance.now()
          const fresh = compilePatch(text)
          await loadPatch(node, patchMessage(fresh, novelCode(generate(fresh))) as ToEngine & { type: 'patch' })
          add(`ours ${name} IDE path: compile, post, the worklet's 'loaded' reply`, performance.now() - t0)
          // A node may live on after disconnect(): leave it nothing to render.
          node.port.postMessage({ type: 'patch', patch: silent })
          node.disconnect()
          node.port.close()
        }
      }
      if (timer) {
        // The editor's path for an edit of the 200-line patch: CodeMirror reparses only around the
        // change (Lezer's fragments), with the editor's own parser (src/editor/language.ts), and the
        // compiler takes its tree (src/editor/live-reload.ts). The edit changes the shape (one
        // oscillator's wave), so the code is generated anew; each run edits the text the run before
        // left, back and forth.
        const editorParser = patchLanguage.parser
        const a = longText(), at = a.indexOf('osc(sine, pitch3)') + 4
        const b = a.slice(0, at) + 'tri' + a.slice(at + 4)
        let text = a, tree: Tree = editorParser.parse(a)
        for (let k = 0; k < runs; k++) {
          const next = text === a ? b : a
          const change = text === a ? { fromA: at, toA: at + 4, fromB: at, toB: at + 3 } : { fromA: at, toA: at + 3, fromB: at, toB: at + 4 }
          let t0 = performance.now()
          const fragments = TreeFragment.applyChanges(TreeFragment.addTree(tree), [change])
          tree = editorParser.parse(next, fragments)
          const result = compile(next, tree)
          const compileMs = performance.now() - t0
          if (!result.patch) throw new Error('the edited 200-line patch does not compile')
          t0 = performance.now()
          const code = generate(result.patch)
          const generateMs = performance.now() - t0
          const r = await askTimer(timer, readyRequest(result.patch, code))
          add(`ours 200-line edit ${READY_EDIT}`, compileMs + generateMs + r.loadMs! + r.firstBlockMs!)
          add('ours 200-line edit: incremental parse and compile(text, tree) (main thread)', compileMs)
          text = next
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

export interface TapCost {
  /// Milliseconds per block, one per run (the first is the warm-up), without and with the taps.
  off: number[]
  on: number[]
  clock: string
}

/// Runs `use` with the 'tapline-timer' processor in a fresh realtime context (closed afterwards),
/// and `blocks(s)`: how many 128-frame blocks make `s` seconds at its rate.
async function withTimer<T>(id: PatchId, use: (timer: AudioWorkletNode, blocks: (s: number) => number) => Promise<T>): Promise<T> {
  if (!timerProcessorUrl || ours.cannot({ patch: id, n: 0, seconds: 0 })) throw new Error('this project cannot run on this page')
  const ctx = new AudioContext({ sampleRate: 48000, latencyHint: 'interactive' })
  try {
    await ctx.resume()
    await ctx.audioWorklet.addModule(timerProcessorUrl)
    const timer = createTimer(ctx)
    timer.connect(ctx.destination)
    return await use(timer, (s) => Math.round((s * ctx.sampleRate) / 128))
  } finally {
    await ctx.close()
  }
}

/// The engine's side of `count` live taps, in the page's AudioWorkletGlobalScope: the tap patch
/// rendered by fresh engines with no taps and with every node tapped, interleaved run by run;
/// each run renders 1 s to warm up, then times 2 s of blocks back to back (so the clock's 0.1 ms
/// steps are a fraction of a percent of the span).
function tapCost(runs: number, count: number): Promise<TapCost> {
  return withTimer('P1', async (timer, blocks) => {
    const patch = compilePatch(tapsText(count)), code = generate(patch)
    const names = Array.from({ length: count }, (_, i) => `n${i + 1}`)
    const out: TapCost = { off: [], on: [], clock: '' }
    for (let k = 0; k < runs; k++) {
      for (const on of [false, true]) {
        const r = await askTimer(timer, { type: 'blocks', patch, code, taps: on ? names : [], warm: blocks(1), timed: blocks(2) })
        out[on ? 'on' : 'off'].push(r.ms! / blocks(2))
        out.clock = r.clock
      }
    }
    return out
  })
}

/// The engine alone in Chromium's AudioWorkletGlobalScope, without the worklet's per-block call or
/// the offline context around it: microseconds per block of a reference patch (fresh engine, 1 s
/// to warm up, then 2 s of blocks timed back to back), one figure per run.
function blockCost(id: PatchId, runs: number): Promise<{ us: number[]; clock: string }> {
  return withTimer(id, async (timer, blocks) => {
    const patch = compilePatch(patchText(id)), code = generate(patch)
    const out = { us: [] as number[], clock: '' }
    for (let k = 0; k < runs; k++) {
      const r = await askTimer(timer, { type: 'blocks', patch, code, taps: [], warm: blocks(1), timed: blocks(2) })
      out.us.push((1000 * r.ms!) / blocks(2))
      out.clock = r.clock
    }
    return out
  })
}

/// Time per block across one offline render of a reference patch by a fresh worklet scope
/// ('tapline-timer' in a new OfflineAudioContext, the engine playing through process()): the
/// clock read every `every` blocks, so the start of a render shows against its end.
async function startCurve(id: PatchId, seconds: number, every: number, delayMs = 0): Promise<{ marks: number[]; clock: string; startMs: number }> {
  const { ctx, timer } = await offlineTimer(seconds)
  const blocks = ctx.length / 128
  const patch = compilePatch(patchText(id))
  await askTimer(timer, { type: 'curve', patch, code: generate(patch), blocks, every })
  if (delayMs) await new Promise((r) => setTimeout(r, delayMs))
  const done = new Promise<TimerReply>((resolve) => (timer.port.onmessage = (e: MessageEvent<TimerReply>) => resolve(e.data)))
  await ctx.startRendering()
  const r = await done
  return { marks: r.marks!, clock: r.clock, startMs: r.startMs! }
}

/// The floor every worklet engine stands on: an OfflineAudioContext rendering `seconds` through a
/// worklet node whose process() does nothing ('tapline-timer' with no request, stereo out, as
/// 'tapline'; its scope's start is before the timed render, as for the engines). Wall ms of
/// startRendering(), one per run.
async function idleWorklet(seconds: number, runs: number): Promise<number[]> {
  const out: number[] = []
  for (let k = 0; k < runs; k++) {
    const { ctx, timer } = await offlineTimer(seconds)
    // Answered once the processor exists (its scope warmed up); it then idles.
    await askTimer(timer, { type: 'blocks', patch: compilePatch('out = 0\n'), taps: [], warm: 0, timed: 0 })
    out.push((await timedRendering(ctx)).wallMs)
  }
  return out
}

/// A fresh OfflineAudioContext of `seconds` (stereo, 48 kHz, as the renders) with a 'tapline-timer'
/// node connected: a fresh worklet scope, as each row of the render table has.
async function offlineTimer(seconds: number): Promise<{ ctx: OfflineAudioContext; timer: AudioWorkletNode }> {
  if (!timerProcessorUrl) throw new Error('this project cannot run on this page')
  const ctx = new OfflineAudioContext({ numberOfChannels: 2, length: frames(seconds), sampleRate: SAMPLE_RATE })
  await ctx.audioWorklet.addModule(timerProcessorUrl)
  const timer = createTimer(ctx)
  timer.connect(ctx.destination)
  return { ctx, timer }
}

/// The engines' DSP alone on the page's main thread, interleaved: µs per block for this project's
/// engine and Faust's offline processor, `rounds` rounds of `blocks` blocks each; then each one's
/// RMS over the next second (both at the same point of the patch), to show they play the same.
async function dspCost(id: PatchId, n: number, blocks: number, rounds: number): Promise<{ ours: number[]; faust: number[]; rms: { ours: number; faust: number } }> {
  warmScope(SAMPLE_RATE)
  const e = new OurEngine(SAMPLE_RATE)
  e.load(compilePatch(patchText(id, n)))
  const f = await faustOffline({ patch: id, n, seconds: 0 })
  const L = new Float32Array(128), R = new Float32Array(128)
  const run: Record<'ours' | 'faust', () => void> = { ours: () => e.process(L, R), faust: () => f.compute(L, R) }
  const out = { ours: [] as number[], faust: [] as number[] }
  for (const k of ['ours', 'faust'] as const) for (let b = 0; b < 3000; b++) run[k]()
  for (let r = 0; r < rounds; r++) {
    for (const k of r % 2 ? (['ours', 'faust'] as const) : (['faust', 'ours'] as const)) {
      const t = performance.now()
      for (let b = 0; b < blocks; b++) run[k]()
      out[k].push(((performance.now() - t) * 1000) / blocks)
    }
  }
  const rms = { ours: 0, faust: 0 }
  for (const k of ['ours', 'faust'] as const) {
    let s = 0
    for (let b = 0; b < SAMPLE_RATE / 128; b++) {
      run[k]()
      for (let i = 0; i < 128; i++) s += L[i] * L[i]
    }
    rms[k] = Math.sqrt(s / SAMPLE_RATE)
  }
  return { ...out, rms }
}

export interface SawAlias {
  engine: string
  f: number
  /// dB against the fundamental, or null with why.
  db: number | null
  error?: string
}

/// Each engine's saw alone, as P1 builds it (this project's `osc(saw, f)`, native's PeriodicWave,
/// Faust's `os.sawtooth`), at half level, rendered and measured (saw-alias.ts).
async function sawAlias(): Promise<SawAlias[]> {
  const length = ALIAS_SKIP + ALIAS_N
  const renders: Record<string, (f: number) => Promise<AudioBuffer>> = {
    ours: async (f) => {
      const ctx = new OfflineAudioContext({ numberOfChannels: 2, length, sampleRate: SAMPLE_RATE })
      await ctx.audioWorklet.addModule(processorUrl!)
      const node = createNode(ctx)
      node.connect(ctx.destination)
      await loadPatch(node, { type: 'patch', patch: compilePatch(`out = osc(saw, ${f}) * 0.5\n`) })
      return ctx.startRendering()
    },
    native: async (f) => {
      const ctx = new OfflineAudioContext({ numberOfChannels: 2, length, sampleRate: SAMPLE_RATE })
      const o = new OscillatorNode(ctx, { periodicWave: sawWave(ctx), frequency: f })
      o.connect(new GainNode(ctx, { gain: 0.5 })).connect(ctx.destination)
      o.start(0)
      return ctx.startRendering()
    },
    faust: (f) => faustRenderCode(`import("stdfaust.lib");\nprocess = os.sawtooth(${f}) * 0.5;`, length),
  }
  const out: SawAlias[] = []
  for (const [engine, render] of Object.entries(renders)) {
    for (const f of ALIAS_FREQS) {
      try {
        const buffer = await render(f)
        out.push({ engine, f, db: aliasDb(buffer.getChannelData(0), f, SAMPLE_RATE) })
      } catch (e) {
        out.push({ engine, f, db: null, error: String(e).split('\n')[0] })
      }
    }
  }
  return out
}

const api = { init, cannot, render, compileLatency, tapCost, blockCost, startCurve, idleWorklet, dspCost, sawAlias }
export type TapBench = typeof api
;(window as unknown as { tapBench: TapBench }).tapBench = api
document.body.dataset.ready = 'true'
