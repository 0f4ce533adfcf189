/// The computer keyboard plays `poly(..., midi)` while the editor does not have the focus, and
/// types while it does. Run without Web MIDI, which the page explains once.

import { expect, test } from '@playwright/test'
import { installMidiStub } from './midi-stub.ts'
import { frameNow, playPatch, readCapture, waitAudio } from './midi-page.ts'
import { peakFrequency, rms } from './midi-sound.ts'

const PATCH = `voice key(freq, gate, vel) {
  out = osc(sine, freq) * adsr(gate, 2ms, 20ms, 1, 50ms) * vel * 0.2
}
out = poly(key, midi, voices: 4)
`
const C4 = 440 * 2 ** (-9 / 12)

test('the A key plays C4 when the editor is not focused, and types an a when it is', async ({ page }) => {
  await installMidiStub(page, { mode: 'absent' })
  await playPatch(page, PATCH, { waitForMidi: false })
  await expect(page.locator('.tp-midi-in')).toHaveText('no MIDI')
  // Explained once, quietly, beside the indicator (the status line belongs to the compiler).
  await expect(page.locator('.tp-midi-note')).toContainText('no Web MIDI')
  const keys = page.locator('.tp-midi-keys')
  await expect(keys).toBeVisible()

  // Leave the editor: the keyboard is live.
  await page.locator('#panel').click({ position: { x: 5, y: 5 } })
  await expect(keys).toHaveClass(/tp-on/)
  await page.keyboard.down('a')
  const down = await frameNow(page)
  await waitAudio(page, down, 0.4)
  await page.keyboard.up('a')
  const up = await frameNow(page)
  await waitAudio(page, up, 0.3)
  // z: an octave down.
  await page.keyboard.press('z')
  await page.keyboard.down('a')
  const low = await frameNow(page)
  await waitAudio(page, low, 0.4)
  await page.keyboard.up('a')
  await expect(keys).toHaveText('⌨ C3')

  // Into the editor: `a` is typed, and nothing sounds.
  const editor = page.locator('.cm-content')
  await editor.click()
  await page.keyboard.press('Control+End')
  await expect(keys).not.toHaveClass(/tp-on/)
  const typed = await frameNow(page)
  await page.keyboard.down('a')
  await waitAudio(page, typed, 0.4)
  await page.keyboard.up('a')
  await waitAudio(page, typed, 0.4)
  expect(await page.evaluate(() => window.__midiHook.app.getText())).toBe(PATCH + 'a')

  const r = await readCapture(page)
  const sr = r.rate
  const fa = peakFrequency(r.samples, sr, r.at(down) + 0.1 * sr, 8192, 100, 1000)
  console.log(`  measured: a key ${fa.toFixed(2)} Hz; typed-in-editor RMS ${rms(r.samples, r.at(typed), r.at(typed) + 0.4 * sr).toExponential(1)}`)
  expect(Math.abs(fa - C4)).toBeLessThan(0.5)
  expect(rms(r.samples, r.at(down) + 0.1 * sr, r.at(down) + 0.3 * sr)).toBeGreaterThan(0.05)
  expect(rms(r.samples, r.at(up) + 0.2 * sr, r.at(up) + 0.3 * sr)).toBeLessThan(1e-3)
  expect(Math.abs(peakFrequency(r.samples, sr, r.at(low) + 0.1 * sr, 8192, 60, 1000) - C4 / 2)).toBeLessThan(0.5)
  expect(rms(r.samples, r.at(typed), r.at(typed) + 0.4 * sr)).toBeLessThan(1e-4)
})

test('a refused MIDI permission is explained once, and the keyboard still plays', async ({ page }) => {
  await installMidiStub(page, { mode: 'deny' })
  await playPatch(page, PATCH, { waitForMidi: false })
  const note = page.locator('.tp-midi-note')
  await expect(note).toContainText('not allowed')
  await expect(page.locator('.tp-midi-in')).toHaveText('no MIDI')
  expect(await page.evaluate(() => window.__midiStub.requests)).toBe(1)
  // A second patch that wants MIDI neither asks again nor explains again.
  await note.click()
  await expect(note).toBeHidden()
  await page.evaluate((t) => window.__midiHook.app.setText(t), PATCH.replace('voices: 4', 'voices: 3'))
  await page.waitForTimeout(300)
  await expect(note).toBeHidden()
  expect(await page.evaluate(() => window.__midiStub.requests)).toBe(1)

  await page.locator('#panel').click({ position: { x: 5, y: 5 } })
  await page.keyboard.down('h')
  const down = await frameNow(page)
  await waitAudio(page, down, 0.3)
  await page.keyboard.up('h')
  const r = await readCapture(page)
  expect(Math.abs(peakFrequency(r.samples, r.rate, r.at(down) + 0.05 * r.rate, 8192, 100, 1000) - 440)).toBeLessThan(0.5)
})
