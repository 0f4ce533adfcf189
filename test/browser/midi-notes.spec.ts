/// MIDI notes play `poly(VOICE, midi)`: equal temperament with pitch bend, velocity, release on
/// note-off, the sustain pedal, voice stealing, and devices plugged in while playing. Measured
/// in the page's captured output.

import { expect, test } from '@playwright/test'
import { installMidiStub } from './midi-stub.ts'
import { frameNow, playPatch, readCapture, sendMidi, waitAudio } from './midi-page.ts'
import { magnitudeAt, peakFrequency, rms, spectralPeaks } from './midi-sound.ts'

const PATCH = (voices: number) => `voice key(freq, gate, vel) {
  node env = adsr(gate, 2ms, 20ms, 1, 150ms)
  out = osc(sine, freq) * env * vel * 0.2
}
out = poly(key, midi, voices: ${voices})
`
const NOTE_ON = 0x90
const NOTE_OFF = 0x80
const A4 = 69
const hz = (m: number) => 440 * 2 ** ((m - 69) / 12)

test.beforeEach(async ({ page }) => {
  await installMidiStub(page)
})

test('a note-on for A4 plays 440 Hz at its velocity, and its note-off starts the release', async ({ page }) => {
  await playPatch(page, PATCH(4))
  const quiet = await frameNow(page)
  await waitAudio(page, quiet, 0.15)
  const on = await sendMidi(page, [NOTE_ON, A4, 100])
  await waitAudio(page, on, 0.5)
  const off = await sendMidi(page, [NOTE_OFF, A4, 0])
  await waitAudio(page, off, 0.6)
  const r = await readCapture(page)
  const sr = r.rate

  expect(rms(r.samples, r.at(quiet), r.at(on) - 256)).toBeLessThan(1e-4)
  const f = peakFrequency(r.samples, sr, r.at(on) + 0.1 * sr, 8192, 100, 2000)
  console.log(`  measured: A4 at ${f.toFixed(2)} Hz`)
  expect(Math.abs(f - 440)).toBeLessThan(0.5)
  // A sine at 0.2 * vel (100/127): RMS 0.2 * 0.787 / sqrt 2.
  const held = rms(r.samples, r.at(off) - 0.15 * sr, r.at(off) - 0.03 * sr)
  expect(held).toBeGreaterThan(0.2 * (100 / 127) * Math.SQRT1_2 * 0.9)
  expect(held).toBeLessThan(0.2 * (100 / 127) * Math.SQRT1_2 * 1.1)
  // The release: falling, not cut. Just after the note-off it still sounds, lower each moment.
  const early = rms(r.samples, r.at(off) + 0.04 * sr, r.at(off) + 0.07 * sr)
  const mid = rms(r.samples, r.at(off) + 0.12 * sr, r.at(off) + 0.15 * sr)
  const late = rms(r.samples, r.at(off) + 0.4 * sr, r.at(off) + 0.5 * sr)
  console.log(`  measured: held RMS ${held.toFixed(4)}; after note-off ${early.toFixed(4)} (40-70 ms), ${mid.toFixed(4)} (120-150 ms), ${late.toExponential(1)} (400-500 ms)`)
  expect(early).toBeLessThan(held * 0.95)
  expect(early).toBeGreaterThan(held * 0.1)
  expect(mid).toBeLessThan(early)
  expect(late).toBeLessThan(held * 0.01)
})

test('three held notes give three fundamentals', async ({ page }) => {
  await playPatch(page, PATCH(4))
  const notes = [60, 64, 67]
  let on = 0
  for (const n of notes) on = await sendMidi(page, [NOTE_ON, n, 100])
  await waitAudio(page, on, 0.5)
  const r = await readCapture(page)
  const from = r.at(on) + 0.1 * r.rate
  const peaks = spectralPeaks(r.samples, r.rate, from, 16384, 150, 1000, 1, 0.1)
  expect(peaks.length).toBe(3)
  const found = peaks.map((p) => peakFrequency(r.samples, r.rate, from, 16384, p.hz - 3, p.hz + 3, 0.5)).sort((a, b) => a - b)
  console.log(`  measured: fundamentals ${found.map((x) => x.toFixed(2)).join(', ')} Hz`)
  notes.forEach((n, i) => expect(Math.abs(found[i] - hz(n))).toBeLessThan(0.5))
  // Equal velocities, equal levels.
  const mags = notes.map((n) => magnitudeAt(r.samples, hz(n), r.rate, from, 16384))
  for (const m of mags) expect(m / mags[0]).toBeCloseTo(1, 1)
})

