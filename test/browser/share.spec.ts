import { expect, test, type Page } from '@playwright/test'
import { crc32 } from '../../src/share/crc32.ts'
import { toBase64url } from '../../src/share/base64url.ts'
import { encodeShare } from '../../src/share/codec.ts'

// Sharing, autosave and WAV export in the real page (issue 6).

/// The parts of the IDE's test hook (`window.__tapline`, src/test-hook.ts) these tests read.
interface TestWindow {
  __tapline?: {
    app: {
      getText(): string
      compiled: { patch: { controls: { name: string; value: number; min: number; max: number; steps: unknown[] }[] } | null } | null
    }
    host: { playing: boolean; prepare(): Promise<void> }
    ctx: AudioContext | null
    capture: { start(): Promise<void>; read(): { frame: number; sampleRate: number; samples: number[] } }
  }
}

async function openApp(page: Page, path = '/'): Promise<void> {
  await page.goto(path)
  await page.waitForFunction(() => (window as unknown as TestWindow).__tapline !== undefined)
}

const editorText = (page: Page) => page.evaluate(() => (window as unknown as TestWindow).__tapline!.app.getText())

/// Every control in the side panel as `name=value` lines: sliders with their value, toggles and
/// grid cells with their state.
const panelState = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('#panel [role="slider"], #panel [aria-pressed]')]
      .map((e) => `${e.getAttribute('aria-label')}=${e.getAttribute('aria-valuenow') ?? e.getAttribute('aria-pressed')}`)
      .join('\n'),
  )

/// The compiled controls (value, range, steps) the engine receives.
const compiledControls = (page: Page) =>
  page.evaluate(() => JSON.stringify((window as unknown as TestWindow).__tapline!.app.compiled?.patch?.controls.map((c) => [c.name, c.value, c.min, c.max, c.steps]) ?? null))

async function typeAtEnd(page: Page, text: string): Promise<void> {
  await page.locator('.cm-content').click()
  await page.keyboard.press('Control+End')
  await page.keyboard.type(text)
}

test('a shared link opens the same text and controls in a fresh browser, and plays', async ({ page, browser }) => {
  await openApp(page)
  await typeAtEnd(page, '\nknob shared = 0.25 [0..1]\n# shared from a test ✓ 🎹 𝄞 "quoted" <b>not html</b>')
  const text = await editorText(page)
  await expect.poll(() => compiledControls(page)).toContain('"shared",0.25')
  const compiled = await compiledControls(page)
  // The side panel shows the same controls (when the panel is part of the page).
  const panelMounted = await page.evaluate(() => document.querySelector('#panel')!.children.length > 0)
  if (panelMounted) await expect.poll(() => panelState(page)).toContain('shared=0.25')
  const controls = await panelState(page)

  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
  await page.getByRole('button', { name: 'Share', exact: true }).click()
  const url = await page.getByRole('dialog', { name: 'Share link' }).getByRole('textbox').inputValue()
  expect(url).toMatch(/#v1\.[A-Za-z0-9_-]+$/)
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url)

  // A fresh browser profile: nothing saved, nothing shared but the URL.
  const fresh = await browser.newContext()
  const other = await fresh.newPage()
  await openApp(other, url)
  await expect.poll(() => editorText(other)).toBe(text)
  await expect.poll(() => panelState(other)).toBe(controls)
  expect(await compiledControls(other)).toBe(compiled)
  await expect(other.getByRole('status').filter({ hasText: 'Opened a shared patch' })).toBeVisible()
  // It waits for Play.
  expect(await other.evaluate(() => (window as unknown as TestWindow).__tapline!.host.playing)).toBe(false)

  await other.evaluate(() => (window as unknown as TestWindow).__tapline!.capture.start())
  await other.getByRole('button', { name: 'Play', exact: true }).click()
  await expect
    .poll(
      async () => {
        const { samples } = await other.evaluate(() => (window as unknown as TestWindow).__tapline!.capture.read())
        const tail = samples.slice(-8192)
        return Math.sqrt(tail.reduce((s: number, x: number) => s + x * x, 0) / Math.max(1, tail.length))
      },
      { timeout: 15_000 },
    )
    .toBeGreaterThan(0.005)
  await fresh.close()
})

