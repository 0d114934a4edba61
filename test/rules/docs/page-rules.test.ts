import { describe, expect, it } from 'vitest';
import { examplePage } from '../../../src/docs/example-page.js';
import { ruleFindings } from './rule-cases.js';

describe('docs/title-h1', () => {
  it.each([
    ['a setext H1 equal to the title', examplePage({}, 'Install Matrix\n==============\n')],
    ['a title with emphasis and extra spaces in the H1', examplePage({}, '# Install   *Matrix*\n')],
    [
      'H1s in code blocks, which are not headings',
      examplePage({}, '# Install Matrix\n\n```markdown\n# Another\n```\n'),
    ],
  ])('accepts %s', async (_case, text) => {
    expect(await ruleFindings('docs/title-h1', { 'docs/a.md': text })).toEqual([]);
  });

  it('asks for an H1 without naming it when there is no title', async () => {
    expect(await ruleFindings('docs/title-h1', { 'docs/a.md': 'Text only.\n' })).toEqual([
      'docs/a.md:1:1 missingUntitled',
    ]);
  });
});

describe('docs/stale-review', () => {
  const page = (date: string) => ({ 'docs/a.md': examplePage({ last_reviewed: date }, '# Install Matrix\n') });

  it.each([
    ['exactly 180 days old', '2026-05-31', []],
    ['181 days old', '2026-05-30', ['docs/a.md:7:16 stale']],
    ['quoted', "'2020-01-01'", ['docs/a.md:7:16 stale']],
    ['not a date (docs/frontmatter reports it)', '2020-02-30', []],
    ['the day after today (another time zone may be a day ahead)', '2026-11-28', []],
    ['in the future, which would never go stale', '2027-01-01', ['docs/a.md:7:16 future']],
  ])('%s', async (_case, date, findings) => {
    expect(await ruleFindings('docs/stale-review', page(date))).toEqual(findings);
  });

  it('takes its limit from `docs.staleDays`', async () => {
    expect(await ruleFindings('docs/stale-review', page('2026-11-01'), { docs: { staleDays: 7 } })).toEqual([
      'docs/a.md:7:16 stale',
    ]);
  });
});

describe('docs/required-sections', () => {
  const config = { docs: { requiredSections: { runbook: ['Source of Truth', 'Rollback'] } } };

  it('compares section titles without regard to case or spacing, and only for the configured type', async () => {
    const files = {
      'docs/a.md': examplePage({ type: 'runbook' }, '# Install Matrix\n\n## source  of truth\n\n## ROLLBACK\n'),
      'docs/b.md': examplePage({ type: 'reference' }, '# Install Matrix\n'),
    };
    expect(await ruleFindings('docs/required-sections', files, config)).toEqual([]);
  });

  it('does not count an H3 as the section', async () => {
    const files = {
      'docs/a.md': examplePage({ type: 'runbook' }, '# Install Matrix\n\n## Source of Truth\n\n### Rollback\n'),
    };
    expect(await ruleFindings('docs/required-sections', files, config)).toEqual(['docs/a.md:4:7 missing']);
  });

  it('requires nothing unless configured', async () => {
    expect(
      await ruleFindings('docs/required-sections', {
        'docs/a.md': examplePage({ type: 'runbook' }, '# Install Matrix\n'),
      }),
    ).toEqual([]);
  });
});

describe('docs/source-of-truth and docs/path-ref', () => {
  const files = (body: string) => ({
    'ops/k8s/install-matrix.json': '{}',
    'ops/k8s/values/prod-ha.yaml': 'a: 1\n',
    'docs/a.md': examplePage({}, `# Install Matrix\n\n${body}\n`),
  });

  it('checks every span of the section, under any heading level and a configured heading', async () => {
    const body =
      '## Sources\n\n- `ops/k8s/charts/`\n- `../secrets.json`\n- `artifacts/chart/atlas.tgz`\n\n### More\n\n- `ops/k8s/values/*.json`\n';
    expect(
      await ruleFindings('docs/source-of-truth', files(body), { docs: { sourceOfTruthHeading: 'sources' } }),
    ).toEqual(['docs/a.md:14:3 noFolder', 'docs/a.md:15:3 outside', 'docs/a.md:20:3 noMatch']);
  });

  it('leaves spans of the section to docs/source-of-truth, and spans without a known prefix alone', async () => {
    const body =
      'See `ops/k8s/none.json`, `k8s/none.json`, `image.tag`, `chart-previous` and `ops/k8s/charts/`.\n\n## Source of Truth\n\n- `ops/k8s/gone.json`\n';
    expect(await ruleFindings('docs/path-ref', files(body))).toEqual([
      'docs/a.md:12:5 missing',
      'docs/a.md:12:77 noFolder',
    ]);
    expect(await ruleFindings('docs/source-of-truth', files(body))).toEqual(['docs/a.md:16:3 missing']);
  });

  it('takes its prefixes and build outputs from the config', async () => {
    const body = 'See `charts/atlas/Chart.yaml` and `dist/site/index.html`.\n';
    expect(
      await ruleFindings('docs/path-ref', files(body), {
        docs: { pathPrefixes: ['charts/', 'dist/'], buildOutputs: ['dist/'] },
      }),
    ).toEqual(['docs/a.md:12:5 missing']);
  });
});