test('pitch bend moves every voice up to two semitones each way', async ({ page }) => {
  await playPatch(page, PATCH(4))
  await sendMidi(page, [NOTE_ON, A4, 100])
  const up = await sendMidi(page, [0xe0, 0x7f, 0x7f])
  await waitAudio(page, up, 0.3)
  const down = await sendMidi(page, [0xe0, 0x00, 0x00])
  await waitAudio(page, down, 0.3)
  const centre = await sendMidi(page, [0xe0, 0x00, 0x40])
  await waitAudio(page, centre, 0.3)
  const r = await readCapture(page)
  const at = (f: number) => peakFrequency(r.samples, r.rate, r.at(f) + 0.05 * r.rate, 8192, 300, 600, 1)
  console.log(`  measured: bend up ${at(up).toFixed(2)}, down ${at(down).toFixed(2)}, centre ${at(centre).toFixed(2)} Hz`)
  expect(Math.abs(at(up) - 440 * 2 ** (2 / 12))).toBeLessThan(0.6)
  expect(Math.abs(at(down) - 440 * 2 ** (-2 / 12))).toBeLessThan(0.6)
  expect(Math.abs(at(centre) - 440)).toBeLessThan(0.6)
})

test('the sustain pedal holds released notes until it lifts', async ({ page }) => {
  await playPatch(page, PATCH(4))
  await sendMidi(page, [0xb0, 64, 127])
  const on = await sendMidi(page, [NOTE_ON, A4, 100])
  await waitAudio(page, on, 0.2)
  const off = await sendMidi(page, [NOTE_OFF, A4, 0])
  await waitAudio(page, off, 0.4)
  const lift = await sendMidi(page, [0xb0, 64, 0])
  await waitAudio(page, lift, 0.45)
  const r = await readCapture(page)
  const sr = r.rate
  const held = rms(r.samples, r.at(on) + 0.05 * sr, r.at(off) - 0.02 * sr)
  const pedalled = rms(r.samples, r.at(off) + 0.25 * sr, r.at(lift) - 0.02 * sr)
  const after = rms(r.samples, r.at(lift) + 0.35 * sr, r.at(lift) + 0.45 * sr)
  console.log(`  measured: pedalled/held ${(pedalled / held).toFixed(3)}, after lift ${after.toExponential(1)}`)
  expect(held).toBeGreaterThan(0.05)
  expect(pedalled / held).toBeGreaterThan(0.95)
  expect(after).toBeLessThan(held * 0.01)
})

test('more notes than voices steal the oldest', async ({ page }) => {
  await playPatch(page, PATCH(2))
  await sendMidi(page, [NOTE_ON, 60, 100])
  await sendMidi(page, [NOTE_ON, 64, 100])
  const third = await sendMidi(page, [NOTE_ON, 67, 100])
  await waitAudio(page, third, 0.4)
  const r = await readCapture(page)
  const from = r.at(third) + 0.1 * r.rate
  const m = (n: number) => magnitudeAt(r.samples, hz(n), r.rate, from, 12000)
  console.log(`  measured: c4 ${m(60).toExponential(1)}, e4 ${m(64).toFixed(3)}, g4 ${m(67).toFixed(3)}`)
  expect(m(64)).toBeGreaterThan(0.05)
  expect(m(67)).toBeGreaterThan(0.05)
  expect(m(60)).toBeLessThan(m(64) * 0.01)
})

test('a device plugged in while playing is heard without a reload; an unplugged one lets go', async ({ page }) => {
  await playPatch(page, PATCH(4))
  const first = await page.evaluate(() => window.__midiStub.plug('Late keys'))
  await page.waitForFunction(() => window.__midiStub.listening === 2)
  await expect(page.locator('.tp-midi-in')).toHaveText('MIDI 2')
  const on = await sendMidi(page, [NOTE_ON, 72, 100], first)
  await waitAudio(page, on, 0.2)
  // Pulled out while the key is down: the note must not hang.
  const gone = await frameNow(page)
  await page.evaluate((id) => window.__midiStub.unplug(id), first)
  await expect(page.locator('.tp-midi-in')).toHaveText('MIDI 1')
  await waitAudio(page, gone, 0.6)
  const r = await readCapture(page)
  const sr = r.rate
  expect(Math.abs(peakFrequency(r.samples, sr, r.at(on) + 0.02 * sr, 4096, 300, 1200) - hz(72))).toBeLessThan(2)
  expect(rms(r.samples, r.at(gone) + 0.45 * sr, r.at(gone) + 0.55 * sr)).toBeLessThan(1e-3)
})
