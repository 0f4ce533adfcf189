/// Keystroke to new sound in the real IDE page (realtime AudioContext). Needs the IDE page from the
/// IDE branch; until it is on main this reports "not measured".

import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from '@playwright/test'
import type { ExtraEntry } from './report.ts'
import { ROOT } from './serve.ts'

export async function measureIdeLatency(_browser: Browser): Promise<ExtraEntry[]> {
  const hasIde = existsSync(join(ROOT, 'src/editor')) || existsSync(join(ROOT, 'src/main.ts'))
  return [
    {
      measure: 'IDE: last keystroke of an edit to the new sound at the output',
      value: null,
      unit: 'ms',
      note: hasIde ? 'IDE page present but not wired into the bench yet' : 'not measured yet: the IDE page is not on main',
    },
  ]
}
