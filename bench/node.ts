/// `npm run bench -- --node`: this project's compiler and engine in Node, no browser, for quick
/// iteration on the engine. The same patches and figures as the browser run, without the peers;
/// plus the hot-reload figure (the block that swaps in an edited P1, against the render budget).
/// `--quick` renders fewer runs. `--patch P1` (or P2, P3, P4) limits it to one patch, which is what
/// to profile with `node --cpu-prof --import tsx bench/run.ts --node --patch P1` (`--n 256` for one P3 size).

import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { fileURLToPath } from 'node:url'
import { parser } from '../grammar/parser.js'
import { compile } from '../src/language/compile.ts'
import { novelCode } from './novel-code.ts'
import { allLongRounds, allShortRounds } from '../src/language/warmup.ts'
import type { CompiledPatch } from '../src/language/patch-data.ts'
import { generate } from '../worklet/engine/codegen.ts'
import { Engine } from '../worklet/engine/engine.ts'
import { warmEngine, warmKernels, warmScope } from '../worklet/engine/warmup.ts'
import { DURATION, P3_SCAN_N, P3_TABLE_N, p3Seconds, SAMPLE_RATE, longText, p1Text, patchText, tapsText, type PatchId } from './patches.ts'
import { TAPS, tapEngineRows } from './ide-taps.ts'
import { firstParses } from './parse-cost.ts'
import { addReferenceRows } from './reference.ts'
import { OURS, READY, checkRms, num, compileEntry, compileTable, extraTable, maxNTable, median, renderTable, rmsSummary, type CompileEntry, type ExtraEntry, type MaxNEntry, type Row } from './report.ts'

const BLOCK = 128

