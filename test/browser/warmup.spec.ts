// The compiler's warm-up in the page (src/main.ts): the short rounds always, the long patch's rounds
// only once the editor holds a long patch, since each holds the main thread up for tens of ms.
import { test, expect } from '@playwright/test'
import { examplePatches } from '../unit/helpers/examples.ts'
import { LONG_FROM_LINES, LONG_ROUNDS, WARM_ROUNDS, longRounds, shortRounds } from '../../src/language/warmup.ts'
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
  // Taken in steps (a compile or a generate each), as many as the rounds have: the page's examples
  // are patches/ (src/share/examples.ts), and the count of steps does not depend on which.
  const examples = [...examplePatches().values()]
  const count = (steps: Iterable<number>) => [...steps].length
  const taken = await page.evaluate(() => ({ ...window.__tapline!.warmSteps }))
  expect(taken.steps).toBe(count(shortRounds(examples, () => {})) + count(longRounds(() => {})))
  // Each long round starts after a pause, in an idle period of its own.
  expect(taken.periods).toBeGreaterThanOrEqual(LONG_ROUNDS)
  expect(taken.periods).toBeLessThanOrEqual(taken.steps)
  expect(taken.maxMs).toBeGreaterThan(0)
})
