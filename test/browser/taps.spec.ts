// Live taps: one scope per node line, drawn from the running signal, following edits; and many
// taps do not make the audio thread miss its deadlines.
import { test, expect, type Page } from '@playwright/test'
import { openIde, play, startCapture, readCapture, sleep, underruns } from './ide.ts'
import { gaps } from './signal.ts'

const waves = ['sine', 'saw', 'square', 'tri']

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

test('40 taps drawn at display rate cost the audio thread and the page little, and the audio keeps real time', async ({ page }) => {
  await openIde(page, manyNodes(40))
  await expect(page.locator('canvas.tl-tap-canvas')).toHaveCount(40)
  const loads: number[] = []
  await page.exposeFunction('reportLoad', (l: number) => loads.push(l))
  await page.evaluate(() =>
    window.__tapline!.app.onEngine((m) => {
      if (m.type === 'stats') (window as unknown as { reportLoad(l: number): void }).reportLoad(m.load)
    }),
  )
  await play(page)
  await startCapture(page)
  await sleep(page, 300)
  const start = await page.evaluate(() => [window.__tapline!.ctx!.currentTime, performance.now() / 1000])
  const u0 = await underruns(page)
  const d0 = await page.evaluate(() => ({ ...window.__tapline!.tapDraw }))
  await sleep(page, 3000)
  const end = await page.evaluate(() => [window.__tapline!.ctx!.currentTime, performance.now() / 1000])
  const u1 = await underruns(page)
  const d1 = await page.evaluate(() => ({ ...window.__tapline!.tapDraw }))
  const rendered = end[0] - start[0]
  const wall = end[1] - start[1]
  const rec = await readCapture(page)
  const maxLoad = Math.max(0, ...loads)
  const starved = u1.seconds - u0.seconds
  const frames = d1.frames - d0.frames
  const perFrame = (d1.ms - d0.ms) / Math.max(1, frames)
  console.log(
    `40 taps: ${rendered.toFixed(3)} s rendered in ${wall.toFixed(3)} s of wall time; ` +
      `output starved ${(starved * 1000).toFixed(1)} ms in ${u1.events - u0.events} underruns; ` +
      `engine load max ${(maxLoad * 100).toFixed(0)}% over ${loads.length} reports; ` +
      `drawing: ${frames} frames, ${perFrame.toFixed(2)} ms each on average, up to ${d1.maxCanvases} canvases in one; ` +
      `output latency ${(u1.latency * 1000).toFixed(1)} ms`,
  )
  expect(gaps(rec.samples)).toBe(0)
  // The engine, taps included, uses a small share of each block's budget...
  expect(loads.length).toBeGreaterThan(0)
  expect(maxLoad).toBeLessThan(0.5)
  // ...the page redraws all 40 at display rate in a few milliseconds per frame...
  expect(d1.maxCanvases).toBe(40)
  expect(frames / wall).toBeGreaterThan(10)
  expect(perFrame).toBeLessThan(4)
  // ...and the audio clock keeps pace with the wall clock. The device may still be starved now
  // and then when other processes crowd this machine's cores; taps must not make that common.
  expect(rendered / wall).toBeGreaterThan(0.97)
  if (!Number.isNaN(starved)) expect(starved / rendered).toBeLessThan(0.05)
})
