/// How a render's time per block moves from its start to its end, in Chromium: each run is a fresh
/// OfflineAudioContext (so a fresh worklet scope, as every row of the render table) whose
/// 'tapline-timer' processor plays the patch through process() and reads the clock every `every`
/// blocks. Prints µs per block for each stretch: the start of a render against its warm end.
///
///   npx tsx bench/start-curve.ts [runs] [every] [delayMs]
///
/// delayMs waits between the patch's load and the render's start (does waiting help the start?).

import { DURATION, type PatchId } from './patches.ts'
import { openToolPage } from './tool-page.ts'
import type { TapBench } from './page/main.ts'

const PATCHES = (process.env.PATCHES?.split(',') ?? ['P1', 'P2', 'P4']) as PatchId[]
const runs = Number(process.argv[2] ?? 3)
const every = Number(process.argv[3] ?? 125)
const delayMs = Number(process.argv[4] ?? 0)

const { page, close } = await openToolPage()
try {
  console.log(`µs per block, each figure a stretch of ${every} blocks (${((every * 128) / 48).toFixed(0)} ms of audio); delay before the render ${delayMs} ms`)
  for (const id of PATCHES) {
    for (let k = 0; k < runs; k++) {
      const r = await page.evaluate(([p, s, e, d]) => (window as unknown as { tapBench: TapBench }).tapBench.startCurve(p as PatchId, s as number, e as number, d as number), [id, DURATION[id], every, delayMs] as const)
      const us = r.marks.slice(1).map((m, i) => ((m - r.marks[i]) * 1000) / every)
      const total = r.marks[r.marks.length - 1] - r.marks[0]
      console.log(`${id} run ${k + 1}: ${us.map((x) => x.toFixed(0)).join(' ')}  (whole ${(total * 1000 / ((r.marks.length - 1) * every)).toFixed(1)} µs per block; the scope's start ${r.startMs} ms)`)
    }
  }
} finally {
  await close()
}
