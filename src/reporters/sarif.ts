import type { Diagnostic, RelatedLocation, RuleDescriptor, RunResult, Severity } from '../engine/diagnostic.js';
import { fingerprints } from '../engine/fingerprint.js';
import type { ReporterOptions } from './reporter.js';

/** SARIF `level` for each severity. */
const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };

/** The `uriBaseId` every artifact location is relative to: the checked repository root. */
export const SRCROOT = '%SRCROOT%';

/** Key of surveyor's line-independent fingerprint in `partialFingerprints`. */
export const FINGERPRINT_KEY = 'surveyor/v1';

type SarifLevel = 'error' | 'warning' | 'note';

interface SarifArtifactLocation {
  uri?: string;
  uriBaseId?: string;
  description?: { text: string };
}

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine?: number;
  endColumn?: number;
}

interface SarifLocation {
  id?: number;
  physicalLocation: { artifactLocation: SarifArtifactLocation; region: SarifRegion };
  message?: { text: string };
}

interface SarifReportingDescriptor {
  id: string;
  /** A Pascal-case friendly name, as SARIF2012 asks. */
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  /** `id` is the rule's message id, stable across wording changes. */
  message: { text: string; id: string };
  locations: SarifLocation[];
  relatedLocations?: SarifLocation[];
  partialFingerprints: Record<string, string>;
  properties?: { pointer: string };
}

/** The subset of a SARIF 2.1.0 log that surveyor writes. */
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: [
    {
      tool: {
        driver: {
          name: 'surveyor';
          version: string;
          informationUri?: string;
          rules: SarifReportingDescriptor[];
        };
      };
      originalUriBaseIds: Record<string, SarifArtifactLocation>;
      artifacts: { location: SarifArtifactLocation }[];
      columnKind: 'utf16CodeUnits';
      results: SarifResult[];
    },
  ];
}

/** SARIF 2.1.0 log of the run, for code-scanning uploads and SARIF viewers. */
export function formatSarif(result: RunResult, options: ReporterOptions): string {
  return `${JSON.stringify(sarifLog(result, options), null, 2)}\n`;
}

/** The SARIF log as an object: one run, one rule descriptor per rule, one result per finding. */
export function sarifLog(result: RunResult, _options?: ReporterOptions): SarifLog {
  const { report } = result;
  const rules = ruleDescriptors(result.rules, report.diagnostics);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const ids = fingerprints(report.diagnostics, result.headingAnchors);
  // The reporter option wins; the run's own base URL covers callers that leave the option empty.
  const docsBaseUrl = absoluteUri(result.docsBaseUrl);

  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'surveyor',
            version: report.version,
            ...(docsBaseUrl === undefined ? {} : { informationUri: docsBaseUrl }),
            rules: rules.map((rule) => descriptor(rule, docsBaseUrl)),
          },
        },
        originalUriBaseIds: { [SRCROOT]: rootLocation(result.rootDir ?? report.root) },
        artifacts: distinctFiles(report.diagnostics).map((file) => ({ location: artifactLocation(file) })),
        columnKind: 'utf16CodeUnits',
        results: report.diagnostics.map((d, index) => ({
          ruleId: d.ruleId,
          ruleIndex: ruleIndex.get(d.ruleId)!,
          level: LEVEL[d.severity],
          message: { text: d.message, id: d.messageId },
          locations: [{ physicalLocation: physicalLocation(d) }],
          ...(d.related?.length ? { relatedLocations: d.related.map(relatedLocation) } : {}),
          partialFingerprints: { [FINGERPRINT_KEY]: ids[index]! },
          ...(d.pointer === undefined ? {} : { properties: { pointer: d.pointer } }),
        })),
      },
    ],
  };
}

/**
 * The run's rules, then (so every result has a `ruleIndex`) any rule that reported
 * without being listed, described from its first finding.
 */
function ruleDescriptors(rules: readonly RuleDescriptor[], diagnostics: readonly Diagnostic[]): RuleDescriptor[] {
  const all = [...rules];
  const known = new Set(rules.map((rule) => rule.id));
  for (const d of diagnostics) {
    if (known.has(d.ruleId)) continue;
    known.add(d.ruleId);
    all.push({ id: d.ruleId, description: '', severity: d.severity, url: d.url });
  }
  return all;
}

