// The compiler's warm-up in the page (src/main.ts): the short rounds always, the long patch's rounds
// only once the editor holds a long patch, since each holds the main thread up for tens of ms.
import { test, expect } from '@playwright/test'
import { LONG_FROM_LINES, LONG_ROUNDS, WARM_ROUNDS } from '../../src/language/warmup.ts'
import { openIde } from './ide.ts'

/// A patch of `n` sines, one node line each, mixed into the out.
function sines(n: number): string {
  const lines = Array.from({ length: n }, (_, i) => `node s${i} = osc(sine, ${100 + i})`)
  return [...lines, `out = mix(${lines.map((_, i) => `s${i}`).join(', ')}) * 0.5`, ''].join('\n')
}

test('the long warm-up waits for a long patch, then runs all its rounds', async ({ page }) => {
  await openIde(page, sines(8))
  const rounds = () => page.evaluate(() => ({ ...window.__tapline!.warmRounds }))
  await expect.poll(rounds, { timeout: 15_000 }).toEqual({ short: WARM_ROUNDS, long: 0 })
  // Compiles of a short patch leave them waiting.
  await page.evaluate((t) => window.__tapline!.app.setText(t), sines(9))
  await page.waitForTimeout(1500)
  expect((await rounds()).long).toBe(0)
  await page.evaluate((t) => window.__tapline!.app.setText(t), sines(LONG_FROM_LINES + 10))
  await expect.poll(rounds, { timeout: 20_000 }).toEqual({ short: WARM_ROUNDS, long: LONG_ROUNDS })
})
