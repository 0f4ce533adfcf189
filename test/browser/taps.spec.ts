// Live taps: one scope per node line, drawn from the running signal, following edits; and 40
// taps drawn together while the engine plays. What they cost (engine load with and
// without them, ms per frame of drawing, output starvation) is a figure of `npm run bench`
// (bench/ide-taps.ts, on the same patch), never a threshold here.
import { test, expect, type Page } from '@playwright/test'
import { tapsText as manyNodes } from '../../bench/patches.ts'
import { openIde, play, startCapture, readCapture, select, sleep } from './ide.ts'

// Tall enough that every tap of a 40-node patch is in view: taps out of view are not drawn.
test.use({ viewport: { width: 1440, height: 2900 } })

const snapshot = (page: Page) =>
  page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll<HTMLCanvasElement>('canvas.tl-tap-canvas')].map((c) => [c.dataset.node!, c.toDataURL()]),
    ),
  )

test('every node line of a 20-node patch has a tap whose pixels move; deleting the line removes it', async ({ page }) => {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await openIde(page, manyNodes(20))
  const canvases = page.locator('canvas.tl-tap-canvas')
  await expect(canvases).toHaveCount(20)
  const blank = await page.evaluate(() => {
    const c = document.querySelector<HTMLCanvasElement>('canvas.tl-tap-canvas')!
    const b = document.createElement('canvas')
    b.width = c.width
    b.height = c.height
    return b.toDataURL()
  })
  await play(page)
  await sleep(page, 800)
  const first = await snapshot(page)
  await sleep(page, 400)
  const second = await snapshot(page)
  const names = Array.from({ length: 20 }, (_, i) => `n${i + 1}`)
  expect(Object.keys(first).sort()).toEqual([...names].sort())
  const still = names.filter((n) => first[n] === second[n] || second[n] === blank)
  expect(still, 'taps that did not change between two looks').toEqual([])
  // The slow LFO shows its value at the end of its line.
  await expect(page.locator('.tl-tap-value[data-node="n1"]')).toHaveText(/^-?\d/)
  // A frame's signal arrays go back to the worklet once a newer frame replaces them (transferred,
  // so the page's handle on one comes back empty), for the worklet to fill again.
  const gone = await page.evaluate(async () => {
    const store = (window as unknown as { __tapline: { taps: { signals: Map<string, Float32Array> } } }).__tapline.taps
    const held = store.signals.get('n2')!
    const before = held.length
    await new Promise((r) => setTimeout(r, 300))
    return { before, after: held.length, now: store.signals.get('n2')!.length }
  })
  expect(gone).toEqual({ before: 256, after: 0, now: 256 })

  // Each canvas sits right under its own line.
  const order = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.tl-tap')].map((tap) => {
      const line = tap.previousElementSibling as HTMLElement
      return [line.textContent!.match(/node (\w+)/)?.[1], tap.querySelector('canvas')!.dataset.node]
    }),
  )
  for (const [line, tap] of order) expect(tap).toBe(line)

  // Editing a node's line keeps its canvas: the same element, still drawing.
  await page.evaluate(() => {
    ;(document.querySelector('canvas.tl-tap-canvas[data-node="n5"]') as HTMLCanvasElement & { mark?: number }).mark = 5
  })
  await select(page, '275', 'node n5 = ')
  await page.keyboard.type('300')
  await expect(page.locator('.cm-line', { hasText: 'node n5 = ' })).toContainText('osc(saw, 300)')
  await sleep(page, 300)
  expect(await page.evaluate(() => (document.querySelector('canvas.tl-tap-canvas[data-node="n5"]') as HTMLCanvasElement & { mark?: number }).mark)).toBe(5)

  // Delete n7's line with the editor's own command.
  await page.evaluate(() => {
    const view = window.__tapline!.app.view
    const line = view.state.doc.line(7)
    view.dispatch({ selection: { anchor: line.from + 3 } })
    view.focus()
  })
  await page.keyboard.press('Control+Shift+K')
  await expect(canvases).toHaveCount(19)
  await expect(page.locator('canvas.tl-tap-canvas[data-node="n7"]')).toHaveCount(0)
  await expect(page.locator('canvas.tl-tap-canvas[data-node="n8"]')).toHaveCount(1)
  // Undo brings it back.
  await page.keyboard.press('Control+Z')
  await expect(canvases).toHaveCount(20)
  expect(errors, 'errors on the page').toEqual([])
})

test('40 taps are all drawn in one frame while the engine plays and reports, and none is redrawn without new tap data', async ({ page }) => {
  await openIde(page, manyNodes(40))
  await expect(page.locator('canvas.tl-tap-canvas')).toHaveCount(40)
  const names = Array.from({ length: 40 }, (_, i) => `n${i + 1}`)
  let reports = 0
  await page.exposeFunction('reportLoad', () => reports++)
  await page.evaluate(() =>
    window.__tapline!.app.onEngine((m) => {
      if (m.type === 'stats') (window as unknown as { reportLoad(): void }).reportLoad()
    }),
  )
  await play(page)
  await startCapture(page)
  await sleep(page, 500)
  // Taps off, then on: the engine reports in both states, and the taps draw only when on.
  const counts = { on: 0, off: 0 }
  let framesOn = 0, framesOff = 0
  for (const on of [false, true]) {
    await page.evaluate((nodes) => window.__tapline!.host.setTaps(nodes), on ? names : [])
    await sleep(page, 300)
    const r0 = reports
    const f0 = await page.evaluate(() => window.__tapline!.tapDraw.frames)
    await sleep(page, 1500)
    const frames = (await page.evaluate(() => window.__tapline!.tapDraw.frames)) - f0
    if (on) (counts.on = reports - r0), (framesOn = frames)
    else (counts.off = reports - r0), (framesOff = frames)
  }
  const d = await page.evaluate(() => window.__tapline!.tapDraw)
  const rec = await readCapture(page)
  expect(counts.on, 'engine stats reports with 40 taps on').toBeGreaterThan(0)
  expect(counts.off, 'engine stats reports with taps off').toBeGreaterThan(0)
  expect(d.maxCanvases).toBe(40)
  expect(framesOn, 'animation frames that drew taps').toBeGreaterThan(0)
  expect(framesOff, 'frames drawn with no tap data coming in').toBe(0)
  expect(rec.samples.length).toBeGreaterThan(0)
  expect(rec.samples.some((x) => Math.abs(x) > 0.05), 'the 40-node patch sounds').toBe(true)
})

test('taps scrolled out of view are not drawn', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 700 })
  await openIde(page, manyNodes(40))
  await play(page)
  await sleep(page, 1500)
  const inDom = await page.locator('canvas.tl-tap-canvas').count()
  const { maxCanvases } = await page.evaluate(() => window.__tapline!.tapDraw)
  console.log(`700 px tall: ${inDom} tap canvases in the DOM, at most ${maxCanvases} drawn per frame`)
  expect(maxCanvases).toBeGreaterThan(3)
  expect(maxCanvases).toBeLessThan(Math.min(inDom, 20))
  // Scrolling to the end brings the last taps into view, and they draw.
  await page.evaluate(() => {
    const v = window.__tapline!.app.view
    v.dispatch({ selection: { anchor: v.state.doc.length }, scrollIntoView: true })
  })
  const last = page.locator('canvas.tl-tap-canvas[data-node="n40"]')
  await expect(last).toBeVisible()
  await expect
    .poll(() => last.evaluate((c: HTMLCanvasElement) => {
      const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
      let lit = 0
      for (let i = 3; i < px.length; i += 4) if (px[i] > 0) lit++
      return lit
    }))
    .toBeGreaterThan(100)
})
