// The page as a musician sees it while the default patch plays, saved for people to look at.
import { test, expect } from '@playwright/test'
import { openIde, play, sleep } from './ide.ts'

test('screenshot of the default patch playing', async ({ page }) => {
  await openIde(page)
  await play(page)
  await sleep(page, 2500)
  // Something is drawn in every tap before the picture is taken.
  const drawn = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLCanvasElement>('canvas.tl-tap-canvas')].map((c) => {
      const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
      let lit = 0
      for (let i = 3; i < px.length; i += 4) if (px[i] > 0) lit++
      return lit
    }),
  )
  expect(drawn.length).toBeGreaterThan(3)
  for (const lit of drawn) expect(lit).toBeGreaterThan(50)
  await expect(page.locator('#rate')).toHaveText(/\d+\.\d kHz/)
  await page.screenshot({ path: 'test-results/ide-playing.png' })
  // Hover docs and completion in the same picture set.
  await page.locator('.cm-line span', { hasText: /^poly$/ }).first().hover()
  await expect(page.locator('.cm-tooltip-hover')).toBeVisible()
  await page.screenshot({ path: 'test-results/ide-hover.png' })
})
