import { examplePage } from '../../src/docs/example-page.js';
import { defineRule } from '../../src/engine/rule.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export default defineRule({
  id: 'docs/stale-review',
  description: 'No docs page goes unreviewed for longer than `docs.staleDays` (180 days by default)',
  severity: 'warning',
  inputs: (config) => config.docs.pages,
  findingsPerFile: true,
  sharedInputs: (config) => [config.docs.mkdocs],
  readsDate: true,
  volatile: ['age', 'today'],
  messages: {
    future:
      'Page was last reviewed on `{{date}}`, after `{{today}}`: a review cannot be in the future, write the day it was reviewed',
    stale:
      'Page was last reviewed on `{{date}}`, {{age}} days before `{{today}}` and over the {{limit}}-day limit: check it against the repository and update `last_reviewed`',
  },
  rationale: `Docs drift from the repository quietly: a page nobody has looked at for half a year probably
describes files, profiles or steps that have changed since. \`last_reviewed\` in the front matter records
when someone last checked the page against the repository; past \`docs.staleDays\` days (180 by default) the
page is due for another look. "Today" is the run's date, or \`--now YYYY-MM-DD\` for a reproducible run. A
missing or malformed date is \`docs/frontmatter\`'s finding, not this rule's. A date in the future (more than a
day ahead, so no time zone is wrong) would keep the page from ever going stale, and is reported.`,
  examples: {
    valid: [
      {
        name: 'Reviewed 15 days before 2026-11-27',
        now: '2026-11-27',
        files: {
          'docs/operations/install-matrix.md': examplePage({ last_reviewed: '2026-11-12' }, '# Install Matrix\n'),
        },
      },
    ],
    invalid: [
      {
        name: 'Reviewed more than 180 days before 2026-11-27',
        now: '2026-11-27',
        files: {
          'docs/operations/install-matrix.md': examplePage({ last_reviewed: '2026-03-02' }, '# Install Matrix\n'),
        },
        findings: [{ file: 'docs/operations/install-matrix.md', line: 7, column: 16, messageId: 'stale' }],
      },
      {
        name: 'Reviewed in the future, so never stale',
        now: '2026-11-27',
        files: {
          'docs/operations/install-matrix.md': examplePage({ last_reviewed: '2099-01-01' }, '# Install Matrix\n'),
        },
        findings: [{ file: 'docs/operations/install-matrix.md', line: 7, column: 16, messageId: 'future' }],
      },
    ],
  },
  async check(context) {
    const limit = context.config.docs.staleDays;
    const today = utcDay(context.now);
    const todayText = new Date(today).toISOString().slice(0, 10);
    for (const page of await context.facts.docs.pages(context.inScope)) {
      if (page.frontMatter.kind !== 'present') continue;
      const frontMatter = page.frontMatter.frontMatter;
      const reviewed = reviewDate(frontMatter.fields?.last_reviewed);
      if (reviewed === undefined) continue;
      const age = Math.floor((today - reviewed) / DAY_MS);
      if (age < -1) {
        context.report({
          file: page.file,
          position: frontMatter.rangeOfPointer('/last_reviewed'),
          messageId: 'future',
          data: { date: new Date(reviewed).toISOString().slice(0, 10), today: todayText },
        });
        continue;
      }
      if (age <= limit) continue;
      context.report({
        file: page.file,
        position: frontMatter.rangeOfPointer('/last_reviewed'),
        messageId: 'stale',
        data: { date: new Date(reviewed).toISOString().slice(0, 10), age, today: todayText, limit },
      });
    }
  },
});

/** Midnight UTC of a `YYYY-MM-DD` string (or a YAML timestamp), `undefined` when it is not a real date. */
function reviewDate(value: unknown): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : utcDay(value);
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  const check = new Date(time);
  return check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day
    ? time
    : undefined;
}

function utcDay(date: Date): number {
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}
