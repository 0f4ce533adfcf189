// The panel's widgets in a page with the editor and the compiler only (test/browser/harness):
// every gesture must land in the text as one undoable edit, reach the engine as messages, and
// leave the rest of the panel alone.
import { expect, test, type Page } from '@playwright/test'
import { createServer, type ViteDevServer } from 'vite'

// Launch options as TOOLCHAIN.md gives them, so this spec also runs without the project's config.
test.use({
  launchOptions: {
    executablePath: '/usr/lib/chromium/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
  },
})

let server: ViteDevServer
let base = ''

test.beforeAll(async () => {
  // Scan only the harness for dependencies: other pages (bench/) may import optional packages.
  server = await createServer({
    server: { port: 0, strictPort: false, hmr: false },
    optimizeDeps: { entries: ['test/browser/harness/panel.html'] },
    logLevel: 'error',
  })
  await server.listen()
  base = server.resolvedUrls!.local[0]
})
test.afterAll(async () => {
  await server?.close()
})

async function open(page: Page, patch?: string) {
  const q = patch === undefined ? '' : `?patch=${encodeURIComponent(patch)}`
  await page.goto(`${base}test/browser/harness/panel.html${q}`)
  await page.waitForFunction(() => !!window.__panelHarness)
}
const text = (page: Page) => page.evaluate(() => window.__panelHarness.text())
const sent = (page: Page) => page.evaluate(() => window.__panelHarness.sent)
// Ctrl+Z with the focus where it is: in the panel (which passes undo to the editor) or the editor.
const undo = (page: Page) => page.keyboard.press('Control+z')

test('a knob drag writes one value, sends control messages, and one undo restores it', async ({ page }) => {
  await open(page)
  const knob = page.getByRole('slider', { name: 'cutoff' })
  await expect(knob).toHaveAttribute('aria-valuenow', '1800')
  await expect(knob).toHaveAttribute('aria-valuetext', '1.8 kHz')
  const box = (await knob.boundingBox())!
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  const txBefore = await page.evaluate(() => window.__panelHarness.docTransactions())
  await page.mouse.down()
  for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 - i * 5)
  // The editor shows the moving value over the old one; the text itself changes once, at the end.
  const shown = await page.locator('.cm-tp-preview').textContent()
  expect(shown).toBe(await knob.getAttribute('aria-valuenow'))
  await expect(page.locator('.cm-content')).toContainText(`knob  cutoff = ${shown} [80..9000]`)
  expect(await text(page)).toContain('knob  cutoff = 1800 [80..9000]')
  await page.mouse.up()
  await expect(page.locator('.cm-tp-preview')).toHaveCount(0)
  expect(await page.evaluate(() => window.__panelHarness.docTransactions())).toBe(txBefore + 1)
  const v = Number(await knob.getAttribute('aria-valuenow'))
  // 50 px of 200 on an exp range 80..9000 from 1800: a quarter of the way in log terms.
  expect(v).toBeCloseTo(1800 * Math.pow(9000 / 80, 0.25), -1)
  await expect.poll(() => text(page)).toContain(`knob  cutoff = ${v} [80..9000] exp cc 74   # filter`)
  const msgs = (await sent(page)).filter((m) => m.type === 'control' && m.name === 'cutoff')
  expect(msgs.length).toBeGreaterThan(3)
  expect(msgs.at(-1)).toEqual({ type: 'control', name: 'cutoff', value: v })
  // Undo from the editor, as a musician who clicked back into the code would.
  await page.locator('.cm-content').focus()
  await undo(page)
  expect(await text(page)).toContain('knob  cutoff = 1800 [80..9000] exp')
  await expect(knob).toHaveAttribute('aria-valuenow', '1800')
  expect((await sent(page)).at(-1)).toEqual({ type: 'control', name: 'cutoff', value: 1800 })
})

