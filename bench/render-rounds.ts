/// Every render of a reference patch, engine by engine and round by round, in fresh pages: the
/// figures `npm run bench` takes the median of, shown one by one, to see whether a slow median is
/// one engine's or the machine's (several engines slow in the same rounds), and whether it holds
/// for a page or for a render.
///
///   npx tsx bench/render-rounds.ts [P1|P2|P4] [rounds] [pages] [engines] [gap ms]
///   npx tsx bench/render-rounds.ts P1 12 3 ours,faust,native 300
///
/// Each page: one warm-up render per engine, then `rounds` rounds with the engines interleaved as
/// the bench interleaves them (page/main.ts: each render from a collected heap, each engine's
/// worklet in a fresh scope). Prints x realtime per render as whole/second half, and per engine
/// the median of the page's renders.

import { DURATION, type PatchId } from './patches.ts'
import { median } from './report.ts'
import { openToolPage } from './tool-page.ts'
import type { TapBench } from './page/main.ts'

const [idArg, roundsArg, pagesArg, enginesArg, gapArg] = process.argv.slice(2)
const id = (idArg ?? 'P1') as PatchId
if (!['P1', 'P2', 'P4'].includes(id)) throw new Error('usage: render-rounds.ts [P1|P2|P4] [rounds] [pages] [engines] [gap ms]')
const rounds = Number(roundsArg ?? 8)
const pages = Number(pagesArg ?? 2)
const engines = (enginesArg ?? 'ours,faust,native').split(',')
/// Milliseconds of rest before each render, after the one before it.
const gapMs = Number(gapArg ?? 0)
const seconds = DURATION[id]

for (let p = 0; p < pages; p++) {
  const { page, close } = await openToolPage()
  try {
    const rows: Record<string, { whole: number; warm: number }[]> = {}
    const req = { patch: id, n: 0, seconds }
    const runnable: string[] = []
    for (const engine of engines) {
      const why = await page.evaluate(([e, r]) => (window as unknown as { tapBench: TapBench }).tapBench.cannot(e, r), [engine, req] as const)
      if (why) console.log(`  ${engine}: cannot render ${id}: ${why}`)
      else runnable.push(engine)
    }
    for (let k = 0; k <= rounds; k++) {
      for (const engine of runnable) {
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs))
        const r = await page.evaluate(([e, q]) => (window as unknown as { tapBench: TapBench }).tapBench.render(e, q), [engine, req] as const)
        if (k > 0) (rows[engine] ??= []).push({ whole: (1000 * seconds) / r.wallMs, warm: (500 * seconds) / r.warmMs })
      }
    }
    console.log(`${new Date().toISOString().slice(11, 19)} page ${p + 1} of ${pages}: ${id}, x realtime whole/second half, ${rounds} rounds${gapMs ? `, ${gapMs} ms between renders` : ''}`)
    for (const [engine, rs] of Object.entries(rows)) {
      const runs = rs.map((r) => `${r.whole.toFixed(0)}/${r.warm.toFixed(0)}`).join(' ')
      console.log(`  ${engine.padEnd(7)} median ${median(rs.map((r) => r.whole)).toFixed(0).padStart(4)} | ${runs}`)
    }
  } finally {
    await close()
  }
}
