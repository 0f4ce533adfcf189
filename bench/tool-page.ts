/// The bench page in headless Chromium for the command-line tools (block-cost.ts, start-curve.ts):
/// built, served, opened and its engines loaded. `CHROMIUM_BIN` picks another Chromium binary (a
/// line-buffered wrapper, to read V8's traces as they happen); `JS_FLAGS` passes V8 flags, commas
/// for spaces (`JS_FLAGS=--trace-opt,--trace-deopt`); `LOGGING=1` has Chromium log the pages' and
/// worklets' console lines to its stderr, so that a `console.log` marks a moment among V8's lines.

import { chromium, type Page } from '@playwright/test'
import { CHROMIUM, CHROMIUM_ARGS } from './browser.ts'
import type { TapBench } from './page/main.ts'
import { buildPage, serve } from './serve.ts'

export async function openToolPage(): Promise<{ page: Page; close: () => Promise<void> }> {
  await buildPage()
  const { server, origin } = await serve()
  const jsFlags = process.env.JS_FLAGS ? [`--js-flags=${process.env.JS_FLAGS.replaceAll(',', ' ')}`] : []
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_BIN ?? CHROMIUM, args: [...CHROMIUM_ARGS, ...jsFlags, ...(process.env.LOGGING ? ['--enable-logging=stderr', '--v=0'] : [])] })
  const close = async () => {
    await browser.close()
    server.close()
  }
  try {
    const page = await browser.newPage()
    await page.goto(`${origin}/index.html`)
    await page.waitForFunction(() => document.body.dataset.ready === 'true')
    await page.evaluate(() => (window as unknown as { tapBench: TapBench }).tapBench.init())
    return { page, close }
  } catch (e) {
    await close()
    throw e
  }
}
