/// Page helpers shared by the MIDI specs: load a patch, play it, capture the output, and send
/// MIDI through the stand-in, noting the sample frame each message was sent at.

import { expect, type Page } from '@playwright/test'

declare global {
  interface Window {
    __midiStub: { send(bytes: number[], id?: string): boolean; plug(name: string): string; unplug(id: string): void; readonly listening: number; requests: number }
  }
}

/// Opens the IDE, replaces the patch, plays and starts capturing the output.
export async function playPatch(page: Page, text: string, opts: { waitForMidi?: boolean } = {}): Promise<void> {
  await page.goto('/')
  await page.waitForFunction(() => !!window.__tapline)
  await page.evaluate(async (t) => {
    const h = window.__tapline!
    h.lastApplyMs = null
    h.app.setText(t)
    await h.app.play()
    await h.capture.start()
  }, text)
  await page.waitForFunction(() => window.__tapline!.lastApplyMs !== null)
  if (opts.waitForMidi ?? true) await page.waitForFunction(() => window.__midiStub.listening > 0)
}

/// Sends a message from the stand-in device; returns the context frame it was sent at.
export async function sendMidi(page: Page, bytes: number[], id?: string): Promise<number> {
  return page.evaluate(
    ([b, i]) => {
      const ok = window.__midiStub.send(b as number[], i as string | undefined)
      if (!ok) throw new Error('no listener on the MIDI input')
      const ctx = window.__tapline!.ctx!
      return Math.round(ctx.currentTime * ctx.sampleRate)
    },
    [bytes, id] as const,
  )
}

/// The context frame now.
export async function frameNow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const ctx = window.__tapline!.ctx!
    return Math.round(ctx.currentTime * ctx.sampleRate)
  })
}

export interface Recording {
  rate: number
  samples: number[]
  /// Index in `samples` of a context frame.
  at(frame: number): number
}

export async function readCapture(page: Page): Promise<Recording> {
  const c = await page.evaluate(() => window.__tapline!.capture.read())
  expect(c.samples.length).toBeGreaterThan(0)
  const bad: number[] = []
  c.samples.forEach((s, i) => { if (!Number.isFinite(s)) bad.push(i) })
  // The capture marks lost audio chunks with NaN: a measurement over one fails, others stand.
  if (bad.length) console.warn(`capture: ${bad.length} lost samples from index ${bad[0]}`)
  return { rate: c.sampleRate, samples: c.samples, at: (f) => f - c.frame }
}

/// Waits for the audio clock (not the wall clock) to pass `seconds` after `frame`.
export async function waitAudio(page: Page, frame: number, seconds: number): Promise<void> {
  await page.waitForFunction(
    ([f, s]) => {
      const ctx = window.__tapline!.ctx!
      return ctx.currentTime * ctx.sampleRate >= f + s * ctx.sampleRate
    },
    [frame, seconds] as const,
    { polling: 20 },
  )
}
