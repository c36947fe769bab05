/**
 * Loaded by `queue-tui serve` before anything else of the dashboard (cli.tsx imports it first, on
 * its own), so V8 runs the server's modules under these settings from the start. A server that
 * lives for days, mostly idle, rendering a few pages a second at most, trades a little CPU for
 * memory here, with V8's own settings and no limit that could make it fail:
 * - no optimizing compiler (TurboFan): its compile jobs run on V8's worker threads, whose scratch
 *   memory stays with the process (~4 MB of the server's 59 MB idle); the interpreter and the
 *   baseline compiler render a page in the same time here, and the server's CPU did not grow;
 * - its young generation stays at its starting size: it allocates a little, often, and V8 would
 *   grow it towards 16 MB per semi-space for that;
 * - V8's optimize-for-size mode: the old generation grows by smaller steps and is collected sooner.
 * `npm run bench -- serve` measures the result: RSS, CPU and time to first byte.
 */
import v8 from 'node:v8';

v8.setFlagsFromString('--no-opt');
v8.setFlagsFromString('--semi-space-growth-factor=1');
v8.setFlagsFromString('--optimize-for-size');
