/// A long live-coding session on one engine, in Node: a patch of several delay lines whose times are
/// edited (each a values-only load that may grow a line) and whose other nodes come and go (shape
/// edits), 3,000 loads in all, with blocks played between them. Prints, per 500 loads, how many
/// of the rows and delay lines the loads took came from outside the DSP memory's arena (memory of
/// their own, which a load may have to fault in on the audio thread), the arena's free memory, and
/// the slowest loads with their first block (the code generated beforehand, as the page does). In
/// this one process the compiler's and generator's garbage is collected during loads too; most
/// loads over 1.3 ms here coincide with such a scavenge (--trace-gc), which the worklet, whose heap
/// sees only the loads', does not have.
///
///   npx tsx bench/arena-session.ts [delay lines, 8] [loads, 3000]
///
/// The edits come from a fixed seed, so two checkouts play the same session.

import { compile } from '../src/language/compile.ts'
import { DSP_MEMORY } from '../worklet/dsp/dsp-memory.ts'
import { generate } from '../worklet/engine/codegen.ts'
import { Engine } from '../worklet/engine/engine.ts'
import { arenaFree } from '../worklet/engine/memory.ts'
import { warmScope } from '../worklet/engine/warmup.ts'

const lines = Number(process.argv[2] ?? 8)
const loads = Number(process.argv[3] ?? 3000)
warmScope(48000)
const engine = new Engine(48000)
const L = new Float32Array(128), R = new Float32Array(128)
let seed = 1
const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff
const times = Array.from({ length: lines }, () => 0.1)
let others = 0
const text = () => {
  const delays = times.map((t, i) => `node dl${i} = delay(osc(saw, ${110 + i}) * 0.1 + dl${i} * 0.3, ${t.toFixed(3)}, 0.2)`)
  const filters = Array.from({ length: others }, (_, i) => `node x${i} = filter(lp, osc(saw, ${200 + i}), 900, 0.5)`)
  const sum = [...times.map((_, i) => `dl${i}`), ...Array.from({ length: others }, (_, i) => `x${i}`)].join(' + ')
  return [...delays, ...filters, `out = (${sum}) * 0.05`].join('\n')
}
/// The running program's work rows and delay lines: what a load asks the arena for.
type Program = { W: Float64Array; buffers: Float32Array[] }
const rowsAndLines = (prog: Program) => [prog.W, ...prog.buffers]

let taken = 0, outside = 0, rebuilt = 0
let before = new Set<Float32Array | Float64Array>()
const slow: number[] = []
for (let k = 1; k <= loads; k++) {
  if (random() < 0.7) times[Math.floor(random() * lines)] = 0.05 + random() * 3.9
  else others = Math.max(0, Math.min(150, others + Math.floor(random() * 21) - 10))
  const r = compile(text())
  if (!r.patch) throw new Error(r.diagnostics[0].message)
  const code = generate(r.patch)
  const t0 = performance.now()
  if (engine.load(r.patch, code).rebuilt) rebuilt++
  engine.process(L, R)
  slow.push(performance.now() - t0)
  const prog = (engine as unknown as { prog: Program }).prog
  // The arrays this load took (a delay line kept by key is the previous program's).
  const now = new Set(rowsAndLines(prog))
  for (const a of now) if (!before.has(a)) {
    taken++
    if (a.buffer !== DSP_MEMORY.buffer) outside++
  }
  before = now
  for (let b = 0; b < 20; b++) engine.process(L, R)
  if (k % 500 === 0) {
    const free = arenaFree()
    slow.sort((a, b) => b - a)
    console.log(
      `loads ${k} (shape ${rebuilt}): rows and lines taken ${taken}, outside the arena ${outside};`,
      `arena free ${(free.bytes / 2 ** 20).toFixed(1)} MB in ${free.extents} extents, largest ${(free.largest / 2 ** 20).toFixed(2)} MB;`,
      `slowest load + first block ${slow.slice(0, 3).map((x) => x.toFixed(2)).join(', ')} ms`,
    )
    slow.length = 0
  }
}