test('keyboard: ArrowUp five times on a fader moves value, text and sound together', async ({ page }) => {
  await open(page)
  const fader = page.getByRole('slider', { name: 'level' })
  await fader.focus()
  for (let i = 0; i < 5; i++) await fader.press('ArrowUp')
  await expect(fader).toHaveAttribute('aria-valuenow', '0.75')
  expect(await text(page)).toContain('fader level  = 0.75 [0..1]')
  expect((await sent(page)).filter((m) => m.type === 'control').map((m) => (m as { value: number }).value)).toEqual([0.71, 0.72, 0.73, 0.74, 0.75])
  await fader.press('End')
  await expect(fader).toHaveAttribute('aria-valuenow', '1')
  await fader.press('Home')
  await expect(fader).toHaveAttribute('aria-valuenow', '0')
  await fader.press('PageUp')
  await expect(fader).toHaveAttribute('aria-valuenow', '0.1')
  await expect(fader).toBeFocused()
})

test('exp knobs step by equal ratios, and typed values land clamped', async ({ page }) => {
  await open(page)
  const knob = page.getByRole('slider', { name: 'attack' })
  await expect(knob).toHaveAttribute('aria-valuetext', '5 ms')
  await knob.focus()
  await knob.press('ArrowUp')
  const a = Number(await knob.getAttribute('aria-valuenow'))
  await knob.press('ArrowUp')
  const b = Number(await knob.getAttribute('aria-valuenow'))
  expect(a / 0.005).toBeCloseTo(b / a, 2)
  expect(await text(page)).toContain(`knob  attack = ${Number((b * 1000).toFixed(3))}ms`)
  await knob.dblclick()
  const input = page.getByRole('textbox', { name: 'attack value' })
  await input.fill('250 ms')
  await input.press('Enter')
  await expect(knob).toHaveAttribute('aria-valuenow', '0.25')
  expect(await text(page)).toContain('knob  attack = 250ms [1ms..2s] exp')
  await knob.press('Enter')
  await page.getByRole('textbox', { name: 'attack value' }).fill('99')
  await page.keyboard.press('Enter')
  expect(await text(page)).toContain('knob  attack = 2000ms [1ms..2s] exp')
  await expect(knob).toBeFocused()
})

test('the wheel moves a knob and its whole spin is one undo step', async ({ page }) => {
  await open(page)
  const knob = page.getByRole('slider', { name: 'res' })
  const box = (await knob.boundingBox())!
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -100)
  await expect.poll(async () => Number(await knob.getAttribute('aria-valuenow'))).toBeCloseTo(0.8 + 4 * 0.02 * 7.5, 5)
  await expect.poll(() => text(page)).toContain('knob  res    = 1.4 [0.5..8]')
  await page.waitForTimeout(600) // the spin ends when the wheel rests
  await knob.focus()
  await undo(page)
  expect(await text(page)).toContain('knob  res    = 0.8 [0.5..8]')
})

test('step_seq: click toggles, drag paints, each gesture one undo step', async ({ page }) => {
  await open(page)
  const step = (n: number) => page.getByRole('button', { name: `hats step ${n}`, exact: true })
  await expect(step(2)).toHaveAttribute('aria-pressed', 'false')
  await step(2).click()
  await expect(step(2)).toHaveAttribute('aria-pressed', 'true')
  expect(await text(page)).toContain('step_seq hats = [x x x x . x . x x . x x . x . x]')
  // Drag from step 5 (off) across 6..8: all painted on.
  const a = (await step(5).boundingBox())!
  const b = (await step(8).boundingBox())!
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2)
  await page.mouse.down()
  for (let i = 1; i <= 8; i++) await page.mouse.move(a.x + a.width / 2 + ((b.x - a.x) * i) / 8, a.y + a.height / 2)
  await page.mouse.up()
  await expect.poll(() => text(page)).toContain('step_seq hats = [x x x x x x x x x . x x . x . x]')
  expect(await page.evaluate(() => window.__panelHarness.docTransactions())).toBe(2) // the click, the drag
  await undo(page)
  expect(await text(page)).toContain('step_seq hats = [x x x x . x . x x . x x . x . x]')
  // Keyboard: arrows move, space toggles.
  await step(2).focus()
  await page.keyboard.press('ArrowRight')
  await expect(step(3)).toBeFocused()
  await page.keyboard.press('Space')
  await expect(step(3)).toHaveAttribute('aria-pressed', 'false')
  expect(await text(page)).toContain('step_seq hats = [x x . x . x . x x . x x . x . x]')
  await page.evaluate(() => window.__panelHarness.setPlayhead({ hats: 4 }))
  await expect(step(5)).toHaveClass(/tp-now/)
})

