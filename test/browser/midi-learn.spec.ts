/// MIDI learn: the next control change that moves maps a knob or fader, the mapping is written
/// into its declaration (`cc N`), and later CC messages move the control, its text and the
/// sound as the mouse does, one undo step per gesture.

import { expect, test, type Page } from '@playwright/test'
import { installMidiStub } from './midi-stub.ts'
import { frameNow, playPatch, readCapture, sendMidi, waitAudio } from './midi-page.ts'
import { magnitudeAt, rms } from './midi-sound.ts'

const text = (page: Page) => page.evaluate(() => window.__midiHook.app.getText())

/// A twist of a hardware knob: a burst of CC messages a few milliseconds apart.
async function twist(page: Page, cc: number, values: number[]): Promise<number> {
  let last = 0
  for (const v of values) {
    last = await sendMidi(page, [0xb0, cc, v])
    await page.waitForTimeout(15)
  }
  return last
}

test.beforeEach(async ({ page }) => {
  await installMidiStub(page)
})

test('learn on knob cutoff, then CC 74 moves the knob, the text and the spectrum', async ({ page }) => {
  const patch = 'knob cutoff = 200 [80..9000] exp\nout = filter(lp, osc(saw, 110), cutoff) * 0.3\n'
  await playPatch(page, patch, { waitForMidi: false })
  const before = await frameNow(page)
  await waitAudio(page, before, 0.3)

  const knob = page.getByRole('slider', { name: 'cutoff' })
  await knob.click({ button: 'right' })
  await page.getByRole('menuitem', { name: 'MIDI learn' }).click()
  await expect(knob).toHaveAttribute('aria-busy', 'true')
  await page.waitForFunction(() => window.__midiStub.listening > 0)

  // An unrelated pedal does not get learnt... a channel mode message neither; the knob twist does.
  await sendMidi(page, [0xb0, 123, 0])
  const end = await twist(page, 74, [40, 70, 100, 120, 127])
  await expect.poll(() => text(page)).toBe(patch.replace('200 [80..9000] exp', '9000 [80..9000] exp cc 74'))
  await expect(knob).toHaveAttribute('aria-valuenow', '9000')
  await expect(knob).not.toHaveAttribute('aria-busy', 'true')
  await waitAudio(page, end, 0.3)

  // The 16th harmonic (1760 Hz) against the fundamental: far below a 200 Hz cutoff, near the
  // saw's own 1/16 with the cutoff at 9 kHz.
  const r = await readCapture(page)
  const n = 8192
  const ratio = (at: number) => magnitudeAt(r.samples, 1760, r.rate, at, n) / magnitudeAt(r.samples, 110, r.rate, at, n)
  const dull = ratio(r.at(before))
  const bright = ratio(r.at(end) + 0.1 * r.rate)
  console.log(`  measured: 1760 Hz / 110 Hz ${(20 * Math.log10(dull)).toFixed(1)} dB at cutoff 200, ${(20 * Math.log10(bright)).toFixed(1)} dB at 9000`)
  expect(20 * Math.log10(bright / dull)).toBeGreaterThan(30)
  expect(bright).toBeGreaterThan(1 / 16 * 0.7)

  // Back down: the text follows again, and the whole twist is one undo step.
  const down = await twist(page, 74, [90, 50, 0])
  await expect.poll(() => text(page)).toContain('knob cutoff = 80 [80..9000] exp cc 74')
  // The gesture ends when the hardware knob has been still for a moment.
  await waitAudio(page, down, 0.5)
  await page.locator('.cm-content').click()
  await page.keyboard.press('Control+z')
  await expect.poll(() => text(page)).toContain('knob cutoff = 9000 [80..9000] exp cc 74')
})

