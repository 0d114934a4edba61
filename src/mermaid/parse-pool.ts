import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type MermaidParseResult, parseMermaid } from './parse.js';

interface Pending {
  resolve(result: MermaidParseResult): void;
  text: string;
}

interface PoolWorker {
  worker: Worker;
  pending: Map<number, Pending>;
}

/** Workers are let go after this long without work, so a finished run does not hold them. */
const IDLE_MS = 250;
/** Workers started ahead of their work (`warm`) are let go after this long if none comes. */
const WARM_IDLE_MS = 10_000;

/**
 * Worker threads that parse Mermaid diagrams beside the main thread, which meanwhile
 * parses Markdown and runs the other rules. Each worker imports mermaid once. Results
 * are the same as `parseMermaid`'s in the main thread, whichever worker parses what;
 * a worker that fails hands its diagrams back to the main thread. Workers never keep
 * the process alive.
 */
export class MermaidPool {
  readonly #size: number;
  readonly #script: URL;
  #workers: PoolWorker[] = [];
  #nextId = 0;
  #idle: NodeJS.Timeout | undefined;
  /** Set once a worker has died: the rest is parsed in the main thread rather than in new workers that may die too. */
  #failed = false;

  private constructor(size: number, script: URL) {
    this.#size = size;
    this.#script = script;
  }

  /**
   * A pool sized to the machine (one worker per core beyond the main thread's, at most
   * 4) unless `size` says otherwise, or `undefined` when it would not help: a single
   * core, or running from the TypeScript sources, where there is no compiled worker script.
   */
  static create(options: { size?: number } = {}): MermaidPool | undefined {
    const size = options.size ?? Math.min(4, availableParallelism() - 1);
    if (size < 1) return undefined;
    const script = new URL('./parse-worker.js', import.meta.url);
    if (!existsSync(fileURLToPath(script))) return undefined;
    return new MermaidPool(size, script);
  }

  /** Parses one diagram in the least busy worker. */
  parse(text: string): Promise<MermaidParseResult> {
    if (this.#idle) clearTimeout(this.#idle);
    this.#idle = undefined;
    let target: PoolWorker;
    if (this.#failed) return parseMermaid(text);
    try {
      target = this.#pick();
    } catch {
      // No thread to be had (resource limits): the main thread parses it.
      return parseMermaid(text);
    }
    const id = this.#nextId++;
    return new Promise((resolve) => {
      // Held while it has work, so the run waits for its answers; let go when idle.
      if (target.pending.size === 0) target.worker.ref();
      target.pending.set(id, { resolve, text });
      target.worker.postMessage({ id, text });
    });
  }

  /**
   * Starts every worker now, so each has mermaid loaded (a few tenths of a second) by the time the
   * diagrams come. Idle workers never keep the process alive.
   */
  warm(): void {
    if (this.#failed) return;
    try {
      while (this.#workers.length < this.#size) this.#start().worker.unref();
    } catch {
      return; // no thread to be had: `parse` finds out again and parses in the main thread
    }
    if (this.#idle) clearTimeout(this.#idle);
    this.#idle = setTimeout(() => this.close(), WARM_IDLE_MS);
    this.#idle.unref();
  }

  #pick(): PoolWorker {
    if (this.#workers.length < this.#size) return this.#start();
    return this.#workers.reduce((least, w) => (w.pending.size < least.pending.size ? w : least));
  }

  /** A new worker, kept while it has work. */
  #start(): PoolWorker {
    // A worker takes the process's Node options, but `--input-type` (of `node -e`) stops one with a script file.
    const execArgv = process.execArgv.filter((option) => !option.startsWith('--input-type'));
    const worker = new Worker(this.#script, { execArgv });
    const entry: PoolWorker = { worker, pending: new Map() };
    worker.on('message', (message: { id: number; result?: MermaidParseResult; error?: string }) => {
      const pending = entry.pending.get(message.id);
      if (!pending) return;
      entry.pending.delete(message.id);
      if (entry.pending.size === 0) entry.worker.unref();
      if (message.result) pending.resolve(message.result);
      else parseMermaid(pending.text).then(pending.resolve, () => pending.resolve(failure(message.error)));
      this.#scheduleIdle();
    });
    const abandon = () => this.#abandon(entry);
    worker.on('error', abandon);
    worker.on('exit', abandon);
    this.#workers.push(entry);
    return entry;
  }

  /** A worker that died hands its diagrams to the main thread. */
  #abandon(entry: PoolWorker): void {
    this.#failed = true;
    this.#workers = this.#workers.filter((w) => w !== entry);
    for (const pending of entry.pending.values())
      parseMermaid(pending.text).then(pending.resolve, (e: unknown) => pending.resolve(failure(String(e))));
    entry.pending.clear();
  }

  #scheduleIdle(): void {
    if (this.#idle || this.#workers.some((w) => w.pending.size > 0)) return;
    this.#idle = setTimeout(() => this.close(), IDLE_MS);
    this.#idle.unref();
  }

  /** Stops every worker; later calls start new ones. */
  close(): void {
    if (this.#idle) clearTimeout(this.#idle);
    this.#idle = undefined;
    const workers = this.#workers;
    this.#workers = [];
    for (const entry of workers) {
      entry.worker.removeAllListeners('exit');
      void entry.worker.terminate();
    }
  }
}

function failure(message: string | undefined): MermaidParseResult {
  return { ok: false, kind: 'syntax', line: 1, message: `mermaid failed: ${message ?? 'unknown error'}` };
}
