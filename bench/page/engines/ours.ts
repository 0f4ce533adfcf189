/// This project: the patch text through the real compiler (`src/language/compile.ts`) and the real
/// worklet (`worklet/processor.ts`, registered as 'tapline'), posted as the IDE posts a new shape:
/// `{type: 'patch'}` with the code the page generated (`patchMessage`, src/audio/host.ts).
///
/// Both modules are found with `import.meta.glob`, so the bench page builds (and the peers run)
/// on a branch where the compiler or the engine has not landed yet; the table then says so.

import type { CompileResult } from '../../../src/language/patch-data.ts'
import { patchMessage, type FromEngine, type ToEngine } from '../../../worklet/protocol.ts'
import { generate } from '../../../worklet/engine/codegen.ts'
import type { Generated } from '../../../worklet/engine/generated.ts'
import { patchText } from '../../patches.ts'
import { SAMPLE_RATE, frames, timedRendering, type Engine, type RenderRequest } from './engine.ts'

type CompileFn = (text: string) => CompileResult

const compileModules = import.meta.glob<{ compile: CompileFn }>('../../../src/language/compile.ts')
const processorUrls = import.meta.glob<string>('../../../worklet/processor.ts', { query: '?worker&url', import: 'default', eager: true })
const timerUrls = import.meta.glob<string>('../timer-processor.ts', { query: '?worker&url', import: 'default', eager: true })

export const processorUrl: string | null = Object.values(processorUrls)[0] ?? null
/// The 'tapline-timer' processor (../timer-processor.ts): the same engine, timed in the worklet scope.
export const timerProcessorUrl: string | null = Object.values(timerUrls)[0] ?? null
let compileFn: CompileFn | null = null

/// Loads the compiler; returns what is missing, or null when this project can run.
export async function loadOurs(): Promise<string | null> {
  const load = Object.values(compileModules)[0]
  if (load) compileFn = (await load()).compile
  const missing = [!compileFn && 'src/language/compile.ts', !processorUrl && 'worklet/processor.ts'].filter(Boolean)
  return missing.length ? `not on this branch yet: ${missing.join(', ')}` : null
}

export function compilePatch(text: string) {
  if (!compileFn) throw new Error('the compiler is not loaded')
  const result = compileFn(text)
  if (!result.patch) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error')
    throw new Error(`patch does not compile: ${errors.map((d) => `${d.line}:${d.col} ${d.message}`).join('; ')}`)
  }
  return result.patch
}

export function createNode(ctx: BaseAudioContext): AudioWorkletNode {
  return new AudioWorkletNode(ctx, 'tapline', { numberOfInputs: 0, numberOfOutputs: 1, outputChannelCount: [2] })
}

/// Posts a patch and resolves with the engine's 'loaded' reply (or rejects on a fault or a timeout).
export function loadPatch(node: AudioWorkletNode, patch: ToEngine & { type: 'patch' }, timeoutMs = 60_000): Promise<FromEngine & { type: 'loaded' }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no 'loaded' reply from the engine within ${timeoutMs} ms`)), timeoutMs)
    node.port.onmessage = (e: MessageEvent<FromEngine>) => {
      if (e.data.type === 'loaded') {
        clearTimeout(timer)
        resolve(e.data)
      } else if (e.data.type === 'fault') {
        clearTimeout(timer)
        reject(new Error(`engine fault: ${e.data.message}`))
      }
    }
    node.port.postMessage(patch)
  })
}

type Patch = ReturnType<typeof compilePatch>

/// What 'tapline-timer' (../timer-processor.ts) is asked and answers.
export type TimerRequest =
  | { type: 'ready'; patch: Patch; code?: Generated }
  | { type: 'blocks'; patch: Patch; code?: Generated; taps: string[]; warm: number; timed: number }
  | { type: 'curve'; patch: Patch; code?: Generated; blocks: number; every: number }
export interface TimerReply {
  /// The clock the worklet scope offered (it has no performance.now()).
  clock: string
  /// `ready`: the load, and the first block after it.
  loadMs?: number
  firstBlockMs?: number
  /// `curve`: the clock before the first block and after every `every` blocks.
  marks?: number[]
  /// `curve`: the scope's start (tables and warm-up) in ms.
  startMs?: number
  /// `blocks`: the timed blocks in all.
  ms?: number
  error?: string
}

export function createTimer(ctx: BaseAudioContext): AudioWorkletNode {
  return new AudioWorkletNode(ctx, 'tapline-timer', { numberOfInputs: 0, numberOfOutputs: 1, outputChannelCount: [2] })
}

/// Sends one request to a 'tapline-timer' node and resolves with its answer.
export function askTimer(node: AudioWorkletNode, req: TimerRequest, timeoutMs = 60_000): Promise<TimerReply> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer from 'tapline-timer' within ${timeoutMs} ms`)), timeoutMs)
    node.port.onmessage = (e: MessageEvent<TimerReply>) => {
      clearTimeout(timer)
      if (e.data.error) reject(new Error(`the engine refused the patch: ${e.data.error}`))
      else resolve(e.data)
    }
    node.port.postMessage(req)
  })
}

const messages = new Map<string, ToEngine & { type: 'patch' }>()

/// The text compiled, and its message with the code generated here.
function newShape(text: string): ToEngine & { type: 'patch' } {
  const patch = compilePatch(text)
  return patchMessage(patch, generate(patch)) as ToEngine & { type: 'patch' }
}
let missing: string | null = 'not loaded'

export async function initOurs(): Promise<string | null> {
  missing = await loadOurs()
  return missing
}

export const ours: Engine = {
  name: 'this project',
  cannot: () => missing,
  async render(req: RenderRequest) {
    const text = patchText(req.patch, req.n)
    // The patch and its code, as the IDE posts them: the page generates a new shape's code. Posted
    // without it, the worklet generated the code itself before the render, and V8's optimising
    // compiles of the generator then ran beside the render's first blocks on this machine's two
    // cores (P3, N = 1024: its first 35 blocks at 300-900 us against 100; bench/PROFILE.md,
    // session 25).
    const message = messages.get(text) ?? newShape(text)
    messages.set(text, message)
    const ctx = new OfflineAudioContext({ numberOfChannels: 2, length: frames(req.seconds), sampleRate: SAMPLE_RATE })
    // A fresh worklet scope each render: its start (module, tables, warm-up) comes before the
    // timed render, as Faust's compile and node do; the row's note gives it.
    const t0 = performance.now()
    await ctx.audioWorklet.addModule(processorUrl!)
    const node = createNode(ctx)
    node.connect(ctx.destination)
    await loadPatch(node, message)
    const startMs = performance.now() - t0
    return { ...(await timedRendering(ctx)), extra: { startMs } }
  },
}
