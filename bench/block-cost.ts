/// The engine's cost per block of P1, P2 and P4, in Chromium's AudioWorkletGlobalScope (the bench
/// page's 'tapline-timer', no worklet call or offline context around it) and in Node, side by
/// side: the quick check of a kernel change in the browser's V8, which may differ from Node's.
///
///   npx tsx bench/block-cost.ts [runs]
///   JS_FLAGS=--trace-opt,--trace-deopt DEBUG=pw:browser npx tsx bench/block-cost.ts 3   # V8's tiering, on stderr
///
/// Each run: a fresh engine, 1 s of blocks to warm up, 2 s timed back to back. Medians printed.

import { chromium } from '@playwright/test'
import { compile } from '../src/language/compile.ts'
import { Engine } from '../worklet/engine/engine.ts'
import { warmEngine, warmKernels } from '../worklet/engine/warmup.ts'
import { CHROMIUM, CHROMIUM_ARGS } from './browser.ts'
import { SAMPLE_RATE, patchText, type PatchId } from './patches.ts'
import { median } from './report.ts'
import { buildPage, serve } from './serve.ts'
import type { TapBench } from './page/main.ts'

const PATCHES: PatchId[] = ['P1', 'P2', 'P4']
const runs = Number(process.argv[2] ?? 5)

function nodeCost(id: PatchId): number[] {
  const r = compile(patchText(id))
  if (!r.patch) throw new Error(`${id} does not compile`)
  const L = new Float32Array(128), R = new Float32Array(128)
  const blocks = (s: number) => Math.round((s * SAMPLE_RATE) / 128)
  const out: number[] = []
  for (let k = 0; k < runs; k++) {
    const e = new Engine(SAMPLE_RATE)
    e.load(r.patch)
    for (let b = 0; b < blocks(1); b++) e.process(L, R)
    const t0 = performance.now()
    for (let b = 0; b < blocks(2); b++) e.process(L, R)
    out.push((1000 * (performance.now() - t0)) / blocks(2))
  }
  return out
}

warmKernels(SAMPLE_RATE)
warmEngine(SAMPLE_RATE)
await buildPage()
const { server, origin } = await serve()
const jsFlags = process.env.JS_FLAGS ? [`--js-flags=${process.env.JS_FLAGS.replaceAll(',', ' ')}`] : []
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_BIN ?? CHROMIUM, args: [...CHROMIUM_ARGS, ...jsFlags] })
try {
  const page = await browser.newPage()
  await page.goto(`${origin}/index.html`)
  await page.waitForFunction(() => document.body.dataset.ready === 'true')
  await page.evaluate(() => (window as unknown as { tapBench: TapBench }).tapBench.init())
  console.log('| patch | Chromium worklet scope, µs per block | Node, µs per block | runs (Chromium) |')
  console.log('| ----- | ---------------------------------- | ------------------ | --------------- |')
  for (const id of PATCHES) {
    if (process.env.JS_FLAGS) console.error(`${new Date().toISOString()} block-cost: ${id} starts`)
    const c = await page.evaluate(([p, n]) => (window as unknown as { tapBench: TapBench }).tapBench.blockCost(p as PatchId, n as number), [id, runs])
    const nd = nodeCost(id)
    console.log(`| ${id} | ${median(c.us).toFixed(1)} | ${median(nd).toFixed(1)} | ${c.us.map((x) => x.toFixed(1)).join(' ')} |`)
  }
} finally {
  await browser.close()
  server.close()
}
