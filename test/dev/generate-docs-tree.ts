// Writes a synthetic Atlas-shaped docs site for `npm run bench`: an MkDocs config, pages
// with front matter, tables, links with anchors, backticked repo paths, a Source of
// Truth section and Mermaid diagrams of several types, plus the contract files the
// pages name. The same options always give the same bytes, and the tree is clean under
// every docs rule, so the bench measures checking rather than reporting.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Size of the generated site. */
export interface DocsTreeOptions {
  pages: number;
  /** Mermaid blocks in all, spread over the pages in order. */
  mermaidBlocks: number;
  /** Pages per docs section (folder). */
  pagesPerSection?: number;
}

const DIAGRAMS = [
  (n: number) =>
    `flowchart TD\n    Validate${n}[Validate runtime and contracts] --> Rollout${n}[Roll out new runtime]\n    Rollout${n} --> Observe${n}{Healthy?}\n    Observe${n} -->|yes| Keep${n}[Keep rollout]\n    Observe${n} -->|no| Back${n}[Roll back]\n    %% profile ${n}\n`,
  (n: number) =>
    `sequenceDiagram\n    participant Build as Release build ${n}\n    participant Collect as collect-evidence\n    participant Tar as bundle.tar\n    Build->>Collect: build outputs\n    Collect->>Tar: write artifacts in fixed order\n    Tar-->>Collect: digest\n`,
  (n: number) =>
    `stateDiagram-v2\n    [*] --> Blocked\n    Blocked --> Ready: score reaches threshold ${n}\n    Ready --> Blocked: an input fails\n    Ready --> Promoted: release gate passes\n    Promoted --> [*]\n`,
  (n: number) =>
    `mindmap\n  root((Atlas ${n}))\n    Install\n      Install matrix\n      Values profiles\n    Upgrade\n      Scenarios\n      Compatibility\n    Release\n      Evidence\n`,
  (n: number) =>
    `flowchart LR\n    Map${n}[Contracts map] --> Matrix${n}[Install matrix]\n    Map${n} --> Safety${n}[Rollout safety]\n    Matrix${n} --> Schema${n}[install-matrix schema]\n`,
];

/** Writes the site under `root` (created if needed) and returns `root`. */
export function generateDocsTree(root: string, options: DocsTreeOptions): string {
  const perSection = options.pagesPerSection ?? 20;
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  const pages = Array.from({ length: options.pages }, (_, i) => ({
    index: i,
    section: `area-${String(Math.floor(i / perSection)).padStart(2, '0')}`,
    name: `topic-${String(i).padStart(3, '0')}`,
  }));
  const file = (p: (typeof pages)[number]) => `${p.section}/${p.name}.md`;

  write('ops/k8s/profiles.json', '{ "schema_version": 1, "profiles": [], "scenarios": [] }\n');
  write('ops/k8s/rollout-safety-contract.json', '{ "schema_version": 1, "profiles": [] }\n');
  for (const profile of ['ci-minimal', 'prod-ha', 'perf'])
    write(`ops/k8s/values/${profile}.yaml`, `# ${profile}\nreplicaCount: 1\n`);
  for (const scenario of ['upgrade-patch', 'upgrade-minor', 'rollback-patch'])
    write(`ops/e2e/scenarios/upgrade/${scenario}.json`, `{ "schema_version": 1, "id": "${scenario}" }\n`);

  const sections = [...new Set(pages.map((p) => p.section))];
  const nav = [
    'nav:',
    '  - Home: index.md',
    ...sections.flatMap((section) => [
      `  - ${section}:`,
      ...pages.filter((p) => p.section === section).map((p) => `      - Topic ${p.index}: ${file(p)}`),
    ]),
  ];
  write(
    'mkdocs.yml',
    [
      'site_name: Generated Atlas docs',
      "site_url: !ENV [SITE_URL, 'https://atlas.example.org/']",
      'docs_dir: docs',
      ...nav,
      'not_in_nav: |',
      '  drafts/*.md',
      'markdown_extensions:',
      '  - toc:',
      '      permalink: true',
      'plugins:',
      '  - search',
      '  - redirects:',
      '      redirect_maps:',
      '        old/topic.md: area-00/topic-000.md',
      '',
    ].join('\n'),
  );
  write(
    'docs/index.md',
    page('Generated Atlas Docs', 'overview', `Start at [the first topic](${file(pages[0]!)}#purpose).\n`),
  );
  write('docs/drafts/next-steps.md', page('Next Steps', 'proposal', 'Not in the navigation yet.\n'));

  let diagrams = 0;
  pages.forEach((p, i) => {
    const blocksHere =
      Math.floor(((i + 1) * options.mermaidBlocks) / options.pages) -
      Math.floor((i * options.mermaidBlocks) / options.pages);
    const next = pages[(i + 1) % pages.length]!;
    const other = pages[(i * 7 + 3) % pages.length]!;
    const link = (target: typeof p, anchor: string) =>
      target.section === p.section ? `${target.name}.md#${anchor}` : `../${file(target)}#${anchor}`;
    const body: string[] = [
      `This page explains topic ${i} of the generated site. The install matrix in`,
      '`ops/k8s/profiles.json` lists every profile; the overrides live in',
      '`ops/k8s/values/<profile>.yaml` and build outputs such as `artifacts/reports/perf.json`',
      'are collected at release time. Keys such as `image.digest` and toggles such as',
      '`store.backend=postgres` are not paths.',
      '',
      '## Purpose',
      '',
      `Read the [next topic](${link(next, 'purpose')}) and the [k8s-suite scenarios](${link(other, 'scenarios_1')})`,
      `(also [on GitHub](${link(other, 'scenarios-1')})), or go back [home](../index.md).`,
      '',
      '## install-gate',
      '',
      '### Scenarios',
      '',
      'Install, upgrade and rollback on every pull request that touches the chart.',
      '',
      '## k8s-suite',
      '',
      '### Scenarios',
      '',
      '| Profile | Suite | Values |',
      '| --- | --- | --- |',
      '| ci-minimal | k8s-suite | `ops/k8s/values/ci-minimal.yaml` |',
      '| prod-ha | install-gate | `ops/k8s/values/prod-ha.yaml` |',
      '',
      '## Ready to ship ✅',
      '',
      'The status is ready only when every input passes.',
      '',
    ];
    for (let b = 0; b < blocksHere; b++) {
      body.push(
        `## Diagram ${b + 1}`,
        '',
        '```mermaid',
        DIAGRAMS[diagrams % DIAGRAMS.length]!(diagrams).trimEnd(),
        '```',
        '',
      );
      diagrams++;
    }
    body.push(
      '## Source of Truth',
      '',
      '- `ops/k8s/profiles.json`',
      '- `ops/k8s/rollout-safety-contract.json`',
      '- `ops/k8s/values/`',
      '- `ops/e2e/scenarios/upgrade/*.json`',
      '',
    );
    write(`docs/${file(p)}`, page(`Topic ${i}`, 'reference', body.join('\n')));
  });
  return root;
}

function page(title: string, type: string, body: string): string {
  return `---\ntitle: ${title}\naudience: operators\ntype: ${type}\nstatus: stable\nowner: platform-ops\nlast_reviewed: 2026-11-01\n---\n\n# ${title}\n\n${body}`;
}