test('a corrupted link shows why and keeps the local patch', async ({ page }) => {
  await openApp(page)
  await typeAtEnd(page, '\n# my local work')
  const mine = await editorText(page)
  await page.evaluate(() => window.dispatchEvent(new Event('pagehide'))) // flush autosave now

  await page.getByRole('button', { name: 'Share', exact: true }).click()
  const url = await page.getByRole('dialog', { name: 'Share link' }).getByRole('textbox').inputValue()
  const at = url.length - 10
  const corrupted = url.slice(0, at) + (url[at] === 'A' ? 'B' : 'A') + url.slice(at + 1)

  await openApp(page, corrupted)
  await expect(page.getByRole('alert')).toContainText(/damaged/)
  await expect(page.getByRole('alert')).toContainText('Nothing was loaded')
  expect(await editorText(page)).toBe(mine)

  await openApp(page, '/#v1.' + 'A'.repeat(40) + '<script>alert(1)</script>')
  await expect(page.getByRole('alert')).toContainText('Nothing was loaded')
  expect(await editorText(page)).toBe(mine)

  // A zip bomb behind a valid checksum: 64 MiB of spaces in a 65 KB link. The page stops at
  // 256 KiB and stays responsive.
  const zeros = new Uint8Array(64 * 1024 * 1024).fill(0x20)
  const deflated = new Uint8Array(await new Response(new Blob([zeros]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer())
  const payload = new Uint8Array(4 + deflated.length)
  new DataView(payload.buffer).setUint32(0, crc32(deflated))
  payload.set(deflated, 4)
  const t0 = Date.now()
  await openApp(page, '/#v1.' + toBase64url(payload))
  await expect(page.getByRole('alert')).toContainText('larger than 256 KiB')
  expect(Date.now() - t0).toBeLessThan(5000)
  expect(await editorText(page)).toBe(mine)
})

test('a patch file dropped on the editor opens, and the Examples menu works from the keyboard', async ({ page }) => {
  await openApp(page)
  const before = await editorText(page)
  const dropped = '# Dropped: from the desktop\nout = osc(sine, 330) * 0.1\n'
  const data = await page.evaluateHandle((text) => {
    const dt = new DataTransfer()
    dt.items.add(new File([text], 'dropped.patch', { type: 'text/plain' }))
    return dt
  }, dropped)
  await page.locator('.cm-content').dispatchEvent('dragover', { dataTransfer: data })
  await page.locator('.cm-content').dispatchEvent('drop', { dataTransfer: data })
  await expect.poll(() => editorText(page)).toBe(dropped) // the whole text, not pasted at the cursor
  await expect(page.getByRole('status').filter({ hasText: 'Opened “dropped.patch”' })).toBeVisible()

  await page.getByRole('button', { name: 'Examples' }).focus()
  await page.keyboard.press('ArrowDown') // opens the menu on its first item
  await page.keyboard.press('ArrowDown')
  await expect(page.getByRole('menuitem', { name: 'Arp study' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect.poll(() => editorText(page)).toMatch(/^# Arp study/)
  await expect(page.getByRole('button', { name: 'Examples' })).toBeFocused()

  await page.getByRole('button', { name: 'Recent' }).press('Enter')
  await expect(page.getByRole('menuitem', { name: 'Dropped' })).toBeFocused()
  await page.keyboard.press('End')
  await page.keyboard.press('Enter')
  expect(await editorText(page)).toBe(before)
})

test('a reload keeps the last edit, and a link keeps the previous patch one click away', async ({ page }) => {
  await openApp(page)
  await typeAtEnd(page, '\n# the last edit before reload')
  const edited = await editorText(page)
  await page.reload()
  await page.waitForFunction(() => (window as unknown as TestWindow).__tapline !== undefined)
  expect(await editorText(page)).toBe(edited)

  // Opening an example keeps the edited patch in Recent and offers it back.
  await page.getByRole('button', { name: 'Examples' }).click()
  await page.getByRole('menuitem', { name: 'Ocean' }).click()
  expect(await editorText(page)).toMatch(/^# Ocean/)
  await page.getByRole('button', { name: /^Back to/ }).click()
  expect(await editorText(page)).toBe(edited)
  await page.getByRole('button', { name: 'Recent' }).click()
  await expect(page.getByRole('menuitem', { name: 'Ocean' })).toBeVisible()
  await page.keyboard.press('Escape')

  // A shared link opened over local work: the work is one click away, and so is the link.
  const theirs = '# Theirs: a friend\'s patch\nout = osc(saw, 110) * 0.1\n'
  await openApp(page, '/#' + (await encodeShare(theirs)))
  await expect.poll(() => editorText(page)).toBe(theirs)
  expect(new URL(page.url()).hash).toBe('') // a reload now shows the latest edit, not the link
  await page.getByRole('button', { name: /^Back to/ }).click()
  expect(await editorText(page)).toBe(edited)
  await page.getByRole('button', { name: 'Recent' }).click()
  await page.getByRole('menuitem', { name: 'Theirs' }).click()
  expect(await editorText(page)).toBe(theirs)
})

test('New, Save and Open a file, by keyboard', async ({ page }) => {
  await openApp(page)
  const before = await editorText(page)
  await page.getByRole('button', { name: 'New', exact: true }).focus()
  await page.keyboard.press('Enter')
  expect(await editorText(page)).toMatch(/^bpm 120/)

  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Save', exact: true }).focus()
  await page.keyboard.press('Enter')
  expect((await download).suggestedFilename()).toMatch(/^Patch-\d{4}-\d\d-\d\d-\d\d-\d\d\.patch$/)

  const chooser = page.waitForEvent('filechooser')
  await page.getByRole('button', { name: 'Open…', exact: true }).click()
  await (await chooser).setFiles({ name: 'mine.patch', mimeType: 'text/plain', buffer: Buffer.from('# From a file\nout = osc(tri, 220) * 0.1\n') })
  await expect.poll(() => editorText(page)).toBe('# From a file\nout = osc(tri, 220) * 0.1\n')
  await page.getByRole('button', { name: 'Recent' }).click()
  await expect(page.getByRole('menuitem')).toHaveCount(2) // the New patch and the one before it
  expect(before.length).toBeGreaterThan(0)
})

test('Render 2 s downloads a stereo WAV of 2 s at the context rate, not silent', async ({ page }) => {
  await openApp(page)
  await page.getByRole('button', { name: 'Render…', exact: true }).click()
  const panel = page.getByRole('dialog', { name: 'Render to WAV' })
  await panel.getByLabel('Render length', { exact: true }).fill('2')
  await panel.getByLabel('Render length unit').selectOption('seconds')
  const download = page.waitForEvent('download', { timeout: 30_000 })
  await panel.getByLabel('Render length', { exact: true }).press('Enter')
  const file = await download
  expect(file.suggestedFilename()).toMatch(/\.wav$/)
  const path = await file.path()
  const { readFileSync } = await import('node:fs')
  const wav = parseWav(readFileSync(path))
  const rate = await page.evaluate(async () => {
    await (window as unknown as TestWindow).__tapline!.host.prepare()
    return (window as unknown as TestWindow).__tapline!.ctx!.sampleRate
  })
  expect(wav.channels).toBe(2)
  expect(wav.sampleRate).toBe(rate)
  expect(wav.frames).toBe(2 * rate)
  let sum = 0
  let finite = true
  for (const x of wav.samples) {
    if (!Number.isFinite(x)) finite = false
    sum += x * x
  }
  expect(finite).toBe(true)
  expect(Math.sqrt(sum / wav.samples.length)).toBeGreaterThan(0.005)

  // A long render shows its progress and can be cancelled; nothing is downloaded then.
  await expect(panel).toBeVisible() // the panel stays open for another render
  await panel.getByLabel('Render length', { exact: true }).fill('64')
  await panel.getByLabel('Render length unit').selectOption('bars')
  await panel.getByRole('button', { name: 'Render WAV' }).click()
  await expect(page.getByRole('button', { name: /^Rendering \d+%$/ })).toBeVisible()
  await expect(panel.getByRole('progressbar', { name: 'Render progress' })).toBeVisible()
  let downloaded = false
  page.on('download', () => (downloaded = true))
  await panel.getByRole('button', { name: 'Cancel render' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Render cancelled.' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Render…', exact: true })).toBeVisible()
  await page.waitForTimeout(500)
  expect(downloaded).toBe(false)
})

/// A RIFF/WAVE reader for PCM 16/24/32-bit and 32-bit float, enough to check a download.
function parseWav(buf: Buffer): { channels: number; sampleRate: number; frames: number; samples: Float64Array } {
  expect(buf.toString('ascii', 0, 4)).toBe('RIFF')
  expect(buf.toString('ascii', 8, 12)).toBe('WAVE')
  let at = 12
  let format = 0, channels = 0, sampleRate = 0, bits = 0
  while (at + 8 <= buf.length) {
    const id = buf.toString('ascii', at, at + 4)
    const size = buf.readUInt32LE(at + 4)
    const body = at + 8
    if (id === 'fmt ') {
      format = buf.readUInt16LE(body)
      channels = buf.readUInt16LE(body + 2)
      sampleRate = buf.readUInt32LE(body + 4)
      bits = buf.readUInt16LE(body + 14)
      if (format === 0xfffe) format = buf.readUInt16LE(body + 24) // WAVE_FORMAT_EXTENSIBLE
    } else if (id === 'data') {
      const bytes = bits / 8
      const count = Math.floor(size / bytes)
      const samples = new Float64Array(count)
      for (let i = 0; i < count; i++) {
        const o = body + i * bytes
        samples[i] =
          format === 3 ? buf.readFloatLE(o)
          : bits === 16 ? buf.readInt16LE(o) / 32768
          : bits === 24 ? buf.readIntLE(o, 3) / 8388608
          : buf.readInt32LE(o) / 2147483648
      }
      return { channels, sampleRate, frames: count / channels, samples }
    }
    at = body + size + (size & 1)
  }
  throw new Error('no data chunk')
}