test('M on a focused fader learns; Forget removes the mapping', async ({ page }) => {
  const patch = 'fader level = 0.5 [0..1]\nout = osc(sine, 440) * level * 0.4\n'
  await playPatch(page, patch, { waitForMidi: false })
  const fader = page.getByRole('slider', { name: 'level' })
  await fader.focus()
  await page.keyboard.press('m')
  await expect(fader).toHaveAttribute('aria-busy', 'true')
  await page.waitForFunction(() => window.__midiStub.listening > 0)
  const low = await twist(page, 7, [10, 0])
  await expect.poll(() => text(page)).toContain('fader level = 0 [0..1] cc 7')
  await waitAudio(page, low, 0.2)
  const high = await twist(page, 7, [127])
  await expect.poll(() => text(page)).toContain('fader level = 1 [0..1] cc 7')
  await expect(fader).toHaveAttribute('aria-valuenow', '1')
  await waitAudio(page, high, 0.2)
  const r = await readCapture(page)
  expect(rms(r.samples, r.at(low) + 0.05 * r.rate, r.at(high) - 0.01 * r.rate)).toBeLessThan(1e-3)
  expect(rms(r.samples, r.at(high) + 0.05 * r.rate, r.at(high) + 0.15 * r.rate)).toBeCloseTo(0.4 * Math.SQRT1_2, 2)

  // The menu from the keyboard: Shift+F10 opens it on the focused fader, Escape gives the focus back.
  await fader.focus()
  await page.keyboard.press('Shift+F10')
  await expect(page.getByRole('menuitem', { name: 'MIDI learn' })).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('menu')).toHaveCount(0)
  await expect(fader).toBeFocused()

  await fader.click({ button: 'right' })
  await page.getByRole('menuitem', { name: 'Forget cc 7' }).click()
  await expect.poll(() => text(page)).toContain('fader level = 1 [0..1]\n')
  // Once that text has compiled (the panel drops its cc badge), CC 7 moves nothing.
  await expect(page.locator('.tp-fader .tp-cc')).toHaveText('')
  await sendMidi(page, [0xb0, 7, 0])
  await page.waitForTimeout(400)
  expect(await text(page)).toContain('fader level = 1 [0..1]\n')
})

test('two hardware knobs turned at once: one resting does not pull the other back', async ({ page }) => {
  const patch = 'fader a = 0.5 [0..1] cc 1\nfader b = 0.2 [0..1] cc 2\nout = osc(sine, 330) * a * 0.3 + osc(sine, 550) * b * 0.3\n'
  await playPatch(page, patch)
  const start = await sendMidi(page, [0xb0, 2, 127])
  let last = start
  // b keeps turning (between 126 and 127) for 1.2 s; a moves once at 0.1 s and rests, which
  // writes its value into the text and recompiles while b's gesture runs.
  for (let i = 1; i <= 30; i++) {
    await page.waitForTimeout(40)
    if (i === 3) await sendMidi(page, [0xb0, 1, 0])
    last = await sendMidi(page, [0xb0, 2, 127 - (i % 2)])
  }
  await expect.poll(() => text(page)).toContain('fader a = 0 [0..1] cc 1')
  await waitAudio(page, last, 0.05)
  const r = await readCapture(page)
  const n = 2048
  const levels: number[] = []
  for (let at = r.at(start) + 0.2 * r.rate; at + n < r.at(last); at += n) levels.push(magnitudeAt(r.samples, 550, r.rate, at, n))
  expect(levels.length).toBeGreaterThan(10)
  // b stays near full (0.3 at 126..127/127) in every window: no dip back to its text value 0.2.
  for (const m of levels) expect(m).toBeGreaterThan(0.3 * 0.95)
})

test('a mapped knob still moves, its text and its sound, while another line has an error', async ({ page }) => {
  const patch = 'knob cutoff = 200 [80..9000] exp cc 74\nout = filter(lp, osc(saw, 110), cutoff) * 0.3\n'
  await playPatch(page, patch)
  const broken = patch + 'node half = filtr(lp, noise(), 800)\n'
  await page.evaluate((t) => window.__midiHook.app.setText(t), broken)
  await expect(page.locator('.cm-lintRange-error').first()).toBeVisible()
  const before = await frameNow(page)
  await waitAudio(page, before, 0.3)
  const end = await twist(page, 74, [40, 70, 100, 120, 127])
  await expect.poll(() => text(page)).toBe(broken.replace('200 [80..9000]', '9000 [80..9000]'))
  await waitAudio(page, end, 0.3)
  const r = await readCapture(page)
  const n = 8192
  const ratio = (at: number) => magnitudeAt(r.samples, 1760, r.rate, at, n) / magnitudeAt(r.samples, 110, r.rate, at, n)
  const gain = 20 * Math.log10(ratio(r.at(end) + 0.1 * r.rate) / ratio(r.at(before)))
  console.log(`  measured: 1760 Hz / 110 Hz rose ${gain.toFixed(1)} dB with the patch broken elsewhere`)
  expect(gain).toBeGreaterThan(30)
})
