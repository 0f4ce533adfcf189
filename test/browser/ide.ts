/// Driving the IDE page from the specs: load a patch, play, select and type in the editor, and
/// record what reaches the speakers (through the page's `window.__tapline` hook).

import { expect, type Page } from '@playwright/test'
import type {} from '../../src/test-hook.ts'

/// Opens the page, waits for the editor, and (if given) replaces the patch text.
export async function openIde(page: Page, text?: string): Promise<void> {
  await page.goto('/')
  await expect(page.locator('.cm-content')).toBeVisible()
  await page.waitForFunction(() => window.__tapline !== undefined)
  if (text !== undefined) await page.evaluate((t) => window.__tapline!.app.setText(t), text)
}

export async function play(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Play', exact: true }).click()
  await page.waitForFunction(() => window.__tapline!.host.playing && window.__tapline!.ctx?.state === 'running')
}

export async function startCapture(page: Page): Promise<void> {
  await page.evaluate(() => window.__tapline!.capture.start())
}

export interface Recording {
  frame: number
  sampleRate: number
  samples: number[]
}

export async function readCapture(page: Page): Promise<Recording> {
  return page.evaluate(() => window.__tapline!.capture.read())
}

/// The context's current frame: where "now" falls in a recording.
export async function nowFrame(page: Page): Promise<number> {
  return page.evaluate(() => Math.round(window.__tapline!.ctx!.currentTime * window.__tapline!.ctx!.sampleRate))
}

/// Selects the first occurrence of `find` in the editor (after `after`, if given) and focuses it.
export async function select(page: Page, find: string, after = ''): Promise<void> {
  await page.evaluate(
    ([find, after]) => {
      const view = window.__tapline!.app.view
      const text = view.state.doc.toString()
      const at = text.indexOf(find, after ? text.indexOf(after) + after.length : 0)
      if (at < 0) throw new RangeError(`'${find}' is not in the patch`)
      view.dispatch({ selection: { anchor: at, head: at + find.length }, scrollIntoView: true })
      view.focus()
    },
    [find, after],
  )
}

/// Puts the cursor at the end of the text.
export async function cursorAtEnd(page: Page): Promise<void> {
  await page.evaluate(() => {
    const view = window.__tapline!.app.view
    view.dispatch({ selection: { anchor: view.state.doc.length } })
    view.focus()
  })
}

export const sleep = (page: Page, ms: number) => page.waitForTimeout(ms)

/// Chromium's playout statistics: time the output device was starved (a dropout), in seconds.
export async function underruns(page: Page): Promise<{ events: number; seconds: number; total: number; latency: number }> {
  return page.evaluate(() => {
    const s = (window.__tapline!.ctx as unknown as { playbackStats?: Record<string, number> }).playbackStats
    return s
      ? { events: s.underrunEvents, seconds: s.underrunDuration, total: s.totalDuration, latency: s.averageLatency }
      : { events: NaN, seconds: NaN, total: NaN, latency: NaN }
  })
}

/// Notes the context frame at the next edit's `beforeinput` event, the moment the keystroke
/// reaches the editor; `editFrame` reads it back.
export async function markNextEdit(page: Page): Promise<void> {
  await page.evaluate(() => {
    document.addEventListener(
      'beforeinput',
      () => {
        const ctx = window.__tapline!.ctx!
        ;(window as unknown as { editFrame: number }).editFrame = Math.round(ctx.currentTime * ctx.sampleRate)
      },
      { capture: true, once: true },
    )
  })
}

export async function editFrame(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { editFrame: number }).editFrame)
}

/// Starts recording the engine's `loaded` answers; `rebuilds` reads whether each one rebuilt.
export async function watchLoads(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { rebuilds: boolean[] }
    w.rebuilds = []
    window.__tapline!.app.onEngine((m) => {
      if (m.type === 'loaded') w.rebuilds.push(m.rebuilt)
    })
  })
}

export async function rebuilds(page: Page): Promise<boolean[]> {
  return page.evaluate(() => (window as unknown as { rebuilds: boolean[] }).rebuilds)
}

/// Alt-drags the middle of the first editor token reading exactly `text`, `steps` moves of `dx`
/// pixels to the right, pausing `pauseMs` after each.
export async function altDrag(page: Page, text: string, steps: number, dx: number, pauseMs = 0): Promise<void> {
  const box = (await page.locator('.cm-line span', { hasText: new RegExp(`^${text}$`) }).first().boundingBox())!
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2]
  await page.keyboard.down('Alt')
  await page.mouse.move(x, y)
  await page.mouse.down()
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(x + i * dx, y)
    if (pauseMs) await page.waitForTimeout(pauseMs)
  }
  await page.mouse.up()
  await page.keyboard.up('Alt')
}
