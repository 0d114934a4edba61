import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { SetupError } from '../errors.js';
import { diagramKeyword } from '../mermaid/preprocess.js';
import { OFFLINE_ARGS, stripRemoteReferences } from './offline.js';

/** One Mermaid block of a page, where it is and what it says. */
export interface Diagram {
  /** The page, repo-relative. */
  file: string;
  /** 1-based page line of the diagram's first line. */
  line: number;
  /** Position of the block among the page's Mermaid blocks, from 1. */
  index: number;
  code: string;
}

/** A diagram that rendered, with its output name and bytes. */
export interface RenderedDiagram {
  diagram: Diagram;
  name: string;
  data: Uint8Array;
}

/** A diagram mermaid could not render, with mermaid's reason. */
export interface FailedDiagram {
  diagram: Diagram;
  message: string;
}

/** The Mermaid theme diagrams are drawn with; part of the render cache's key. */
export const MERMAID_THEME = 'default';

/** What to install when `render` lacks its optional browser driver. */
export const PUPPETEER_HINT =
  '`surveyor render` needs the optional package puppeteer-core: install it with `npm install puppeteer-core@24.43.1`';

/** The output file name of a diagram: the page path and block number, so it is stable while the page keeps its order. */
export function diagramName(diagram: Diagram, format: 'svg' | 'png'): string {
  const stem = diagram.file
    .replace(/\.md$/i, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${stem}-${diagram.index}.${format}`;
}

/** The SVG id of a diagram, from its output name, so unchanged diagrams give identical bytes. */
export function svgIdOf(name: string): string {
  return `surveyor-${name.replace(/\.\w+$/, '')}`;
}

const require = createRequire(import.meta.url);

/** The version of the Mermaid that draws (part of the cache key: a new Mermaid draws anew). */
export function mermaidVersion(): string {
  return (JSON.parse(readFileSync(require.resolve('mermaid/package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Browser features a render never shows but headless Chromium still starts: the address bar's
 * popup is a WebUI page with a renderer process of its own, which used about 2 s of CPU per launch
 * on 2 cores, taking turns with the page drawing the diagrams. Chromium ignores feature names it
 * does not know, so versions without these start as before.
 */
const UNUSED_FEATURES = '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup';

/** Flags for a headless Chromium in a sandboxed, offline machine (root needs `--no-sandbox`). */
function launchArgs(): string[] {
  const args = [
    '--disable-gpu',
    ...OFFLINE_ARGS,
    UNUSED_FEATURES,
    '--no-first-run',
    '--disable-quic',
    '--disable-dev-shm-usage',
  ];
  if (process.getuid?.() === 0) args.unshift('--no-sandbox');
  return args;
}

/** puppeteer-core, an optional dependency: missing, it is one line saying what to install. */
async function loadPuppeteer() {
  try {
    const loaded = await import('puppeteer-core');
    return loaded.default;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') throw new SetupError(PUPPETEER_HINT);
    throw error;
  }
}

type Puppeteer = Awaited<ReturnType<typeof loadPuppeteer>>;
type Browser = Awaited<ReturnType<Puppeteer['launch']>>;
type Page = Awaited<ReturnType<Browser['newPage']>>;

/** A browser being started, with the Chromium it runs and its profile folder. */
interface Launch {
  executablePath: string;
  browser: Promise<Browser>;
  profile: string;
  /** The empty tab Chromium opens at start, until the first render takes it to draw on. */
  blank?: Promise<Page | undefined>;
}

/**
 * The browser `keepBrowser` keeps open between renders, with the pages earlier renders drew on,
 * each getting ready for the next render (`renewed`; `undefined` when that failed).
 */
let keptBrowser: (Launch & { idle: Promise<Page | undefined>[] }) | undefined;
let keepingBrowser = false;

/**
 * Keeps one browser open between the renders of this process instead of starting one per
 * render, for a process that renders many times (the test suite): starting Chromium costs
 * more than drawing a few diagrams. Its pages are kept too, each opening the render page
 * anew for the next render when it drew more than flowcharts (`renewed`), so a render draws
 * what a new browser would, without opening a page. `false` closes the kept browser and stops keeping one.
 */
export async function keepBrowser(keep: boolean): Promise<void> {
  keepingBrowser = keep;
  if (!keep) await dropKeptBrowser();
}

/** Closes the kept browser, if any (one that failed to start has only its profile folder to remove). */
async function dropKeptBrowser(): Promise<void> {
  const kept = keptBrowser;
  keptBrowser = undefined;
  if (kept) await closeBrowser(await kept.browser.catch(() => undefined), kept.profile);
}

async function closeBrowser(browser: Browser | undefined, profile: string): Promise<void> {
  try {
    await browser?.close();
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** A browser opened for one render: its pages ready to draw, and how to let go of it and of the pages. */
interface OpenBrowser {
  browser: Browser;
  /** Pages of an earlier render with the render page loaded anew (a kept browser's), to take before making new ones. */
  idle: Page[];
  /** The empty tab a browser started for this render opened, to draw on before opening another. */
  blank?: Page;
  /** Closes the browser, or, when `keepBrowser` keeps it, keeps `pages` for the next render. */
  release(pages: Page[]): Promise<void>;
}

/** A headless browser, and how to let go of it: closed after this render unless `keepBrowser` keeps it. */
async function openBrowser(executablePath: string): Promise<OpenBrowser> {
  const puppeteer = await loadPuppeteer();
  const launch = (): Launch => {
    const profile = mkdtempSync(path.join(tmpdir(), 'surveyor-chromium-'));
    const browser = puppeteer.launch({
      executablePath,
      headless: true,
      pipe: true,
      args: launchArgs(),
      userDataDir: profile,
    });
    const blank = browser
      .then(async (started) => (await started.pages()).find((page) => page.url() === 'about:blank'))
      .catch(() => undefined);
    return { executablePath, browser, profile, blank };
  };
  if (!keepingBrowser) {
    const { browser, profile, blank } = launch();
    const launched = await browser.catch(async (error: unknown) => {
      rmSync(profile, { recursive: true, force: true });
      throw error;
    });
    return { browser: launched, idle: [], blank: await blank, release: () => closeBrowser(launched, profile) };
  }
  const kept =
    keptBrowser?.executablePath === executablePath ? await keptBrowser.browser.catch(() => undefined) : undefined;
  if (!kept?.connected) {
    // Another Chromium asked for, or the kept one failed to start or has gone: a new one.
    await dropKeptBrowser();
    keptBrowser = { ...launch(), idle: [] };
  }
  const record = keptBrowser!;
  const browser = await record.browser;
  // Taken for this render alone: two renders at once never draw on the same page.
  const idle = (await Promise.all(record.idle.splice(0))).filter(
    (page): page is Page => page !== undefined && !page.isClosed(),
  );
  const blank = record.blank;
  record.blank = undefined;
  return {
    browser,
    idle,
    blank: await blank,
    release: async (pages) => {
      if (keptBrowser !== record) await Promise.all(pages.map((page) => page.close().catch(() => undefined)));
      else record.idle.push(...pages.map(renewed));
    },
  };
}

/**
 * Pages that drew a diagram other than a flowchart since their render page was opened. Mermaid
 * keeps counters across the diagrams of a document that it never resets (sequence diagrams number
 * their actors, class diagrams and git graphs their elements), so such a page would draw the same
 * diagram to other bytes; a flowchart's ids are its SVG id's and its labels', and the tests check
 * one drawn again on a page that drew flowcharts before gives the same bytes.
 */
const drewBeyondFlowcharts = new WeakSet<Page>();

/** A flowchart, as mermaid reads its keyword; one with front matter (which may set any configuration) is not counted as one. */
function isFlowchart(code: string): boolean {
  if (/^\s*-{3}/.test(code)) return false;
  const keyword = diagramKeyword(code);
  return keyword === 'flowchart' || keyword === 'graph';
}

/**
 * A kept page ready for the next render: as it is when it drew only flowcharts, else with its
 * render page opened anew (a new document: every counter starts again), while the process does
 * something else. `undefined` when that failed (the page is closed).
 */
function renewed(page: Page): Promise<Page | undefined> {
  if (!drewBeyondFlowcharts.has(page)) return Promise.resolve(page);
  drewBeyondFlowcharts.delete(page);
  return openRenderPage(page).then(
    () => page,
    async () => {
      await page.close().catch(() => undefined);
      return undefined;
    },
  );
}

interface PageElement {
  innerHTML: string;
  firstElementChild: { getBoundingClientRect(): { width: number; height: number } };
}

/** The made-up origin the render page is served from: `.invalid` never resolves, and nothing is fetched from it. */
const ORIGIN = 'http://surveyor.invalid/';

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><script type="module">
import mermaid from './mermaid.esm.min.mjs';
globalThis.mermaid = mermaid;
</script></head><body><div id="surveyor-image"></div></body></html>`;

/**
 * Answers a page request: the page itself, a file of Mermaid's ESM build (loaded chunk by
 * chunk, as diagrams need them) from the folder `dist`, or a refusal: nothing else is fetched.
 */
export async function answerPageRequest(
  request: {
    url(): string;
    respond(response: { status: number; contentType: string; body: string | Buffer }): Promise<void>;
    abort(reason: 'blockedbyclient'): Promise<void>;
  },
  dist: string,
): Promise<void> {
  const url = request.url();
  if (url === `${ORIGIN}index.html`) return request.respond({ status: 200, contentType: 'text/html', body: PAGE });
  if (url.startsWith(ORIGIN)) {
    const file = path.resolve(dist, decodeURIComponent(new URL(url).pathname.slice(1)));
    if (file.startsWith(dist + path.sep) && /\.m?js$/.test(file)) {
      try {
        return request.respond({ status: 200, contentType: 'text/javascript', body: readFileSync(file) });
      } catch {
        // not a file of the package: refused below
      }
    }
  }
  return request.abort('blockedbyclient');
}

/** Runs in the page: renders one diagram with the Mermaid the page loaded once. */
async function renderInPage(
  id: string,
  code: string,
  asImage: boolean,
): Promise<string | { width: number; height: number }> {
  const mermaid = (globalThis as unknown as { mermaid: { render(id: string, code: string): Promise<{ svg: string }> } })
    .mermaid;
  const { svg } = await mermaid.render(id, code);
  if (!asImage) return svg;
  // Runs in the browser, where `document` exists; the package compiles without DOM types.
  const page = (globalThis as unknown as { document: { getElementById(id: string): PageElement } }).document;
  const host = page.getElementById('surveyor-image');
  host.innerHTML = svg;
  const box = host.firstElementChild.getBoundingClientRect();
  return { width: Math.ceil(box.width), height: Math.ceil(box.height) };
}

/**
 * How many pages draw at once: one per 24 diagrams, at most one per core (or `concurrency`) and four.
 * Each page loads Mermaid again (a second of CPU or two) before it draws its share, so it pays off
 * only with enough diagrams: on 2 cores the example's 23 diagrams drew as soon on one page as on two,
 * with 2 s less CPU, while 200 drew in 12.6-16.9 s on two pages against 17.3-21.0 s on one.
 */
function pageCount(diagrams: number, concurrency: number | undefined): number {
  const most = concurrency ?? Math.max(1, Math.min(4, availableParallelism()));
  return Math.min(most, Math.max(1, Math.ceil(diagrams / 24)));
}

/**
 * Sets `page` to load Mermaid from the installed package, served from the made-up origin (every
 * other request the page makes is refused), and opens the render page.
 */
async function loadMermaid(page: Page, dist: string): Promise<void> {
  // A page whose renderer crashed is closed, so a kept browser does not hand it to the next render.
  page.once('error', () => void page.close().catch(() => undefined));
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.isInterceptResolutionHandled()) return;
    void answerPageRequest(request, dist);
  });
  await openRenderPage(page);
}

