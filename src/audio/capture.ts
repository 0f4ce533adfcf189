/// A recorder of what reaches the speakers, for the browser tests and for anyone debugging a
/// patch from the console: `await __tapline.capture.start()`, play, `__tapline.capture.stop()`.
/// It costs nothing until started (the recorder worklet is loaded on first use).

// A processor small enough to ship as text: it copies channel 0 of each quantum into 2048-frame
// chunks and posts each chunk with the context frame of its first sample. A chunk holds only
// consecutive quanta: when a quantum's frame is not the one after the last (process() was not
// called for some: in one CI run, frames went missing around a suspend), the chunk so far is
// posted on its own, so that the frames it missed show up in the recording where they were
// missed, not at the chunk's end with the quanta after them shifted.
export const captureProcessorSource = `
class TaplineCapture extends AudioWorkletProcessor {
  constructor() {
    super()
    this.on = false
    this.chunk = new Float32Array(2048)
    this.n = 0
    this.first = 0
    this.port.onmessage = (e) => { this.on = e.data; this.n = 0 }
  }
  process(inputs) {
    if (!this.on) return true
    const ch = inputs[0] && inputs[0][0]
    if (this.n > 0 && currentFrame !== this.first + this.n) this.post()
    if (this.n === 0) this.first = currentFrame
    if (ch) this.chunk.set(ch, this.n); else this.chunk.fill(0, this.n, this.n + 128)
    this.n += 128
    if (this.n === this.chunk.length) this.post()
    return true
  }
  post() {
    const data = this.n === this.chunk.length ? this.chunk : this.chunk.slice(0, this.n)
    this.port.postMessage({ frame: this.first, data }, [data.buffer])
    if (data === this.chunk) this.chunk = new Float32Array(2048)
    this.n = 0
  }
}
registerProcessor('tapline-capture', TaplineCapture)
`

export interface Capture {
  /// Context frame of the first sample.
  frame: number
  sampleRate: number
  samples: Float32Array
}

export class OutputCapture {
  private node: AudioWorkletNode | null = null
  private chunks: { frame: number; data: Float32Array }[] = []

  constructor(
    private readonly ctx: AudioContext,
    private readonly source: AudioNode,
  ) {}

  /// Starts recording from now (earlier recordings are dropped).
  async start(): Promise<void> {
    if (!this.node) {
      const url = URL.createObjectURL(new Blob([captureProcessorSource], { type: 'text/javascript' }))
      await this.ctx.audioWorklet.addModule(url)
      this.node = new AudioWorkletNode(this.ctx, 'tapline-capture', { numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [1] })
      this.node.port.onmessage = (e) => this.chunks.push(e.data)
      this.source.connect(this.node)
      // Connected to the destination so the graph pulls it; it outputs silence.
      this.node.connect(this.ctx.destination)
    }
    this.chunks = []
    this.node.port.postMessage(true)
  }

  /// What was recorded so far, as one contiguous run (a gap, which would mean lost chunks,
  /// is filled with NaN so that a test cannot miss it).
  read(): Capture {
    return { ...assemble(this.chunks), sampleRate: this.ctx.sampleRate }
  }

  stop(): Capture {
    this.node?.port.postMessage(false)
    return this.read()
  }
}

/// The chunks as one contiguous run from the first one's frame, each at its own frame; frames no
/// chunk holds are NaN.
export function assemble(chunks: readonly { frame: number; data: Float32Array }[]): { frame: number; samples: Float32Array } {
  const first = chunks[0]?.frame ?? 0
  const last = chunks.length ? chunks[chunks.length - 1].frame + chunks[chunks.length - 1].data.length : first
  const samples = new Float32Array(last - first).fill(NaN)
  for (const c of chunks) samples.set(c.data, c.frame - first)
  return { frame: first, samples }
}
