import { defineConfig } from 'vitest/config'

export default defineConfig({
  // Relative asset paths let the built app run from any folder or sub-path.
  base: './',
  optimizeDeps: { include: ['@lezer/lr'] },
  build: { target: 'es2022', sourcemap: true },
  preview: { port: 4173 },
  server: { port: 5173 },
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
})