/**
 * A rule descriptor as GitHub code scanning ingests it: a friendly `name`, a one-line
 * `shortDescription`, a `fullDescription` (the rationale's first paragraph), `help` as
 * text and Markdown (the whole rationale and the docs link), and `helpUri` when the docs
 * have an absolute URL.
 */
function descriptor(rule: RuleDescriptor, docsBaseUrl: string | undefined): SarifReportingDescriptor {
  const helpUri = docsBaseUrl === undefined ? undefined : docsUri(docsBaseUrl, rule.url);
  const short = rule.description || `Findings of \`${rule.id}\``;
  const rationale = (rule.rationale ?? '').trim();
  const firstParagraph = rationale.split(/\n\s*\n/)[0]?.replace(/\s*\n\s*/g, ' ') ?? '';
  const docs = helpUri ?? rule.url;
  return {
    id: rule.id,
    name: friendlyName(rule.id),
    shortDescription: { text: short },
    fullDescription: { text: firstParagraph || short },
    help: {
      text: `${rationale || short}\n\nDocumentation: ${docs}`,
      markdown: `${rationale || short}\n\n[Documentation of \`${rule.id}\`](${docs})`,
    },
    ...(helpUri === undefined ? {} : { helpUri }),
    defaultConfiguration: { level: LEVEL[rule.severity] },
  };
}

/** `docs/no-dead-links` → `DocsNoDeadLinks`: the rule id as one Pascal-case identifier. */
export function friendlyName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/** The URL itself if it is absolute, otherwise `undefined`. */
function absoluteUri(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    new URL(url);
    return url;
  } catch {
    return undefined;
  }
}

/** A docs path resolved under the base URL (treated as a directory), or `undefined` when the base is not absolute. */
function docsUri(base: string, path: string): string | undefined {
  try {
    return new URL(path, new URL(base.endsWith('/') ? base : `${base}/`)).href;
  } catch {
    return undefined;
  }
}

/**
 * What `%SRCROOT%` stands for: a `file:` URI when the root is absolute; otherwise
 * only a description, since a relative root has no absolute URI without the
 * working directory, which a pure reporter does not know.
 */
function rootLocation(root: string): SarifArtifactLocation {
  const path = root.replace(/\\/g, '/');
  const drive = /^[A-Za-z]:\//.test(path);
  if (!path.startsWith('/') && !drive) {
    return { description: { text: `The repository root surveyor checked (\`${root}\`)` } };
  }
  const segments = path.split('/').filter((segment) => segment !== '');
  const encoded = segments.map((segment, index) => (drive && index === 0 ? segment : encodeURIComponent(segment)));
  return { uri: `file:///${encoded.map((segment) => `${segment}/`).join('')}` };
}

/** A repo-relative path as a URI reference under `%SRCROOT%`. */
function artifactLocation(file: string): SarifArtifactLocation {
  const uri = file.replace(/\\/g, '/').split('/').map(encodeURIComponent).join('/');
  return { uri, uriBaseId: SRCROOT };
}

function physicalLocation(d: Diagnostic): SarifLocation['physicalLocation'] {
  return {
    artifactLocation: artifactLocation(d.file),
    region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
  };
}

function relatedLocation(related: RelatedLocation, index: number): SarifLocation {
  return {
    id: index + 1,
    physicalLocation: {
      artifactLocation: artifactLocation(related.file),
      region: {
        startLine: related.line,
        startColumn: related.column,
        ...(related.endLine === undefined ? {} : { endLine: related.endLine }),
        ...(related.endColumn === undefined ? {} : { endColumn: related.endColumn }),
      },
    },
    message: { text: related.message },
  };
}

/** Every file a finding or its related locations touch, in order of first mention. */
function distinctFiles(diagnostics: readonly Diagnostic[]): string[] {
  const files = new Set<string>();
  for (const d of diagnostics) {
    files.add(d.file);
    for (const related of d.related ?? []) files.add(related.file);
  }
  return [...files];
}
