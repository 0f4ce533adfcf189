/// Keystroke to new sound in the real IDE page, with a realtime AudioContext: the app is built as it
/// ships (the project's Vite config, index.html), played, and an edit is typed into the editor while
/// the page's `window.__tapline` hook records what reaches the speakers. The edit turns a silent
/// patch audible, so the new sound's onset is the first loud sample after the keystroke.
///
/// Figures: from the keystroke (the editor's `beforeinput`, as a context frame) to the onset in the
/// rendered output, for a number edit (values only, no rebuild) and for a shape edit (a new
/// generated function, swapped in with the engine's 5 ms crossfade); plus the page's own "edit to
/// engine acknowledged" time and the output device latency Chromium reports (headless, no sound card).

import { join } from 'node:path'
import type { Browser, Page } from '@playwright/test'
import { build } from 'vite'
import type {} from '../src/test-hook.ts'
import { median, type ExtraEntry } from './report.ts'
import { ROOT } from './serve.ts'

export const APP_DIR = join(ROOT, 'bench/dist/app')
const RUNS = 5
const SILENT = 'node o = osc(sine, 220)\nout = o * 0\n'
const EDITS = [
  { what: 'number edit (values only)', find: 'o * 0', text: 'o * 0.5' },
  { what: 'shape edit (rebuild)', find: 'o * 0', text: 'osc(saw, 220) * 0.5' },
]

export async function buildApp(): Promise<void> {
  await build({ configFile: join(ROOT, 'vite.config.ts'), root: ROOT, base: './', logLevel: 'warn', build: { outDir: APP_DIR, emptyOutDir: true } })
}

interface Sample {
  renderMs: number
  applyMs: number | null
  deviceMs: number
}

async function oneEdit(page: Page, find: string, text: string): Promise<Sample> {
  await page.evaluate((t) => window.__tapline!.app.setText(t), SILENT)
  await page.waitForTimeout(400)
  await page.evaluate(() => window.__tapline!.capture.start())
  await page.waitForTimeout(300)
  // Select the text to replace and note the context frame at the keystroke's `beforeinput`.
  await page.evaluate((find) => {
    const view = window.__tapline!.app.view
    const at = view.state.doc.toString().indexOf(find)
    view.dispatch({ selection: { anchor: at, head: at + find.length } })
    view.focus()
    document.addEventListener('beforeinput', () => {
      const ctx = window.__tapline!.ctx!
      ;(window as unknown as { editFrame: number }).editFrame = Math.round(ctx.currentTime * ctx.sampleRate)
    }, { capture: true, once: true })
  }, find)
  await page.keyboard.insertText(text)
  await page.waitForTimeout(800)
  const r = await page.evaluate(() => {
    const rec = window.__tapline!.capture.read()
    const ctx = window.__tapline!.ctx as AudioContext & { playbackStats?: { averageLatency: number } }
    window.__tapline!.capture.stop()
    return {
      rec: { frame: rec.frame, sampleRate: rec.sampleRate, loud: rec.samples.findIndex((x) => Math.abs(x) > 0.05) },
      edit: (window as unknown as { editFrame: number }).editFrame,
      apply: window.__tapline!.lastApplyMs,
      device: (ctx.playbackStats?.averageLatency ?? ctx.outputLatency ?? 0) * 1000 || (ctx.baseLatency ?? 0) * 1000,
    }
  })
  if (r.rec.loud < 0) throw new Error('no sound after the edit')
  return { renderMs: ((r.rec.frame + r.rec.loud - r.edit) / r.rec.sampleRate) * 1000, applyMs: r.apply, deviceMs: r.device }
}

export async function measureIdeLatency(browser: Browser, origin: string): Promise<ExtraEntry[]> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  try {
    await page.goto(`${origin}/app/index.html`)
    await page.waitForFunction(() => window.__tapline !== undefined, null, { timeout: 20_000 })
    await page.evaluate((t) => window.__tapline!.app.setText(t), SILENT)
    await page.getByRole('button', { name: 'Play', exact: true }).click()
    await page.waitForFunction(() => window.__tapline!.host.playing && window.__tapline!.ctx?.state === 'running')
    const out: ExtraEntry[] = []
    for (const e of EDITS) {
      const samples: Sample[] = []
      for (let k = 0; k <= RUNS; k++) {
        const s = await oneEdit(page, e.find, e.text)
        if (k > 0) samples.push(s)
      }
      const apply = samples.map((s) => s.applyMs).filter((x): x is number => x != null)
      out.push({
        measure: `IDE, realtime context: last keystroke to the new sound in the rendered output, ${e.what}`,
        value: median(samples.map((s) => s.renderMs)),
        unit: 'ms',
        note: `runs ${samples.map((s) => s.renderMs.toFixed(0)).join(' ')} ms; edit to engine 'loaded' ${apply.length ? median(apply).toFixed(1) : '–'} ms; ` +
          `device output latency ${median(samples.map((s) => s.deviceMs)).toFixed(1)} ms more to the speaker (headless, no sound card)`,
      })
    }
    return out
  } catch (e) {
    return [{ measure: 'IDE: last keystroke to the new sound at the output', value: null, unit: 'ms', note: `not measured: ${String(e).split('\n')[0].slice(0, 200)}` }]
  } finally {
    await page.close()
  }
}
