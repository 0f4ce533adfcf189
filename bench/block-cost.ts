/// The engine's cost per block of P1, P2 and P4, in Chromium's AudioWorkletGlobalScope (the bench
/// page's 'tapline-timer', no worklet call or offline context around it) and in Node, side by
/// side: the quick check of a kernel change in the browser's V8, which may differ from Node's.
///
///   npx tsx bench/block-cost.ts [runs]
///   JS_FLAGS=--trace-opt,--trace-deopt DEBUG=pw:browser npx tsx bench/block-cost.ts 3   # V8's tiering, on stderr
///
/// Each run: a fresh engine, 1 s of blocks to warm up, 2 s timed back to back. Medians printed.

import { warmEngine, warmKernels } from '../worklet/engine/warmup.ts'
import { SAMPLE_RATE, patchText, type PatchId } from './patches.ts'
import { median } from './report.ts'
import { openToolPage } from './tool-page.ts'
import { compiled, msPerBlock } from './node.ts'
import type { TapBench } from './page/main.ts'

const PATCHES: PatchId[] = ['P1', 'P2', 'P4']
const runs = Number(process.argv[2] ?? 5)

function nodeCost(id: PatchId): number[] {
  const patch = compiled(patchText(id))
  return Array.from({ length: runs }, () => 1000 * msPerBlock(patch, []))
}

warmKernels(SAMPLE_RATE)
warmEngine(SAMPLE_RATE)
const { page, close } = await openToolPage()
try {
  console.log('| patch | Chromium worklet scope, µs per block | Node, µs per block | runs (Chromium) |')
  console.log('| ----- | ---------------------------------- | ------------------ | --------------- |')
  for (const id of PATCHES) {
    if (process.env.JS_FLAGS) console.error(`${new Date().toISOString()} block-cost: ${id} starts`)
    const c = await page.evaluate(([p, n]) => (window as unknown as { tapBench: TapBench }).tapBench.blockCost(p as PatchId, n as number), [id, runs])
    const nd = nodeCost(id)
    console.log(`| ${id} | ${median(c.us).toFixed(1)} | ${median(nd).toFixed(1)} | ${c.us.map((x) => x.toFixed(1)).join(' ')} |`)
  }
} finally {
  await close()
}