export function compiled(text: string): CompiledPatch {
  const r = compile(text)
  if (!r.patch) throw new Error(`patch does not compile: ${r.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`).join('; ')}`)
  return r.patch
}

interface Timed {
  seconds: number
  wallMs: number
  warmMs: number
  rms: number
  /// Slowest block, in ms.
  maxBlockMs: number
}

/// A fresh engine (as a fresh worklet would be), the patch loaded, `seconds` rendered block by block.
function renderOnce(patch: CompiledPatch, seconds: number): Timed {
  const frames = Math.round((seconds * SAMPLE_RATE) / (2 * BLOCK)) * 2 * BLOCK
  const engine = new Engine(SAMPLE_RATE)
  const load = engine.load(patch)
  if (!load.ok) throw new Error('the engine refused the patch')
  const left = new Float32Array(BLOCK), right = new Float32Array(BLOCK)
  let sum = 0, maxBlock = 0, tHalf = 0
  const t0 = performance.now()
  for (let off = 0; off < frames; off += BLOCK) {
    if (off === frames / 2) tHalf = performance.now()
    const b0 = performance.now()
    engine.process(left, right)
    const b = performance.now() - b0
    if (b > maxBlock) maxBlock = b
    for (let i = 0; i < BLOCK; i++) sum += left[i] * left[i]
  }
  const t1 = performance.now()
  // Its memory to the next run, as a worklet's programs leave theirs to the next patch (memory.ts).
  engine.dispose()
  return { seconds: frames / SAMPLE_RATE, wallMs: t1 - t0, warmMs: t1 - tHalf, rms: Math.sqrt(sum / frames), maxBlockMs: maxBlock }
}

function measure(patch: PatchId, n: number, seconds: number, runs: number): Row {
  const p = compiled(patchText(patch, n))
  const results: Timed[] = []
  for (let k = 0; k <= runs; k++) {
    const r = renderOnce(p, seconds)
    if (k > 0) results.push(r)
  }
  const xs = results.map((r) => r.seconds / (r.wallMs / 1000))
  return {
    patch, ...(patch === 'P3' ? { n } : {}), engine: OURS,
    x_realtime: median(xs),
    x_realtime_warm: median(results.map((r) => r.seconds / 2 / (r.warmMs / 1000))),
    rms: median(results.map((r) => r.rms)),
    ratio: 1,
    runs: xs.map((x) => Math.round(x * 100) / 100),
    extra: { max_block_ms: median(results.map((r) => r.maxBlockMs)) },
    note: `slowest block ${median(results.map((r) => r.maxBlockMs)).toFixed(2)} ms (budget ${((BLOCK / SAMPLE_RATE) * 1000).toFixed(2)})`,
  }
}

/// A live edit of P1 while it plays: render 1 s, load the edited patch, time the block after it
/// (load plus the first block of the new function), and the slowest of the next 0.5 s.
export function hotReload(runs: number): ExtraEntry[] {
  const base = compiled(p1Text())
  // A shape change (one voice's filter becomes a highpass: new function, state carried over) and a
  // values-only change (a number edited: no rebuild).
  const shape = compiled(p1Text().replace('filter(lp, saws3', 'filter(hp, saws3'))
  const values = compiled(p1Text().replace('0.4)', '0.45)'))
  const budget = (BLOCK / SAMPLE_RATE) * 1000
  const out: ExtraEntry[] = []
  for (const [what, edit] of [['shape edit (rebuild)', shape], ['number edit (values only)', values]] as const) {
    const swap: number[] = [], load: number[] = [], after: number[] = []
    for (let k = 0; k <= runs; k++) {
      const engine = new Engine(SAMPLE_RATE)
      engine.load(base)
      const l = new Float32Array(BLOCK), r = new Float32Array(BLOCK)
      for (let i = 0; i < SAMPLE_RATE / BLOCK; i++) engine.process(l, r)
      // The page generates a new shape's code before posting it (src/audio/host.ts), so the audio
      // thread's load only instantiates it.
      const code = edit.shapeKey === base.shapeKey ? undefined : novelCode(generate(edit))
      const t0 = performance.now()
      const res = engine.load(edit, code)
      const t1 = performance.now()
      engine.process(l, r)
      const t2 = performance.now()
      let worst = 0
      for (let i = 0; i < SAMPLE_RATE / 2 / BLOCK; i++) {
        const b0 = performance.now()
        engine.process(l, r)
        worst = Math.max(worst, performance.now() - b0)
      }
      if (!res.ok) throw new Error('edit refused')
      if (k > 0) {
        load.push(t1 - t0)
        swap.push(t2 - t0)
        after.push(worst)
      }
    }
    out.push({ measure: `hot reload of P1, ${what}: load + the swapping block`, value: median(swap), unit: 'ms', note: `load ${median(load).toFixed(2)} ms; budget ${budget.toFixed(2)} ms per block, half is ${(budget / 2).toFixed(2)}; slowest block in the next 0.5 s ${median(after).toFixed(2)} ms (Node)` })
  }
  return out
}

/// Milliseconds per block of a fresh engine playing `patch` with `taps` tapped: 1 s to warm up,
/// then 2 s timed back to back, the tap frame taken every 12 blocks as the worklet does.
export function msPerBlock(patch: CompiledPatch, taps: string[]): number {
  const blocks = (s: number) => Math.round((s * SAMPLE_RATE) / BLOCK)
  const l = new Float32Array(BLOCK), r = new Float32Array(BLOCK)
  const engine = new Engine(SAMPLE_RATE)
  engine.load(patch)
  engine.setTaps(taps)
  const run = (n: number) => {
    for (let b = 1; b <= n; b++) {
      engine.process(l, r)
      if (taps.length && b % 12 === 0) engine.taps()
    }
  }
  run(blocks(1))
  const t0 = performance.now()
  run(blocks(2))
  return (performance.now() - t0) / blocks(2)
}

/// The engine's side of 40 live taps, as the browser run times it in the worklet scope
/// (page/timer-processor.ts): fresh engines with no taps and with all 40, interleaved run by run,
/// 1 s to warm up then 2 s timed, the tap frame taken every 12 blocks as the worklet does.
export function tapEngineCost(runs: number): ExtraEntry[] {
  const patch = compiled(tapsText(TAPS))
  const names = Array.from({ length: TAPS }, (_, i) => `n${i + 1}`)
  const perBlock: Record<'off' | 'on', number[]> = { off: [], on: [] }
  for (let k = 0; k <= runs; k++) {
    for (const on of [false, true]) {
      const ms = msPerBlock(patch, on ? names : [])
      if (k > 0) perBlock[on ? 'on' : 'off'].push(ms)
    }
  }
  return tapEngineRows(perBlock.off, perBlock.on, 'Node', `1 s warm-up then 2 s timed per run, median of ${runs}`)
}

/// Garbage the engine leaves per block: what the audio thread's collector has to sweep, in pauses
/// of 0.1-8 ms each on this machine. The aim is none: a double passed to or returned from a call V8
/// does not inline is boxed (16 bytes), a builtin's double argument too, and an out-of-bounds read
/// makes V8 reoptimise for undefined and box what follows. V8's sampling heap profiler (every 64
/// bytes, collected objects counted) over 5,000 blocks after 5,000 warm ones, in Node (the worklet
/// scope has no heap figures; the same V8 code paths). The patches play one after another in one
/// process, as a session plays them: what V8 inlines, and so what it boxes, depends on what ran
/// before. A few bytes a block are the measurement's own and the engine's rare events (the
/// profiler's messages, the load meter's clock, a poly's notes): 1-9 in the runs of session 10.
/// The scope is warmed first, as the worklet's is before its first patch (processor.ts): in a cold
/// process code that runs once in 32 blocks (the engine's heap scan) is still interpreted here,
/// and the interpreter boxes every number it reads (40-50 bytes a block that the worklet never
/// sees).
export async function allocationRows(): Promise<ExtraEntry[]> {
  warmScope(SAMPLE_RATE)
  const { Session } = await import('node:inspector/promises')
  const dir = fileURLToPath(new URL('../patches/', import.meta.url))
  const demos = readdirSync(dir).filter((f) => f.endsWith('.patch')).sort()
  const texts: [string, string][] = [
    ...(['P1', 'P2', 'P4'] as PatchId[]).map((id): [string, string] => [id, patchText(id)]),
    ['200-line patch', longText()],
    ...demos.map((f): [string, string] => [f, readFileSync(dir + f, 'utf8')]),
  ]
  const session = new Session()
  session.connect()
  const bytes = new Map<string, number>()
  const l = new Float32Array(BLOCK), r = new Float32Array(BLOCK)
  try {
    for (const [name, text] of texts) {
      const engine = new Engine(SAMPLE_RATE)
      engine.load(compiled(text))
      for (let b = 0; b < 5000; b++) engine.process(l, r)
      await session.post('HeapProfiler.startSampling', { samplingInterval: 64, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true })
      for (let b = 0; b < 5000; b++) engine.process(l, r)
      const { profile } = await session.post('HeapProfiler.stopSampling')
      bytes.set(name, sampledBytes(profile.head) / 5000)
      engine.dispose()
    }
  } finally {
    session.disconnect()
  }
  const note = 'V8\'s sampling heap profiler over 5,000 warm blocks, Node; the patches one after another in one process'
  const rows: ExtraEntry[] = texts.slice(0, 4).map(([name]) => ({ measure: `${name}: garbage per block (Node)`, value: bytes.get(name)!, unit: 'bytes', note }))
  const worst = demos.reduce((a, f) => (bytes.get(f)! > bytes.get(a)! ? f : a), demos[0])
  if (worst) {
    rows.push({
      measure: `the ${demos.length} patches in patches/: garbage per block, the most (Node)`,
      value: bytes.get(worst)!,
      unit: 'bytes',
      note: `${worst}; median ${num(median(demos.map((f) => bytes.get(f)!)))} bytes; ${note}`,
    })
  }
  return rows
}

interface SamplingNode { selfSize: number; children: SamplingNode[] }
const sampledBytes = (n: SamplingNode): number => n.children.reduce((s, c) => s + sampledBytes(c), n.selfSize)

/// A first patch right after the worklet's warm-up, each in a fresh process (bench/first-blocks.ts):
/// its first 200 blocks against the 2,000 after, median of `runs` processes.
export function startRows(runs: number): ExtraEntry[] {
  const script = fileURLToPath(new URL('./first-blocks.ts', import.meta.url))
  return (['P1', 'P2', 'P4'] as PatchId[]).map((id) => {
    const first: number[] = [], steady: number[] = []
    for (let k = 0; k < Math.max(1, runs); k++) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', script, id], { encoding: 'utf8' })
      const r = JSON.parse(out.trim().split('\n').pop()!) as { first: number; steady: number }
      first.push(r.first)
      steady.push(r.steady)
    }
    return {
      measure: `${id}: first 200 blocks after the warm-up (Node, fresh process)`,
      value: median(first),
      unit: 'µs per block',
      note: `the 2,000 blocks after: ${num(median(steady))} µs per block; median of ${first.length} processes`,
    }
  })
}

/// The editor's first parses of the 200-line patch after the IDE's warm-up (bench/parse-cost.ts):
/// what opening a long patch costs, and what a second parser in the page had made of it.
export function parseRows(runs: number): ExtraEntry[] {
  const r = firstParses(Math.max(1, runs))
  const edits = r.flatMap((x) => x.edits)
  return [{
    measure: "IDE: the editor's first whole parse of the 200-line patch after the IDE's warm-up (Node, fresh process)",
    value: median(r.map((x) => x.whole)),
    unit: 'ms',
    note: `its first ten edits after it: median ${num(median(edits))} ms, the slowest ${num(Math.max(...edits))}; median of ${r.length} processes (bench/parse-cost.ts)`,
  }]
}

export async function runNode(opts: { quick: boolean; patch?: string; n?: number }): Promise<void> {
  const runs = opts.quick ? 1 : 5
  const log = (...a: unknown[]) => console.error('[bench --node]', ...a)
  const only = opts.patch as PatchId | undefined
  const rows: Row[] = []
  // As the worklet does when it starts (worklet/processor.ts).
  log(`kernels warmed in ${warmKernels(SAMPLE_RATE)} ms, the engine in ${warmEngine(SAMPLE_RATE)} ms`)
  for (const patch of ['P1', 'P2', 'P4'] as PatchId[]) {
    if (only && only !== patch) continue
    log(`rendering ${patch}`)
    rows.push(measure(patch, 0, DURATION[patch], runs))
  }
  if (!only || only === 'P3') {
    for (const n of opts.n ? [opts.n] : P3_TABLE_N) {
      // Past an N rendered slower than realtime, each run would take minutes.
      const slow = rows.find((r) => r.patch === 'P3' && (r.x_realtime ?? 0) < 1)
      if (slow) {
        rows.push({ patch: 'P3', n, engine: OURS, x_realtime: null, x_realtime_warm: null, rms: null, ratio: null, note: `skipped: N=${slow.n} already ran at ${slow.x_realtime?.toFixed(2)}x realtime` })
        continue
      }
      log(`rendering P3 N=${n}`)
      rows.push(measure('P3', n, p3Seconds(n), runs))
    }
  }
  addReferenceRows(rows)
  const rmsBad = checkRms(rows)
  console.log(renderTable(rows))
  console.log('\n' + rmsSummary(rows, rmsBad))
  if (only) return

  const scan: MaxNEntry = { engine: OURS, p3_max_n: null, scan: [] }
  for (const n of P3_SCAN_N) {
    const row = rows.find((r) => r.engine === OURS && r.patch === 'P3' && r.n === n) ?? measure('P3', n, p3Seconds(n), runs)
    scan.scan.push({ n, x_realtime: row.x_realtime })
    if (row.x_realtime == null || row.x_realtime < 2) break
    scan.p3_max_n = n
  }
  console.log('\n' + maxNTable([scan]))

  // Text to ready to sound: compile() (parse included), a fresh engine's load() (code generation
  // and instantiation), its first block; the same steps as the browser run, all on one thread here.
  const compiles: CompileEntry[] = []
  // Before the warm-up, the compiler has only compiled the patches above: the first edits on a
  // page that has not yet warmed it (in idle time after it starts) meet this.
  const cold: number[] = []
  for (let k = 0; k <= runs; k++) {
    const t0 = performance.now()
    compiled(longText())
    if (k > 0) cold.push(performance.now() - t0)
  }
  compiles.push(compileEntry(OURS, '200-line compile(), compiler not warmed', cold))
  // As the IDE does after it starts (src/main.ts), with a long patch in its editor (as here).
  const dir = fileURLToPath(new URL('../patches/', import.meta.url))
  const examples = readdirSync(dir).filter((f) => f.endsWith('.patch')).sort().map((f) => readFileSync(dir + f, 'utf8'))
  const w0 = performance.now()
  allShortRounds(examples, generate)
  log(`compiler warmed in ${(performance.now() - w0).toFixed(0)} ms`)
  allLongRounds(generate)
  for (const [what, text] of [['P1', p1Text()], ['200-line', longText()]] as const) {
    const ready: number[] = [], c: number[] = [], gen: number[] = [], l: number[] = [], first: number[] = []
    const left = new Float32Array(BLOCK), right = new Float32Array(BLOCK)
    for (let k = 0; k <= runs; k++) {
      const engine = new Engine(SAMPLE_RATE)
      const t0 = performance.now()
      const patch = compiled(text)
      const t1 = performance.now()
      // As the IDE: the page generates the code, the worklet loads it (src/audio/host.ts).
      const code = novelCode(generate(patch))
      const tg = performance.now()
      const res = engine.load(patch, code)
      const t2 = performance.now()
      engine.process(left, right)
      const t3 = performance.now()
      if (!res.ok) throw new Error('load refused')
      engine.dispose()
      if (k > 0) {
        ready.push(t3 - t0)
        c.push(t1 - t0)
        gen.push(tg - t1)
        l.push(t2 - tg)
        first.push(t3 - t2)
      }
    }
    compiles.push(compileEntry(OURS, `${what} ${READY}`, ready))
    compiles.push(compileEntry(OURS, `${what} compile()`, c))
    compiles.push(compileEntry(OURS, `${what} generate()`, gen))
    compiles.push(compileEntry(OURS, `${what} engine.load(patch, code)`, l))
    compiles.push(compileEntry(OURS, `${what} first block`, first))
  }
  // Compiles alone, back to back. Above, each compile follows a load, whose delay buffers (16 MB
  // for the 200-line patch) make V8 collect during the compile: in the browser the engine has the
  // worklet's heap and the compiler the page's. Then the editor's path: CodeMirror has the tree
  // (parsed incrementally as you type).
  const text = longText()
  const tree = parser.parse(text)
  const alone: number[] = [], withTree: number[] = []
  for (let k = 0; k <= runs; k++) {
    const t0 = performance.now()
    compiled(text)
    const t1 = performance.now()
    compile(text, tree)
    if (k > 0) alone.push(t1 - t0), withTree.push(performance.now() - t1)
  }
  compiles.push(compileEntry(OURS, '200-line compile(), no loads between', alone))
  compiles.push(compileEntry(OURS, '200-line compile(text, tree)', withTree))
  console.log('\n' + compileTable(compiles))
  console.log('\n' + extraTable([...hotReload(runs), ...tapEngineCost(runs), ...(await allocationRows()), ...startRows(runs), ...parseRows(runs)]))
  console.log(`\nNode ${process.version}, ${cpus().length} × ${cpus()[0]?.model}`)
}
