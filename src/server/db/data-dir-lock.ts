// One process per PGlite data folder (issue 17, decision 0050). PGlite is an embedded PostgreSQL
// with no shared memory between processes: two processes on one folder each keep their own copy in
// memory, write over each other's files, and diverge. A lock file in the folder, created
// atomically, names the process that holds it; a second process is refused at start. A lock left by
// a process that is gone (killed, crashed, the machine restarted) is taken over.

import { closeSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";

export const lockFileName = "billing.lock";

interface LockOwner {
  pid: number;
  hostname: string;
  /** The kernel's boot id: a pid from before a restart of the machine names nobody now. */
  bootId: string;
  /** The process's start time in clock ticks since boot: a pid reused later is another process. */
  startTime: string;
  startedAt: string;
  command: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: Partial<LockOwner>,
  ) {
    const who = `process ${owner.pid ?? "?"}${owner.hostname && owner.hostname !== hostname() ? ` on host ${owner.hostname}` : ""}`;
    super(
      `DATA_DIR ${dataDir} is in use by ${who} (${owner.command ?? "unknown command"}, since ${owner.startedAt ?? "?"}). ` +
        "PGlite allows one process per data folder: stop that process first, or give this one another DATA_DIR. " +
        "To run several processes on one database, use PostgreSQL (set DATABASE_URL). " +
        `If that process is gone, delete ${join(dataDir, lockFileName)}.`,
    );
    this.name = "DataDirLockedError";
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8").trim();
  } catch {
    return "";
  }
}

function bootId(): string {
  return readText("/proc/sys/kernel/random/boot_id");
}

function startTimeOf(pid: number): string {
  const stat = readText(`/proc/${pid}/stat`);
  // Field 22, counted after the command name (which may hold spaces) in parentheses.
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? "";
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Whether the process a lock names still runs (on another host we cannot tell, so we assume so). */
function ownerAlive(owner: Partial<LockOwner>): boolean {
  if (typeof owner.pid !== "number" || !Number.isInteger(owner.pid) || owner.pid <= 0) return false;
  if (owner.hostname !== undefined && owner.hostname !== hostname()) return true;
  const currentBoot = bootId();
  if (owner.bootId && currentBoot && owner.bootId !== currentBoot) return false;
  if (!pidAlive(owner.pid)) return false;
  // Our own pid from an earlier life (a container restarted) started at another time.
  const startTime = startTimeOf(owner.pid);
  return !(owner.startTime && startTime && owner.startTime !== startTime);
}

function parseOwner(text: string): Partial<LockOwner> {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null ? (parsed as Partial<LockOwner>) : {};
  } catch {
    return {};
  }
}

/**
 * Takes the folder's lock for this process, or throws DataDirLockedError naming the process that
 * holds it. Returns the release function (also run when the process exits).
 */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, lockFileName);
  const me: LockOwner = {
    pid: process.pid,
    hostname: hostname(),
    bootId: bootId(),
    startTime: startTimeOf(process.pid),
    startedAt: new Date().toISOString(),
    command: process.argv.slice(1).join(" ").slice(0, 200),
  };
  const body = `${JSON.stringify(me)}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, "wx", 0o644);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const text = readText(path);
      const owner = parseOwner(text);
      // A file being written this instant reads empty: give its writer a moment.
      if (!text && attempt < 2) {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
        continue;
      }
      if (ownerAlive(owner)) throw new DataDirLockedError(dataDir, owner);
      // Stale: move it aside atomically (only one of two processes taking over gets it), check
      // that what was moved is the stale lock read above, and try again.
      const aside = `${path}.stale-${process.pid}`;
      try {
        renameSync(path, aside);
      } catch {
        continue;
      }
      const moved = readText(aside);
      if (moved !== text) {
        // Another process took the lock over in between: put its lock back.
        renameSync(aside, path);
        throw new DataDirLockedError(dataDir, parseOwner(moved));
      }
      rmSync(aside, { force: true });
      continue;
    }
    try {
      writeSync(fd, body);
    } finally {
      closeSync(fd);
    }
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      process.off("exit", release);
      if (readText(path) === body.trim()) rmSync(path, { force: true });
    };
    process.on("exit", release);
    return release;
  }
  throw new DataDirLockedError(dataDir, parseOwner(readText(path)));
}
