/// Page helpers shared by the MIDI specs: load a patch, play it, capture the output, and send
/// MIDI through the stand-in, noting the sample frame each message was sent at.

import { expect, type Page } from '@playwright/test'

/// The part of the IDE's test hook (`window.__tapline`, src/test-hook.ts) these specs use, under
/// a name of their own so they do not depend on the hook's full type.
export interface HookView {
  app: { setText(t: string): void; getText(): string; play(): Promise<void> }
  readonly ctx: AudioContext | null
  capture: { start(): Promise<void>; read(): { frame: number; sampleRate: number; samples: number[] } }
}

declare global {
  interface Window {
    __midiStub: { send(bytes: number[], id?: string): boolean; plug(name: string): string; unplug(id: string): void; readonly listening: number; requests: number }
    __midiHook: HookView
  }
}

/// Opens the IDE, replaces the patch, plays and starts capturing the output.
export async function playPatch(page: Page, text: string, opts: { waitForMidi?: boolean } = {}): Promise<void> {
  await page.goto('/')
  await page.waitForFunction(() => !!(window as unknown as { __tapline?: HookView }).__tapline)
  await page.evaluate(async (t) => {
    const h = (window.__midiHook = (window as unknown as { __tapline: HookView }).__tapline)
    h.app.setText(t)
    await h.app.play()
    await h.capture.start()
  }, text)
  // The patch went to the engine's port before anything these specs send (or is re-sent first
  // when the engine boots), so the engine has it before the first MIDI message.
  await expect.poll(() => page.evaluate(() => window.__midiHook.ctx?.state), { message: 'the audio context runs', timeout: 20_000 }).toBe('running')
  if (opts.waitForMidi ?? true) {
    await expect.poll(() => page.evaluate(() => window.__midiStub.listening), { message: 'the page listens to the MIDI input', timeout: 20_000 }).toBeGreaterThan(0)
  }
}

/// Sends a message from the stand-in device; returns the context frame just before it was sent,
/// which the message cannot act before. (Read after the send, the frame came out late whenever the
/// page's thread was held up between the two on a loaded machine, while the audio thread had
/// already played the note: the A4 spec heard its note before the frame it was given.)
export async function sendMidi(page: Page, bytes: number[], id?: string): Promise<number> {
  return page.evaluate(
    ([b, i]) => {
      const ctx = window.__midiHook.ctx!
      const frame = Math.round(ctx.currentTime * ctx.sampleRate)
      const ok = window.__midiStub.send(b as number[], i as string | undefined)
      if (!ok) throw new Error('no listener on the MIDI input')
      return frame
    },
    [bytes, id] as const,
  )
}

/// The context frame now.
export async function frameNow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const ctx = window.__midiHook.ctx!
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
  const c = await page.evaluate(() => window.__midiHook.capture.read())
  expect(c.samples.length).toBeGreaterThan(0)
  const bad: number[] = []
  c.samples.forEach((s: number, i: number) => { if (!Number.isFinite(s)) bad.push(i) })
  // The capture marks lost audio chunks with NaN: a measurement over one fails, others stand.
  if (bad.length) console.warn(`capture: ${bad.length} lost samples from index ${bad[0]}`)
  return { rate: c.sampleRate, samples: c.samples, at: (f) => f - c.frame }
}

/// Waits for the audio clock (not the wall clock) to pass `seconds` after `frame`, plus one
/// capture chunk (2048 frames), so the recording holds those samples.
export async function waitAudio(page: Page, frame: number, seconds: number): Promise<void> {
  await page.waitForFunction(
    ([f, s]) => {
      const ctx = window.__midiHook.ctx!
      return ctx.currentTime * ctx.sampleRate >= f + s * ctx.sampleRate + 2048 + 256
    },
    [frame, seconds] as const,
    { polling: 20 },
  )
}
