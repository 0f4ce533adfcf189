// Live taps: one scope per node line, drawn from the running signal, following edits; and 40
// taps drawn at display rate while the engine plays (what they cost is printed, not bounded).
import { test, expect, type Page } from '@playwright/test'
import { openIde, play, startCapture, readCapture, select, sleep, underruns } from './ide.ts'

const waves = ['sine', 'saw', 'square', 'tri']

// Tall enough that every tap of a 40-node patch is in view: taps out of view are not drawn.
test.use({ viewport: { width: 1440, height: 2900 } })

/// `count` nodes: a slow LFO and oscillators whose loudness it moves, so every trace changes.
function manyNodes(count: number): string {
  const lines = ['node n1 = osc(sine, 0.7)']
  for (let i = 2; i <= count; i++) lines.push(`node n${i} = osc(${waves[i % 4]}, ${55 * i}) * (0.6 + 0.4 * n1)`)
  const names = Array.from({ length: count - 1 }, (_, i) => `n${i + 2}`)
  lines.push(`out = mix(${names.join(', ')}) * 0.3`)
  return lines.join('\n') + '\n'
}

const snapshot = (page: Page) =>
  page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll<HTMLCanvasElement>('canvas.tl-tap-canvas')].map((c) => [c.dataset.node!, c.toDataURL()]),
    ),
  )

test('every node line of a 20-node patch has a tap whose pixels move; deleting the line removes it', async ({ page }) => {
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
})

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? s[s.length >> 1] : NaN
}

test('40 taps drawn at display rate cost the audio thread and the page little', async ({ page }) => {
  await openIde(page, manyNodes(40))
  await expect(page.locator('canvas.tl-tap-canvas')).toHaveCount(40)
  const names = Array.from({ length: 40 }, (_, i) => `n${i + 1}`)
  let loads: number[] = []
  await page.exposeFunction('reportLoad', (l: number) => loads.push(l))
  await page.evaluate(() =>
    window.__tapline!.app.onEngine((m) => {
      if (m.type === 'stats') (window as unknown as { reportLoad(l: number): void }).reportLoad(m.load)
    }),
  )
  await play(page)
  await startCapture(page)
  await sleep(page, 500)
  // Taps off and on in turns, so that whatever else this machine is doing weighs on both alike.
  const runs = { on: { loads: [] as number[], starved: 0, seconds: 0 }, off: { loads: [] as number[], starved: 0, seconds: 0 } }
  const d0 = await page.evaluate(() => ({ ...window.__tapline!.tapDraw }))
  let drawWall = 0
  for (let round = 0; round < 3; round++) {
    for (const on of [false, true]) {
      await page.evaluate((nodes) => window.__tapline!.host.setTaps(nodes), on ? names : [])
      await sleep(page, 150)
      loads = []
      const u0 = await underruns(page)
      const t0 = Date.now()
      await sleep(page, 1200)
      const u1 = await underruns(page)
      const run = on ? runs.on : runs.off
      run.loads.push(...loads)
      run.starved += u1.seconds - u0.seconds
      run.seconds += (Date.now() - t0) / 1000
      if (on) drawWall += (Date.now() - t0) / 1000
    }
  }
  const d1 = await page.evaluate(() => ({ ...window.__tapline!.tapDraw }))
  const rec = await readCapture(page)
  const frames = d1.frames - d0.frames
  const perFrame = (d1.ms - d0.ms) / Math.max(1, frames)
  const [onLoad, offLoad] = [median(runs.on.loads), median(runs.off.loads)]
  console.log(
    `40 taps: engine load median ${(onLoad * 100).toFixed(1)}% with taps, ${(offLoad * 100).toFixed(1)}% without ` +
      `(${runs.on.loads.length} and ${runs.off.loads.length} reports); ` +
      `output starved ${(runs.on.starved * 1000).toFixed(0)} ms of ${runs.on.seconds.toFixed(1)} s with taps, ` +
      `${(runs.off.starved * 1000).toFixed(0)} ms of ${runs.off.seconds.toFixed(1)} s without; ` +
      `drawing: ${(frames / drawWall).toFixed(0)} frames/s, ${perFrame.toFixed(2)} ms each, up to ${d1.maxCanvases} canvases in one`,
  )
  // What this spec holds: all 40 taps are drawn in one frame, at display rate, while the
  // engine keeps reporting. What they cost (engine load on/off, ms per frame, device starvation)
  // is printed above; it depends on how busy the machine is, so it is a benchmark figure and
  // no threshold here (TODO in issue 7: move it into `npm run bench`).
  expect(runs.on.loads.length).toBeGreaterThan(4)
  expect(runs.off.loads.length).toBeGreaterThan(4)
  expect(d1.maxCanvases).toBe(40)
  expect(frames).toBeGreaterThan(0)
  expect(rec.samples.length).toBeGreaterThan(0)
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
