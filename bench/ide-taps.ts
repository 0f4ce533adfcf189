/// What 40 live taps cost in the real IDE page (the app as built, a realtime AudioContext): the
/// 40-node patch of the tap spec plays while the page's taps are switched off and on in turns, so
/// that whatever else the machine does weighs on both alike. Figures:
///
/// - the engine's load with and without taps: the toolbar's figure, the engine's own share of the
///   block budget, reported 4 times a second (`stats`). The worklet times one block in 32 with
///   `Temporal.Now` (0.1 ms steps, against blocks of a few hundredths of a ms for this patch), so
///   one report is 0 or a jump that decays; their mean over many seconds is unbiased, their
///   median is not;
/// - the editor's drawing: milliseconds per animation frame that drew taps (the page's
///   `__tapline.tapDraw`), frames per second, the slowest frame;
/// - the output device starved (Chromium's `playbackStats`: headless, no sound card), taps on and off.

import type { Browser, Page } from '@playwright/test'
import type {} from '../src/test-hook.ts'
import { tapsText } from './patches.ts'
import { median, type ExtraEntry } from './report.ts'

export const TAPS = 40
/// Rounds of taps off then on (by default), and how long each half lasts (after a settling pause).
const ROUNDS = 4
const PHASE_MS = 2000
const SETTLE_MS = 400

interface Phase {
  loads: number[]
  starvedS: number
  seconds: number
  frames: number
  drawMs: number
  maxFrameMs: number
}

async function stats(page: Page) {
  return page.evaluate(() => {
    const w = window as unknown as { benchLoads: number[] }
    const s = (window.__tapline!.ctx as unknown as { playbackStats?: { underrunDuration: number } }).playbackStats
    return { loads: w.benchLoads.length, starved: s ? s.underrunDuration : NaN, draw: { ...window.__tapline!.tapDraw }, t: performance.now() }
  })
}

async function phase(page: Page, names: string[]): Promise<Phase> {
  await page.evaluate((nodes) => window.__tapline!.host.setTaps(nodes), names)
  await page.waitForTimeout(SETTLE_MS)
  // The slowest frame of this phase alone: reset the page's running maximum.
  await page.evaluate(() => void (window.__tapline!.tapDraw.maxMs = 0))
  const a = await stats(page)
  await page.waitForTimeout(PHASE_MS)
  const b = await stats(page)
  const loads = await page.evaluate(([from, to]) => (window as unknown as { benchLoads: number[] }).benchLoads.slice(from, to), [a.loads, b.loads])
  return {
    loads,
    starvedS: b.starved - a.starved,
    seconds: (b.t - a.t) / 1000,
    frames: b.draw.frames - a.draw.frames,
    drawMs: b.draw.ms - a.draw.ms,
    maxFrameMs: b.draw.maxMs,
  }
}

