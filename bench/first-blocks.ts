/// One reference patch's first blocks in a fresh Node process, right after the worklet's warm-up:
/// what a first patch costs while V8 settles (a kernel the warm-up did not take down the path a
/// patch takes deoptimises on it and runs unoptimised until V8 optimises it again). Prints JSON:
/// microseconds per block over the first 200 blocks and over the 2,000 after. Run by node.ts.
///
///   npx tsx bench/first-blocks.ts P1

import { Engine } from '../worklet/engine/engine.ts'
import { warmEngine, warmKernels } from '../worklet/engine/warmup.ts'
import { compiled } from './node.ts'
import { SAMPLE_RATE, patchText, type PatchId } from './patches.ts'

const id = (process.argv[2] ?? 'P1') as PatchId
warmKernels(SAMPLE_RATE)
warmEngine(SAMPLE_RATE)
const engine = new Engine(SAMPLE_RATE)
engine.load(compiled(patchText(id)))
const L = new Float32Array(128), R = new Float32Array(128)
const t0 = performance.now()
for (let b = 0; b < 200; b++) engine.process(L, R)
const t1 = performance.now()
for (let b = 0; b < 2000; b++) engine.process(L, R)
const t2 = performance.now()
console.log(JSON.stringify({ first: ((t1 - t0) * 1000) / 200, steady: ((t2 - t1) * 1000) / 2000 }))
