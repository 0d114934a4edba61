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