test('piano_roll: a chord, a tie by drag and by shift-click, removing notes', async ({ page }) => {
  await open(page)
  const cell = (s: number, n: string) => page.getByRole('button', { name: `lead step ${s} ${n}`, exact: true })
  await expect(cell(2, 'e4')).toHaveAttribute('aria-pressed', 'true')
  await expect(cell(3, 'g4')).toHaveAttribute('aria-pressed', 'true') // held by the tie
  await cell(4, 'a3').click()
  await cell(4, 'c4').click()
  expect(await text(page)).toContain('piano_roll lead = [c4 e4+g4 _ a3+c4 g4 e4 c4 _]')
  await cell(4, 'a3').click()
  expect(await text(page)).toContain('piano_roll lead = [c4 e4+g4 _ c4 g4 e4 c4 _]')
  // Drag from step 5's a4 (joining its g4) to step 7: the chord holds through step 7.
  await cell(7, 'a4').scrollIntoViewIfNeeded()
  const a = (await cell(5, 'a4').boundingBox())!
  const b = (await cell(7, 'a4').boundingBox())!
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2)
  await page.mouse.down()
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 })
  await page.mouse.up()
  expect(await text(page)).toContain('piano_roll lead = [c4 e4+g4 _ c4 g4+a4 _ _ _]')
  await expect(cell(5, 'a4')).toBeFocused()
  await undo(page)
  expect(await text(page)).toContain('piano_roll lead = [c4 e4+g4 _ c4 g4 e4 c4 _]')
  await cell(6, 'g4').click({ modifiers: ['Shift'] })
  expect(await text(page)).toContain('piano_roll lead = [c4 e4+g4 _ c4 g4 _ c4 _]')
  await cell(6, 'g4').click() // a held cell: the note ends before it
  expect(await text(page)).toContain('piano_roll lead = [c4 e4+g4 _ c4 g4 . c4 _]')
})

test('a compile never steals focus or interrupts a drag, and controls follow the text', async ({ page }) => {
  await open(page)
  const fader = page.getByRole('slider', { name: 'level' })
  await fader.focus()
  // Unrelated edits: typed elsewhere, compiled on every change.
  await page.evaluate(() => {
    const v = window.__panelHarness.view
    v.dispatch({ changes: { from: v.state.doc.length, insert: '# a comment\n' } })
    v.dispatch({ changes: { from: 0, insert: '# top\n' } })
  })
  await expect(fader).toBeFocused()
  // Updating after a compile that changed nothing the panel shows is cheap because it touches
  // nothing: no element, attribute or text of the panel changes (its cost is the bench's to time).
  const { mutations, kinds } = await page.evaluate(() => window.__panelHarness.updateUnchanged(200))
  expect(mutations, JSON.stringify(kinds)).toBe(0)
  for (const [name, v] of [['cutoff', '1800'], ['res', '0.8'], ['attack', '0.005'], ['level', '0.7']]) {
    await expect(page.getByRole('slider', { name })).toHaveAttribute('aria-valuenow', v)
  }
  // A compile arriving mid-drag leaves the dragged knob alone.
  const knob = page.getByRole('slider', { name: 'cutoff' })
  const box = (await knob.boundingBox())!
  await page.mouse.move(box.x + 20, box.y + 20)
  await page.mouse.down()
  await page.mouse.move(box.x + 20, box.y - 20, { steps: 4 })
  const during = await knob.getAttribute('aria-valuenow')
  await page.evaluate(() => {
    const v = window.__panelHarness.view
    v.dispatch({ changes: { from: 0, insert: '# again\n' } })
  })
  await expect(knob).toHaveAttribute('aria-valuenow', during!)
  await page.mouse.move(box.x + 20, box.y - 40, { steps: 2 })
  await page.mouse.up()
  // Removing and renaming controls.
  await page.evaluate(() => {
    const v = window.__panelHarness.view
    const t = v.state.doc.toString()
    const from = t.indexOf('knob  res')
    v.dispatch({ changes: { from, to: t.indexOf('\n', from) + 1 } })
    const t2 = v.state.doc.toString().replace(/\bres\b/, '0.8')
    v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: t2.replace(/fader level/, 'fader volume').replace(/\* level/, '* volume') } })
  })
  await expect(page.getByRole('slider', { name: 'res' })).toHaveCount(0)
  await expect(page.getByRole('slider', { name: 'level' })).toHaveCount(0)
  await expect(page.getByRole('slider', { name: 'volume' })).toHaveAttribute('aria-valuenow', '0.7')
})

