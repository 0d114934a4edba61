import path from 'node:path';
import { parseSemver } from '../atlas/semver.js';
import { type CheckOutcome, fileEvidence, type GateContext, type GateFinding, listInProse } from './gate-check.js';
import type { EvidenceItem } from './gate-report.js';
import { commitHistory, isCommitId } from './git-history.js';

/**
 * The version a release id names: the semantic version at its end, after a prefix
 * that ends with something other than a digit or a dot (`atlas-1.4.0`, `v1.4.0`, `1.4.0`).
 */
export function releaseIdVersion(releaseId: string): string | undefined {
  const match = /^(?:.*?[^0-9.])?v?(\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?)$/.exec(releaseId.trim());
  return match && parseSemver(match[1]!) ? match[1] : undefined;
}

/** The folder the evidence is collected into (the manifest's), with a trailing `/`. */
export function evidenceFolder(manifestFile: string): string {
  const folder = path.posix.dirname(manifestFile);
  return folder === '.' ? '' : `${folder}/`;
}

/**
 * identity: `identity.json` describes this release (its release id names X.Y.Z, as do the
 * chart's `version` and `appVersion`) and, at the top of a git checkout, its `git_sha` is
 * HEAD or an ancestor of HEAD with nothing outside the evidence folder changed since.
 */
export function identityCheck(context: GateContext): CheckOutcome {
  const { atlas, release } = context;
  const findings: GateFinding[] = [];
  const evidence: EvidenceItem[] = [];
  const identityFile = context.config.atlas.identity;
  const identity = atlas.identity;
  const chart = atlas.chart;
  const passed: string[] = [];

  if (!identity) {
    findings.push({
      severity: 'error',
      message: `The evidence identity \`${identityFile}\` is missing or not a JSON object: collect the evidence for \`${release}\``,
      place: { file: identityFile },
    });
  } else {
    evidence.push(
      fileEvidence(
        atlas,
        identity.file,
        [
          identity.release_id && `release \`${identity.release_id}\``,
          identity.git_sha && `commit \`${identity.git_sha}\``,
        ]
          .filter(Boolean)
          .join(', ') || undefined,
      ),
    );
    const releaseId = identity.release_id;
    const named = releaseId === undefined ? undefined : releaseIdVersion(releaseId);
    if (releaseId === undefined) {
      findings.push({
        severity: 'error',
        message: `\`${identity.file}\` has no \`release_id\`: record the release the evidence was collected for, \`${release}\``,
        place: { file: identity.file, pointer: '' },
      });
    } else if (named !== release) {
      const says = named === undefined ? 'names no version' : `is release \`${named}\``;
      findings.push({
        severity: 'error',
        message: `Release id \`${releaseId}\` ${says}, not \`${release}\`: collect the evidence for \`${release}\``,
        place: { file: identity.file, pointer: '/release_id' },
      });
    } else passed.push(`release id \`${releaseId}\``);
  }

  if (chart.version !== undefined) {
    evidence.push(
      fileEvidence(
        atlas,
        chart.chartFile,
        `version \`${chart.version}\`${chart.appVersion === undefined ? '' : `, appVersion \`${chart.appVersion}\``}`,
      ),
    );
    if (chart.version !== release) {
      findings.push({
        severity: 'error',
        message: `The chart version is \`${chart.version}\`, not \`${release}\`: set \`version\` in \`${chart.chartFile}\` to the release`,
        place: { file: chart.chartFile, pointer: '/version' },
      });
    }
    if (chart.appVersion !== undefined && chart.appVersion !== release) {
      findings.push({
        severity: 'error',
        message: `The chart's \`appVersion\` is \`${chart.appVersion}\`, not \`${release}\`: set it to the release`,
        place: { file: chart.chartFile, pointer: '/appVersion' },
      });
    }
    if (chart.version === release && (chart.appVersion === undefined || chart.appVersion === release))
      passed.push(`chart \`${chart.version}\``);
  } else {
    findings.push({
      severity: 'error',
      message: `The chart has no readable \`version\` in \`${chart.chartFile}\`: the release cannot be matched to the chart`,
      place: { file: chart.chartFile },
    });
  }

  const sha = identity?.git_sha;
  if (identity && sha === undefined) {
    findings.push({
      severity: 'error',
      message: `\`${identity.file}\` has no \`git_sha\`: record the commit the evidence was collected from`,
      place: { file: identity.file, pointer: '' },
    });
  } else if (identity && sha !== undefined) {
    const place = { file: identity.file, pointer: '/git_sha' };
    const history = !isCommitId(sha)
      ? undefined
      : context.rootDir === undefined
        ? ({ kind: 'not-checkout' } as const)
        : commitHistory(context.rootDir, sha);
    const folder = evidenceFolder(context.config.atlas.evidenceManifest);
    if (history === undefined) {
      findings.push({
        severity: 'error',
        message: `\`git_sha\` \`${sha}\` is not a commit id: record the commit the evidence was collected from`,
        place,
      });
    } else if (history.kind === 'not-checkout') {
      findings.push({
        severity: 'warning',
        message: `Commit \`${sha}\` cannot be verified because the root is not the top of a git checkout: run the gate at the top of the checkout the evidence was collected from`,
        place,
      });
    } else if (history.kind === 'unknown') {
      findings.push({
        severity: 'error',
        message: `Commit \`${sha}\` is not in the history of this checkout: collect the evidence again at HEAD`,
        place,
      });
    } else if (history.kind === 'not-ancestor') {
      findings.push({
        severity: 'error',
        message: `Commit \`${sha}\` is not HEAD \`${short(history.head)}\` nor an ancestor of it: collect the evidence again at HEAD`,
        place,
      });
    } else {
      const outside = history.changed.filter((file) => folder === '' || !file.startsWith(folder));
      for (const file of outside)
        evidence.push(fileEvidence(atlas, file, `changed after commit \`${short(history.commit)}\``));
      if (outside.length) {
        findings.push({
          severity: 'error',
          message: `${outside.length === 1 ? 'A file' : `${outside.length} files`} outside \`${folder}\` changed after the evidence was collected at \`${short(history.commit)}\` (${listInProse(outside)}): collect the evidence again at HEAD`,
          place,
        });
      } else {
        passed.push(
          history.commit === history.head
            ? `commit \`${short(history.commit)}\` is HEAD`
            : `commit \`${short(history.commit)}\` is an ancestor of HEAD \`${short(history.head)}\` with changes only under \`${folder}\``,
        );
      }
    }
  }
  return {
    passed: passed.length ? `${capitalise(passed.join(', '))}` : 'The identity matches the release',
    evidence,
    findings,
  };
}

function short(sha: string): string {
  return sha.slice(0, 12);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
