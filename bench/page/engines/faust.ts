/// The reference patches as Faust programs (faust-code.ts), compiled in the page by libfaust from
/// @grame/faustwasm (served from the package, no network) and run as its AudioWorklet node.

import { FaustCompiler, FaustMonoDspGenerator, LibFaust, instantiateFaustModuleFromFile } from '@grame/faustwasm'
import { FAUST_OPTIONS, faustCode } from '../../faust-code.ts'
import { SAMPLE_RATE, frames, timedRendering, type Engine, type RenderRequest } from './engine.ts'

let compiler: FaustCompiler | null = null
/// One compiled generator per program text: compiling P3 at N = 1024 takes tens of seconds.
const generators = new Map<string, FaustMonoDspGenerator>()
let serial = 0

/// Loads libfaust (its wasm and its library file system); returns the milliseconds it took.
export async function loadFaust(jsUrl: string): Promise<{ ms: number; version: string }> {
  const t0 = performance.now()
  const module = await instantiateFaustModuleFromFile(jsUrl)
  const lib = new LibFaust(module)
  compiler = new FaustCompiler(lib)
  return { ms: performance.now() - t0, version: lib.version() }
}

async function generator(code: string, name: string): Promise<FaustMonoDspGenerator> {
  if (!compiler) throw new Error('libfaust is not loaded: call loadFaust first')
  const gen = new FaustMonoDspGenerator()
  const ok = await gen.compile(compiler, name, code, FAUST_OPTIONS)
  if (!ok) throw new Error(`Faust could not compile ${name}: ${compiler.getErrorMessage()}`)
  return gen
}

/// The generator of `req`'s program, compiled on first use (`generators`).
async function cachedGenerator(req: RenderRequest): Promise<FaustMonoDspGenerator> {
  const code = faustCode(req.patch, req.n)
  let gen = generators.get(code)
  if (!gen) {
    gen = await generator(code, `${req.patch}_${req.n}`)
    generators.set(code, gen)
  }
  return gen
}

/// Above this N, libfaust's compile of `par(i, N, ...)` takes minutes or overflows its stack
/// (N = 4096 overflows in Node); the table says so instead of waiting.
export const FAUST_MAX_N = 1024

export const faust: Engine = {
  name: 'Faust',
  cannot: (req) => (req.patch === 'P3' && req.n > FAUST_MAX_N ? `libfaust cannot compile par(i, ${req.n}, os.osc) in time` : null),
  async render(req: RenderRequest) {
    const gen = await cachedGenerator(req)
    const ctx = new OfflineAudioContext({ numberOfChannels: 2, length: frames(req.seconds), sampleRate: SAMPLE_RATE })
    const node = await gen.createNode(ctx)
    if (!node) throw new Error('Faust could not create its AudioWorklet node')
    node.connect(ctx.destination)
    return timedRendering(ctx)
  },
}

/// Text in, node ready to sound out: compile (a fresh name, so that no cache answers) and create
/// the AudioWorklet node in `ctx`.
export async function faustCompileMs(code: string, ctx: BaseAudioContext): Promise<number> {
  const t0 = performance.now()
  const gen = await generator(code, `latency_${serial++}`)
  const node = await gen.createNode(ctx)
  const ms = performance.now() - t0
  if (!node) throw new Error('Faust could not create its AudioWorklet node')
  node.disconnect()
  return ms
}

/// `code` rendered alone for `frames` samples in a fresh OfflineAudioContext (one channel out; the
/// saw alias row, ../saw-alias.ts).
export async function faustRenderCode(code: string, length: number): Promise<AudioBuffer> {
  const gen = await generator(code, `code_${serial++}`)
  const ctx = new OfflineAudioContext({ numberOfChannels: 2, length, sampleRate: SAMPLE_RATE })
  const node = await gen.createNode(ctx)
  if (!node) throw new Error('Faust could not create its AudioWorklet node')
  node.connect(ctx.destination)
  return ctx.startRendering()
}

/// Faust's DSP for `req` on the calling thread (its offline processor: the same wasm the node runs),
/// for a comparison of the engines' DSP without the worklet around them.
export async function faustOffline(req: RenderRequest): Promise<{ compute: (L: Float32Array, R: Float32Array) => void }> {
  const gen = await cachedGenerator(req)
  const proc = await gen.createOfflineProcessor(SAMPLE_RATE, 128)
  if (!proc) throw new Error('Faust could not create its offline processor')
  proc.start()
  const inputs: Float32Array[] = []
  return { compute: (L, R) => void proc.compute(inputs, [L, R]) }
}