/**
 * Opens the render page in `page`, a new document with Mermaid loaded and set up. Opened again
 * (`renewed`), it takes about half the time of the first load, with the renderer process at hand.
 */
async function openRenderPage(page: Page): Promise<void> {
  await page.goto(`${ORIGIN}index.html`);
  await page.waitForFunction('globalThis.mermaid !== undefined');
  await page.evaluate((theme: string) => {
    (globalThis as unknown as { mermaid: { initialize(config: object): void } }).mermaid.initialize({
      startOnLoad: false,
      theme,
      securityLevel: 'strict',
      handDrawnSeed: 1,
      deterministicIds: true,
    });
  }, MERMAID_THEME);
}

/**
 * Renders every diagram with ONE browser: each of a few pages loads Mermaid once (the
 * `mermaid` package's own browser bundle) and then renders diagram after diagram through
 * Mermaid's `render` API, instead of a page and a Mermaid load per diagram. Every request
 * a page makes is refused, so a diagram cannot reach the network. A diagram that fails
 * is returned as a failure; the rest still render.
 */
export async function renderDiagrams(
  diagrams: readonly Diagram[],
  options: {
    executablePath: string;
    format: 'svg' | 'png';
    concurrency?: number;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<{ rendered: RenderedDiagram[]; failed: FailedDiagram[] }> {
  const rendered: RenderedDiagram[] = [];
  const failed: FailedDiagram[] = [];
  if (diagrams.length === 0) return { rendered, failed };
  const dist = path.dirname(require.resolve('mermaid/dist/mermaid.esm.min.mjs'));
  const open = await openBrowser(options.executablePath);
  const { browser, idle } = open;
  const ready: Page[] = [];
  try {
    const pages = pageCount(diagrams.length, options.concurrency);
    // The tab Chromium opens at start is empty: the first new page is that tab, not another beside it.
    let blank = open.blank;
    let next = 0;
    let done = 0;
    /** Draws one diagram on `page` and records it, drawn or failed (never rejects). */
    const draw = async (page: Page, diagram: Diagram) => {
      const name = diagramName(diagram, options.format);
      if (!isFlowchart(diagram.code)) drewBeyondFlowcharts.add(page);
      try {
        const result = await page.evaluate(renderInPage, svgIdOf(name), diagram.code, options.format === 'png');
        let data: Uint8Array;
        if (typeof result === 'string') data = Buffer.from(stripRemoteReferences(result), 'utf8');
        else {
          const element = await page.$('#surveyor-image > svg');
          data = await element!.screenshot({ type: 'png', omitBackground: false });
        }
        rendered.push({ diagram, name, data });
      } catch (error) {
        failed.push({ diagram, message: (error instanceof Error ? error.message : String(error)).split('\n')[0]! });
      }
      options.onProgress?.(++done, diagrams.length);
    };
    // An SVG page is sent its next diagram while it draws one: Mermaid draws them one at a time, in
    // order, and the page no longer waits for Node between two (about 10 ms a diagram). A PNG is
    // screenshot from the page's one image host, so its next diagram waits.
    const inFlight = options.format === 'svg' ? 2 : 1;
    const worker = async () => {
      let page = idle.pop();
      if (!page) {
        page = blank ?? (await browser.newPage());
        blank = undefined;
        await loadMermaid(page, dist).catch(async (error: unknown) => {
          await page!.close().catch(() => undefined);
          throw error;
        });
      }
      ready.push(page);
      const drawing: Promise<void>[] = [];
      while (next < diagrams.length) {
        drawing.push(draw(page, diagrams[next++]!));
        if (drawing.length >= inFlight) await drawing.shift();
      }
      await Promise.all(drawing);
    };
    await Promise.all(Array.from({ length: pages }, worker));
    const order = new Map(diagrams.map((d, i) => [d, i]));
    rendered.sort((a, b) => order.get(a.diagram)! - order.get(b.diagram)!);
    failed.sort((a, b) => order.get(a.diagram)! - order.get(b.diagram)!);
  } finally {
    // Pages this render did not need stay ready too.
    await open.release([...ready, ...idle]);
  }
  return { rendered, failed };
}