export async function measureTapCost(browser: Browser, origin: string, rounds = ROUNDS): Promise<ExtraEntry[]> {
  // Tall enough that every tap is in view: taps scrolled out of view are not drawn.
  const page = await browser.newPage({ viewport: { width: 1440, height: 2900 } })
  try {
    await page.goto(`${origin}/app/index.html`)
    await page.waitForFunction(() => window.__tapline !== undefined, null, { timeout: 20_000 })
    await page.evaluate((t) => window.__tapline!.app.setText(t), tapsText(TAPS))
    await page.waitForFunction((n) => document.querySelectorAll('canvas.tl-tap-canvas').length === n, TAPS)
    await page.evaluate(() => {
      const w = window as unknown as { benchLoads: number[] }
      w.benchLoads = []
      window.__tapline!.app.onEngine((m) => {
        if (m.type === 'stats') w.benchLoads.push(m.load)
      })
    })
    await page.getByRole('button', { name: 'Play', exact: true }).click()
    await page.waitForFunction(() => window.__tapline!.host.playing && window.__tapline!.ctx?.state === 'running')
    await page.waitForTimeout(1000)
    const names = Array.from({ length: TAPS }, (_, i) => `n${i + 1}`)
    const on: Phase[] = [], off: Phase[] = []
    for (let k = 0; k < rounds; k++) {
      off.push(await phase(page, []))
      on.push(await phase(page, names))
    }
    const sum = (ps: Phase[], f: (p: Phase) => number) => ps.reduce((s, p) => s + f(p), 0)
    const loadsOn = on.flatMap((p) => p.loads), loadsOff = off.flatMap((p) => p.loads)
    const [secOn, secOff] = [sum(on, (p) => p.seconds), sum(off, (p) => p.seconds)]
    const frames = sum(on, (p) => p.frames)
    const maxFrame = Math.max(...on.map((p) => p.maxFrameMs))
    const maxCanvases = await page.evaluate(() => window.__tapline!.tapDraw.maxCanvases)
    const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN)
    const [loadOn, loadOff] = [mean(loadsOn) * 100, mean(loadsOff) * 100]
    const starvedOn = sum(on, (p) => p.starvedS) * 1000, starvedOff = sum(off, (p) => p.starvedS) * 1000
    const how = `${TAPS}-node patch (bench/patches.ts tapsText), taps off and on in turns, ${rounds} × ${PHASE_MS / 1000} s each`
    return [
      {
        measure: `IDE, realtime context, ${TAPS}-node patch playing: engine load without taps`,
        value: Number.isFinite(loadOff) ? loadOff : null,
        unit: '%',
        note: `mean of ${loadsOff.length} of the engine's stats reports (the toolbar's figure: its share of the 2.67 ms block, timed with Temporal.Now in 0.1 ms steps on one block in 32 in the worklet; the worklet-scope rows below time the engine itself over whole spans); ${how}`,
      },
      {
        measure: `IDE, realtime context, ${TAPS}-node patch playing: engine load with ${TAPS} taps`,
        value: Number.isFinite(loadOn) ? loadOn : null,
        unit: '%',
        note: `mean of ${loadsOn.length} reports; ${(loadOn - loadOff >= 0 ? '+' : '') + (loadOn - loadOff).toFixed(1)} points over without taps`,
      },
      {
        measure: `IDE, ${TAPS} taps: the editor's drawing, per animation frame that drew`,
        value: frames ? sum(on, (p) => p.drawMs) / frames : null,
        unit: 'ms',
        note: `${(frames / secOn).toFixed(0)} frames/s drew while taps were on (they draw when the engine's ~31 taps/s arrive), ` +
          `slowest frame ${maxFrame.toFixed(1)} ms, up to ${maxCanvases} canvases in one frame; a 60 Hz frame lasts 16.7 ms`,
      },
      {
        measure: `IDE, ${TAPS}-node patch playing: output starved (underruns), taps on`,
        value: Number.isFinite(starvedOn) ? starvedOn : null,
        unit: 'ms',
        note: Number.isFinite(starvedOn)
          ? `in ${secOn.toFixed(1)} s with taps; without: ${starvedOff.toFixed(0)} ms in ${secOff.toFixed(1)} s (Chromium's playbackStats, headless, no sound card)`
          : 'this Chromium has no AudioContext.playbackStats',
      },
    ]
  } catch (e) {
    return [{ measure: `IDE: what ${TAPS} taps cost`, value: null, unit: '', note: `not measured: ${String(e).split('\n')[0].slice(0, 200)}` }]
  } finally {
    await page.close()
  }
}

/// Rows for the engine's side of the taps: per-block times (ms, warm-up runs already dropped)
/// without and with every node tapped, rendered `where` (Chromium's worklet scope, or Node).
export function tapEngineRows(off: number[], on: number[], where: string, how: string): ExtraEntry[] {
  const budget = (128 / 48000) * 1000
  const [a, b] = [median(off), median(on)]
  const share = (ms: number) => `${((ms / budget) * 100).toFixed(1)}% of the ${budget.toFixed(2)} ms block`
  const runs = (xs: number[]) => xs.map((x) => (x * 1000).toFixed(0)).join(' ')
  return [
    { measure: `${TAPS}-node patch: engine time per block without taps (${where})`, value: a * 1000, unit: 'µs', note: `${share(a)}; runs ${runs(off)} µs; ${how}` },
    {
      measure: `${TAPS}-node patch: engine time per block with ${TAPS} taps (${where})`,
      value: b * 1000,
      unit: 'µs',
      note: `${share(b)}; ${b >= a ? '+' : ''}${(((b - a) / a) * 100).toFixed(0)}% against without taps; runs ${runs(on)} µs`,
    },
  ]
}
