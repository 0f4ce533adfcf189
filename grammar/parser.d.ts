// Types for the parser that grammar/build.mjs generates from patch.grammar.
import type { LRParser } from '@lezer/lr'
export declare const parser: LRParser
