import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stripRemoteReferences } from '../../src/render/offline.js';
import { answerPageRequest } from '../../src/render/render.js';

// The render of a diagram that names a local server, in a real Chromium, is in test/render/render.test.ts,
// whose tests share one browser.
describe('render reaches no network (issue 14, case 9)', () => {
  it("answers the render page only with itself and files of Mermaid's build, and refuses everything else", async () => {
    const dist = path.dirname(createRequire(import.meta.url).resolve('mermaid/dist/mermaid.esm.min.mjs'));
    const ask = async (url: string) => {
      let answered = 'unanswered';
      await answerPageRequest(
        {
          url: () => url,
          respond: async (response) => void (answered = `${response.status} ${response.contentType}`),
          abort: async (reason) => void (answered = `abort ${reason}`),
        },
        dist,
      );
      return answered;
    };
    expect(await ask('http://surveyor.invalid/index.html')).toBe('200 text/html');
    expect(await ask('http://surveyor.invalid/mermaid.esm.min.mjs')).toBe('200 text/javascript');
    for (const refused of [
      'http://surveyor.invalid/../../../../etc/passwd',
      'http://surveyor.invalid/%2e%2e/%2e%2e/package.json',
      'http://surveyor.invalid/no-such-chunk.mjs',
      'http://127.0.0.1:8080/x',
      'https://example.org/x.png',
      'file:///etc/passwd',
      'ws://127.0.0.1/x',
    ])
      expect(await ask(refused), refused).toBe('abort blockedbyclient');
  });

  it('strips remote src, href, CSS url() and @import from an SVG, and keeps data: and fragments', () => {
    const svg = `<svg><style>@import url("https://x.test/a.css");.a{fill:url(http://x.test/p)}.b{fill:url(#grad)}</style><img src='http://x.test/i'/><a href="//x.test/l">l</a><image href="data:image/png;base64,AA"/><use href="#n"/></svg>`;
    expect(stripRemoteReferences(svg)).toBe(
      `<svg><style>.a{fill:none}.b{fill:url(#grad)}</style><img src=''/><a href="">l</a><image href="data:image/png;base64,AA"/><use href="#n"/></svg>`,
    );
  });
});
