/**
 * Child processes of the bench: the service under load and the fake Zendesk API, each a separate
 * Node process (this one runs only the load generator). Output goes to log files, and a child
 * that does not print `ready` in time is killed and reported.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");

export interface Child {
  proc: ChildProcess;
  /** What followed `ready ` on the child's first ready line (a port or a URL and details). */
  ready: string;
  /** ms from spawn to ready. */
  startMs: number;
  /** The child's CPU time so far (user + system), seconds; NaN once it has exited. */
  cpuSeconds(): number;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `script` (TypeScript, through tsx) and waits for its `ready ...` line. */
export async function startChild(
  script: string,
  args: string[],
  env: Record<string, string>,
  logFile: string,
  opts: { nodeArgs?: string[]; timeoutMs?: number } = {},
): Promise<Child> {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const t0 = performance.now();
  const proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), "--import", "tsx", path.join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log = createWriteStream(logFile, { flags: "a" });
  proc.stderr!.pipe(log, { end: false });
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  const ready = await new Promise<string>((resolve, reject) => {
    let buf = "";
    const timer = setTimeout(() => {
      proc.kill("SIGKILL");
      reject(new Error(`${script} did not start within ${timeoutMs} ms (see ${logFile})`));
    }, timeoutMs);
    proc.stdout!.on("data", (chunk: Buffer) => {
      log.write(chunk);
      buf += chunk.toString();
      const m = buf.match(/^ready (.*)$/m);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    proc.once("exit", (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code ?? sig}) before it was ready (see ${logFile})`));
    });
  });
  const startMs = performance.now() - t0;
  return {
    proc,
    ready,
    startMs,
    cpuSeconds: () => procCpuSeconds(proc.pid!),
    kill: async (signal = "SIGTERM") => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      const timer = setTimeout(() => proc.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
      log.end();
    },
  };
}

/** utime + stime of a live process from /proc (Linux), seconds; NaN where unavailable. */
function procCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return Number.NaN;
  }
}

/** Machine-wide CPU counters from /proc/stat: busy and total jiffies summed over all cores. */
export function machineCpu(): { busy: number; total: number } {
  try {
    const f = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3]! + (f[4] ?? 0); // idle + iowait
    const total = f.slice(0, 8).reduce((s, x) => s + x, 0); // user .. steal (guest is inside user)
    return { busy: total - idle, total };
  } catch {
    return { busy: Number.NaN, total: Number.NaN };
  }
}

/** A TCP port free on 127.0.0.1 now (the OS picks it; a child then listens on it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
