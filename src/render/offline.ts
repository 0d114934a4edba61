import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HTTPRequest, Page } from 'puppeteer-core';

/**
 * Chromium flags that turn off its own network features and send anything that still
 * tries the network to a proxy that is not there (loopback included), with every host
 * name unresolvable: no request and no DNS query leaves the machine.
 */
export const OFFLINE_ARGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-domain-reliability',
  '--disable-breakpad',
  '--disable-client-side-phishing-detection',
  '--disable-default-apps',
  '--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,NetworkPrediction,AutofillServerCommunication,CertificateTransparencyComponentUpdater',
  '--metrics-recording-only',
  '--no-pings',
  '--dns-prefetch-disable',
  '--no-default-browser-check',
  '--proxy-server=127.0.0.1:9',
  '--proxy-bypass-list=<-loopback>',
  '--host-resolver-rules=MAP * ~NOTFOUND',
];

/** The folder of mermaid-cli's page and scripts, the only files a render page may load. */
const MERMAID_CLI_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.resolve('@mermaid-js/mermaid-cli'))), '..');
/** mermaid-cli serves Mermaid's own scripts from this origin by intercepting the request. */
const MERMAID_CLI_ORIGIN = 'https://mermaid-cli-intercept.invalid/';

/** True for a request a render page may make: `data:`/`blob:` URLs, `about:blank`, and Mermaid itself. */
export function isAllowedRequest(url: string): boolean {
  if (/^(data|blob):/i.test(url) || url === 'about:blank' || url.startsWith(MERMAID_CLI_ORIGIN)) return true;
  if (!url.startsWith('file:')) return false;
  try {
    const file = fileURLToPath(url);
    return file.startsWith(MERMAID_CLI_DIR + path.sep);
  } catch {
    return false;
  }
}

/**
 * Blocks every request of the page that `isAllowedRequest` does not allow. The abort has
 * a higher priority than mermaid-cli's own handler (cooperative interception), so it wins.
 */
export async function blockRemoteRequests(page: Page): Promise<void> {
  page.on('request', (request: HTTPRequest) => {
    if (request.isInterceptResolutionHandled()) return;
    if (isAllowedRequest(request.url())) void request.continue(request.continueRequestOverrides(), 0);
    else void request.abort('blockedbyclient', 100);
  });
  await page.setRequestInterception(true);
}

const REMOTE = String.raw`(?!data:|#)(?:[a-z][a-z0-9+.-]*:|//)`;
const REMOTE_ATTRIBUTE = new RegExp(
  String.raw`(\s(?:src|srcset|href|xlink:href|poster|action|formaction|background)\s*=\s*)(["'])\s*${REMOTE}[^"']*\2`,
  'gi',
);
const REMOTE_CSS_URL = new RegExp(String.raw`url\(\s*(["']?)\s*${REMOTE}[^)]*\)`, 'gi');
const REMOTE_IMPORT = new RegExp(String.raw`@import\s+(?:url\()?\s*["']?\s*${REMOTE}[^;]*;`, 'gi');

/** An SVG without references to anything outside itself (remote `src`/`href`, CSS `url()` and `@import`). */
export function stripRemoteReferences(svg: string): string {
  return svg.replace(REMOTE_IMPORT, '').replace(REMOTE_CSS_URL, 'none').replace(REMOTE_ATTRIBUTE, '$1$2$2');
}
