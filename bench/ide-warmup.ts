/// The IDE's warm-up as a musician's keystrokes meet it: the app as it ships (built by
/// ide-latency.ts), opened in fresh pages, its short rounds taken, then a 200-line patch set as the
/// editor's text and its long rounds taken (src/main.ts). The figure is the longest time one idle
/// period's warm-up steps held the page's main thread, which a keystroke arriving then waits for
/// (the page's test hook keeps it: `warmSteps`). Not counted: the page's start, and the editor's own
/// compile of the long text (an edit, not the warm-up).

import type { Browser } from '@playwright/test'
import type {} from '../src/test-hook.ts'
import { LONG_ROUNDS, WARM_ROUNDS } from '../src/language/warmup.ts'
import { median, type ExtraEntry } from './report.ts'
import { longText } from './patches.ts'

const PAGES = 3
const MEASURE = 'IDE warm-up: the longest idle period of its steps (main thread)'

export async function measureWarmup(browser: Browser, origin: string, pages = PAGES): Promise<ExtraEntry[]> {
  const longest: number[] = [], steps: number[] = [], periods: number[] = []
  try {
    for (let k = 0; k < pages; k++) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
      try {
        await page.goto(`${origin}/app/index.html`)
        await page.waitForFunction(() => window.__tapline !== undefined, null, { timeout: 20_000 })
        await page.waitForFunction((n) => window.__tapline!.warmRounds.short >= n, WARM_ROUNDS, { timeout: 60_000, polling: 100 })
        await page.evaluate((t) => window.__tapline!.app.setText(t), longText())
        await page.waitForFunction((n) => window.__tapline!.warmRounds.long >= n, LONG_ROUNDS, { timeout: 60_000, polling: 100 })
        const w = await page.evaluate(() => ({ ...window.__tapline!.warmSteps }))
        longest.push(w.maxMs)
        steps.push(w.steps)
        periods.push(w.periods)
      } finally {
        await page.close()
      }
    }
  } catch (e) {
    return [{ measure: MEASURE, value: null, unit: 'ms', note: `not measured: ${String(e).split('\n')[0].slice(0, 200)}` }]
  }
  return [{
    measure: MEASURE,
    value: Math.max(...longest),
    unit: 'ms',
    note: `the most over ${pages} fresh pages (${longest.map((x) => x.toFixed(0)).join(', ')} ms), short rounds then a 200-line patch's long rounds; ` +
      `${median(steps)} steps in ${median(periods)} idle periods (medians); a keystroke arriving meanwhile waits at most this`,
  }]
}