test('a broken line elsewhere keeps the panel working', async ({ page }) => {
  await open(page)
  await page.evaluate(() => {
    const v = window.__panelHarness.view
    v.dispatch({ changes: { from: v.state.doc.length, insert: 'node broken = osc(saw, nope)\n' } })
  })
  const fader = page.getByRole('slider', { name: 'level' })
  await fader.focus()
  await fader.press('ArrowDown')
  expect(await text(page)).toContain('fader level  = 0.69 [0..1]')
  await expect(page.getByRole('button', { name: 'hats step 1', exact: true })).toBeVisible()
})

test('a move from outside (a MIDI controller) is a gesture: engine at once, text when it rests, one undo', async ({ page }) => {
  await open(page)
  const knob = page.getByRole('slider', { name: 'cutoff' })
  await page.evaluate(() => {
    for (const v of [2000, 2500, 3000.123]) window.__panelHarness.external('knob', 'cutoff', v)
  })
  await expect(knob).toHaveAttribute('aria-valuenow', '3000')
  expect((await sent(page)).filter((m) => m.type === 'control').map((m) => (m as { value: number }).value)).toEqual([2000, 2500, 3000])
  await expect(page.locator('.cm-tp-preview')).toHaveText('3000')
  expect(await text(page)).toContain('knob  cutoff = 1800 [80..9000]')
  await expect.poll(() => text(page)).toContain('knob  cutoff = 3000 [80..9000] exp cc 74')
  expect(await page.evaluate(() => window.__panelHarness.external('knob', 'nope', 1))).toBe(false)
  await knob.focus()
  await undo(page)
  expect(await text(page)).toContain('knob  cutoff = 1800 [80..9000] exp cc 74')
})

test.describe('touch', () => {
  test.use({ hasTouch: true })
  test('a finger drags a fader and paints steps', async ({ page }) => {
    await open(page)
    const cdp = await page.context().newCDPSession(page)
    const touch = async (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number, y: number) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] })
    const fader = page.getByRole('slider', { name: 'level' })
    const box = (await fader.boundingBox())!
    const y = box.y + box.height / 2
    await touch('touchStart', box.x + box.width * 0.7, y)
    for (let i = 1; i <= 5; i++) await touch('touchMove', box.x + box.width * (0.7 - i * 0.1), y)
    await touch('touchEnd', 0, 0)
    await expect.poll(async () => Number(await fader.getAttribute('aria-valuenow'))).toBeLessThan(0.3)
    const v = await fader.getAttribute('aria-valuenow')
    await expect.poll(() => text(page)).toContain(`fader level  = ${v} [0..1]`)

    const a = (await page.getByRole('button', { name: 'hats step 13', exact: true }).boundingBox())!
    const b = (await page.getByRole('button', { name: 'hats step 16', exact: true }).boundingBox())!
    await touch('touchStart', a.x + a.width / 2, a.y + a.height / 2)
    for (let i = 1; i <= 6; i++) await touch('touchMove', a.x + a.width / 2 + ((b.x - a.x) * i) / 6, a.y + a.height / 2)
    await touch('touchEnd', 0, 0)
    // Step 13 was off: the finger paints 13..16 on.
    await expect.poll(() => text(page)).toContain('step_seq hats = [x . x x . x . x x . x x x x x x]')
  })
})
