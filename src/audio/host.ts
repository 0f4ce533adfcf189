/// The audio host: one AudioContext, the engine's AudioWorkletNode (`'tapline'`, speaking
/// `worklet/protocol.ts`), and a master gain that fades in and out so Play and Stop never click.
///
/// Stop fades out and suspends the context: the engine's clock and state pause, so Play resumes
/// where it stopped. A hidden tab keeps playing (nothing here depends on timers or animation
/// frames); only the taps are paused while hidden, to spare the audio thread.

import type { CompiledPatch } from '../language/patch-data.ts'
import { patchMessage, type FromEngine, type ToEngine } from '../../worklet/protocol.ts'
import { generate } from '../../worklet/engine/codegen.ts'
import type { Generated } from '../../worklet/engine/generated.ts'
// `?worker&url` bundles the processor with its imports into one script for `addModule` (plain
// `?url` would copy raw TypeScript into the build, which a worklet cannot run).
import processorUrl from '../../worklet/processor.ts?worker&url'

export type HostState = 'idle' | 'starting' | 'playing' | 'stopped' | 'error'

const FADE_S = 0.012

export class AudioHost {
  private ctx: AudioContext | null = null
  private node: AudioWorkletNode | null = null
  private master: GainNode | null = null
  private booting: Promise<void> | null = null
  private patch: CompiledPatch | null = null
  /// The code generated for the patch's shape, here rather than on the audio thread.
  private code: Generated | null = null
  private tapNodes: string[] = []
  private hidden = false
  private stopTimer = 0
  private engineListeners = new Set<(msg: FromEngine) => void>()
  private stateListeners = new Set<(state: HostState, detail: string) => void>()
  state: HostState = 'idle'
  detail = ''

  /// The AudioContext, once the engine has booted.
  get context(): AudioContext | null {
    return this.ctx
  }

  /// The node whose output reaches the destination (for meters and test capture).
  get output(): AudioNode | null {
    return this.master
  }

  get playing(): boolean {
    return this.state === 'playing'
  }

  /// Creates the context and loads the engine without sound (the context stays suspended), so
  /// that the sample rate is known and Play starts at once. Safe to call before a user gesture.
  prepare(): Promise<void> {
    this.booting ??= this.boot().catch((e) => {
      this.booting = null
      this.setState('error', e instanceof Error ? e.message : String(e))
      throw e
    })
    return this.booting
  }

  private async boot(): Promise<void> {
    const ctx = new AudioContext({ latencyHint: 'interactive' })
    // With autoplay allowed a new context runs at once: keep it silent until Play.
    if (this.state !== 'playing' && this.state !== 'starting') await ctx.suspend()
    await ctx.audioWorklet.addModule(processorUrl)
    const node = new AudioWorkletNode(ctx, 'tapline', { numberOfInputs: 0, numberOfOutputs: 1, outputChannelCount: [2] })
    node.port.onmessage = (e: MessageEvent<FromEngine>) => {
      for (const l of this.engineListeners) l(e.data)
    }
    node.onprocessorerror = () => this.setState('error', 'The audio engine stopped with an error; reload the page')
    const master = ctx.createGain()
    master.gain.value = 0
    node.connect(master).connect(ctx.destination)
    this.ctx = ctx
    this.node = node
    this.master = master
    if (this.patch) this.post(patchMessage(this.patch, this.code))
    this.sendTaps()
    document.addEventListener('visibilitychange', () => {
      this.hidden = document.visibilityState === 'hidden'
      this.sendTaps()
    })
  }

  async play(): Promise<void> {
    if (this.state === 'playing' || this.state === 'starting') return
    clearTimeout(this.stopTimer)
    this.setState('starting', '')
    try {
      await this.prepare()
      const ctx = this.ctx!
      await ctx.resume()
      const g = this.master!.gain
      g.cancelScheduledValues(ctx.currentTime)
      g.setValueAtTime(g.value, ctx.currentTime)
      g.linearRampToValueAtTime(1, ctx.currentTime + FADE_S)
      this.setState('playing', '')
    } catch (e) {
      this.setState('error', e instanceof Error ? e.message : String(e))
    }
  }

  /// Fades out, then suspends the context once the fade has reached the output.
  stop(): void {
    if (this.state !== 'playing' && this.state !== 'starting') return
    this.setState('stopped', '')
    const ctx = this.ctx
    if (!ctx || !this.master) return
    const g = this.master.gain
    g.cancelScheduledValues(ctx.currentTime)
    g.setValueAtTime(g.value, ctx.currentTime)
    g.linearRampToValueAtTime(0, ctx.currentTime + FADE_S)
    clearTimeout(this.stopTimer)
    this.stopTimer = window.setTimeout(() => {
      if (this.state === 'stopped') void ctx.suspend()
    }, (FADE_S + ctx.baseLatency + 0.03) * 1000)
  }

  /// The patch to play: sent now if the engine is up, and again whenever it boots.
  setPatch(patch: CompiledPatch): void {
    this.patch = patch
    // Code only for a new shape: a values-only edit is applied in place and needs none. Should
    // generation fail, the engine tries itself and reports why.
    if (this.code?.shapeKey !== patch.shapeKey) {
      try {
        this.code = generate(patch)
        this.post(patchMessage(patch, this.code))
        return
      } catch {
        this.code = null
      }
    }
    this.post({ type: 'patch', patch })
  }

  /// Which main-patch nodes the editor shows taps for.
  setTaps(nodes: string[]): void {
    this.tapNodes = nodes
    this.sendTaps()
  }

  /// Any other message to the engine (`control`, `midi`).
  send(msg: ToEngine): void {
    this.post(msg)
  }

  /// Hands tap signal arrays the editor no longer holds back to the engine (transferred, not copied).
  returnTapArrays(arrays: Float32Array[]): void {
    if (arrays.length === 0 || !this.node) return
    this.node.port.postMessage({ type: 'tapArrays', arrays } satisfies ToEngine, arrays.map((a) => a.buffer as ArrayBuffer))
  }

  onEngine(listener: (msg: FromEngine) => void): () => void {
    this.engineListeners.add(listener)
    return () => this.engineListeners.delete(listener)
  }

  onState(listener: (state: HostState, detail: string) => void): () => void {
    this.stateListeners.add(listener)
    return () => this.stateListeners.delete(listener)
  }

  private sendTaps(): void {
    this.post({ type: 'taps', nodes: this.hidden ? [] : this.tapNodes })
  }

  private post(msg: ToEngine): void {
    this.node?.port.postMessage(msg)
  }

  private setState(state: HostState, detail: string): void {
    this.state = state
    this.detail = detail
    for (const l of this.stateListeners) l(state, detail)
  }
}
