import { existsSync } from 'node:fs'
import { defineConfig } from '@playwright/test'

// Debian's Chromium (browser downloads cannot work here); see README "Two commands".
const chromium = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/lib/chromium/chromium'].find(existsSync) ?? '/usr/bin/chromium'
if (!existsSync(chromium)) {
  throw new Error(`The browser tests need Chromium at ${chromium}: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH`)
}
// Several checkouts may test on one machine at once: each can pick its own port.
const port = Number(process.env.TAPLINE_PORT ?? 4173)

export default defineConfig({
  testDir: 'test/browser',
  outputDir: 'test-results/playwright',
  workers: 1,
  // The sound specs run a realtime AudioContext; on a busy machine Chromium can miss a render
  // deadline and drop a quantum, which no code of ours can prevent. CI retries such a spec; the
  // report still lists it as flaky, so a real regression (failing every time) stays red.
  retries: process.env.CI ? 2 : 0,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--autoplay-policy=no-user-gesture-required',
      ],
    },
  },
  webServer: {
    command: `npx vite build && npx vite preview --strictPort --port ${port}`,
    url: `http://localhost:${port}`,
    // Never test a server some other checkout started on this port.
    reuseExistingServer: false,
    timeout: 120_000,
  },
})
