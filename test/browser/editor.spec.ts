// The language in the editor: completion, hover docs, lint messages, highlighting and keys.
import { test, expect } from '@playwright/test'
import { openIde, cursorAtEnd, sleep } from './ide.ts'

test('autocomplete offers filter after typing fil', async ({ page }) => {
  await openIde(page)
  await cursorAtEnd(page)
  await page.keyboard.type('\nnode f = fil')
  const options = page.locator('.cm-tooltip-autocomplete li')
  await expect(options.first()).toBeVisible()
  await expect(page.locator('.cm-tooltip-autocomplete .cm-completionLabel', { hasText: /^filter$/ })).toBeVisible()
  // Accepting it writes the call with its required arguments, ready to fill in. (CodeMirror
  // ignores Enter for 75 ms after the list opens, so a fast typist does not accept by accident.)
  await sleep(page, 150)
  await page.keyboard.press('Enter')
  await expect(page.locator('.cm-line').last()).toHaveText('node f = filter(mode, input, cutoff)')
})

test('autocomplete offers the modes of the call being typed and its keyword arguments', async ({ page }) => {
  await openIde(page, 'node a = osc(')
  await cursorAtEnd(page)
  await page.keyboard.press('Control+Space')
  const labels = page.locator('.cm-tooltip-autocomplete .cm-completionLabel')
  await expect(labels.first()).toBeVisible()
  const shown = await labels.allTextContents()
  expect(shown).toEqual(expect.arrayContaining(['sine', 'saw', 'square', 'tri']))
  await page.keyboard.press('Escape')
  await page.keyboard.type('saw, 110, ')
  await page.keyboard.press('Control+Space')
  await expect(labels.first()).toBeVisible()
  expect(await labels.allTextContents()).toEqual(expect.arrayContaining(['pw:']))
})

test('an unknown name is marked, and its message on hover suggests the closest name', async ({ page }) => {
  await openIde(page)
  await cursorAtEnd(page)
  await page.keyboard.type('\nnode g = filtr(lp, noise(), 800)')
  const mark = page.locator('.cm-lintRange-error')
  await expect(mark).toHaveCount(1)
  await expect(mark).toHaveText('filtr')
  await mark.hover()
  await expect(page.locator('.cm-tooltip-lint')).toContainText('filter')
  await expect(page.locator('#status')).toContainText('filter')
})

test('hovering a function shows its reference from the node-type table', async ({ page }) => {
  await openIde(page, 'node a = filter(lp, noise(), 800, 2)\nout = a\n')
  await page.locator('.cm-line span', { hasText: /^filter$/ }).hover()
  const tip = page.locator('.cm-tooltip-hover')
  await expect(tip).toContainText('filter(mode, input, cutoff, q: 0.707)')
  await expect(tip).toContainText('biquad')
})

test('the language is highlighted from the grammar', async ({ page }) => {
  await openIde(page, 'knob cut = 800 [100..4000] exp\nnode a = osc(saw, 110) # bass\nout = a\n')
  const color = (text: string) =>
    page.locator('.cm-line span', { hasText: new RegExp(`^${text}$`) }).first().evaluate((e) => getComputedStyle(e).color)
  const [kw, fn, num, comment, mode, name] = [
    await color('node'), await color('osc'), await color('110'), await color('# bass'), await color('saw'), await color('a'),
  ]
  expect(new Set([kw, fn, num, comment, mode, name]).size).toBe(6)
})

test('Ctrl+Z undoes and Ctrl+F searches', async ({ page }) => {
  await openIde(page, 'node a = osc(saw, 110)\nout = a\n')
  await cursorAtEnd(page)
  await page.keyboard.type('# tail')
  await page.keyboard.press('Control+Z')
  await expect(page.locator('.cm-content')).not.toContainText('# tail')
  await page.keyboard.press('Control+F')
  await expect(page.locator('.cm-search input[name=search]')).toBeFocused()
})
