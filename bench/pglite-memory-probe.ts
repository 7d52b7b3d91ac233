// Loaded into the server process by bench/pglite-memory.ts, built to JavaScript as the server is
// (`node --import <probe>.mjs scripts/server.mjs`): every MEMORY_PROBE_MS it appends one JSON
// line to MEMORY_PROBE_FILE with the Node heap (and its spaces), external and ArrayBuffer bytes,
// the resident set and its peak, the size of every live WebAssembly memory (PGlite's Emscripten
// heap) and the most HTTP requests in flight since the last line. It changes nothing in the
// server; it only watches. Samples are taken on the event loop, so none are taken while PGlite
// runs (it blocks the loop): VmHWM, read from /proc, is the figure that misses nothing.
import { channel } from "node:diagnostics_channel";
import { appendFileSync, readFileSync } from "node:fs";
import { getHeapSpaceStatistics } from "node:v8";

const file = process.env.MEMORY_PROBE_FILE;
const everyMs = Number(process.env.MEMORY_PROBE_MS ?? 100);

// Weak references: the probe must not keep a memory alive that PGlite has let go of.
const memories: WeakRef<WebAssembly.Memory>[] = [];
const NativeMemory = WebAssembly.Memory;
// Keep every memory PGlite creates (it passes its own `wasmMemory` to Emscripten).
const TrackedMemory = function (this: unknown, descriptor: WebAssembly.MemoryDescriptor) {
  const memory = new NativeMemory(descriptor);
  memories.push(new WeakRef(memory));
  return memory;
} as unknown as typeof WebAssembly.Memory;
TrackedMemory.prototype = NativeMemory.prototype;
Object.defineProperty(WebAssembly, "Memory", { value: TrackedMemory, writable: true, configurable: true });

let inFlight = 0;
let maxInFlight = 0;
// Channels held here: Node 20 may collect a channel that only `subscribe(name, …)` refers to.
const requestStart = channel("http.server.request.start");
const responseFinish = channel("http.server.response.finish");
requestStart.subscribe(() => {
  inFlight++;
  maxInFlight = Math.max(maxInFlight, inFlight);
});
responseFinish.subscribe(() => {
  inFlight--;
});

function status(field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync("/proc/self/status", "utf8"));
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

if (file) {
  const timer = setInterval(() => {
    const usage = process.memoryUsage();
    const live = memories.flatMap((ref) => ref.deref() ?? []);
    const line = {
      t: Date.now(),
      rss: usage.rss,
      hwm: status("VmHWM"),
      heapUsed: usage.heapUsed,
      heapTotal: usage.heapTotal,
      external: usage.external,
      arrayBuffers: usage.arrayBuffers,
      wasm: live.reduce((total, memory) => total + memory.buffer.byteLength, 0),
      wasmCount: live.length,
      inFlight,
      maxInFlight,
      spaces: Object.fromEntries(
        getHeapSpaceStatistics().map((space) => [space.space_name, space.space_size]),
      ),
    };
    maxInFlight = inFlight;
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  }, everyMs);
  timer.unref();
}
