import { describeEscape } from '../atlas/contract-file.js';
import { evidencePathState, imageDigestProblem, verifyDigest } from '../atlas/evidence-verification.js';
import { type CheckOutcome, EvidenceList, type GateContext, type GateFinding, listInProse } from './gate-check.js';
import { manifestArtifacts } from './manifest-artifacts.js';

/**
 * evidence: every artifact the manifest names is present (on disk or in the evidence
 * tarball) and matches its recorded sha256; the policy's required paths exist; each release
 * profile the policy names has an image artifact with a real digest; SBOMs are in formats
 * the policy accepts.
 */
export function evidenceCheck(context: GateContext): CheckOutcome {
  const { atlas, release } = context;
  const findings: GateFinding[] = [];
  const evidence = new EvidenceList();
  const manifest = atlas.manifest;
  if (!manifest) {
    const file = context.config.atlas.evidenceManifest;
    findings.push({
      severity: 'error',
      message: `The evidence manifest \`${file}\` is missing or not a JSON object: collect the evidence for \`${release}\``,
      place: { file },
    });
    return { passed: '', evidence: [], findings };
  }
  evidence.add(atlas, manifest.file, 'the evidence manifest');
  const tarballPath = atlas.tarballPath;
  const inTarball = tarballPath === undefined ? 'in the evidence tarball' : `in \`${tarballPath}\``;

  const artifacts = new Set<string>();
  for (const entry of manifest.paths) {
    const place = { file: manifest.file, pointer: entry.pointer };
    const state = evidencePathState(atlas, entry.path);
    if (state.kind === 'outside') {
      findings.push({
        severity: 'error',
        message: `\`${entry.path}\` is outside the repository (${describeEscape(state.reason)}) and is never read: name the evidence by a repo-relative path`,
        place,
      });
    } else if (state.kind === 'missing') {
      findings.push({
        severity: 'error',
        message: `\`${entry.path}\` is neither in the repository nor in the evidence tarball: collect the evidence again or fix the path`,
        place,
      });
    } else if (state.kind === 'unknown') {
      findings.push({
        severity: 'error',
        message: `\`${entry.path}\` cannot be verified because the evidence tarball cannot be read: collect the evidence again`,
        place,
      });
    } else {
      artifacts.add(state.path);
      const folder =
        entry.folder === true ||
        !(state.source === 'disk'
          ? atlas.workspace.hasFile(state.path)
          : atlas.tarball()?.contents.members.has(state.path));
      if (folder) evidence.add(atlas, state.path, 'folder');
      else if (state.source === 'tarball')
        evidence.add(atlas, state.path, inTarball, atlas.digestOf(state.path)?.sha256);
      else evidence.add(atlas, state.path);
    }
  }

  let verified = 0;
  for (const claim of manifest.digests) {
    const verdict = verifyDigest(atlas, claim);
    if (verdict.kind === 'match') {
      verified++;
      evidence.add(atlas, verdict.path, 'sha256 matches the manifest', verdict.actual.sha256);
    } else if (verdict.kind === 'folder') {
      findings.push({
        severity: 'error',
        message: `\`${verdict.path}\` is a folder, but a sha256 describes the bytes of one file: name the file the evidence covers`,
        place: { file: manifest.file, pointer: claim.pathPointer },
      });
    } else if (verdict.kind === 'stale') {
      const message = `The evidence for \`${verdict.path}\` is stale (sha256 \`${verdict.actual.sha256}\`, recorded \`${claim.sha256}\`): collect the evidence again`;
      findings.push({
        severity: 'error',
        message,
        place: { file: manifest.file, pointer: claim.pointer },
        ...(verdict.actual.source === 'disk'
          ? { related: [{ file: verdict.path, message: 'The file whose bytes changed' }] }
          : {}),
      });
      evidence.add(atlas, verdict.path, `sha256 differs from the recorded \`${claim.sha256}\``, verdict.actual.sha256);
    }
  }

  const policy = atlas.policy;
  const passed: string[] = [`${artifacts.size} artifacts present, ${verified} digests verified`];
  if (!policy) {
    const file = context.config.atlas.policy;
    findings.push({
      severity: 'error',
      message: `The evidence policy \`${file}\` is missing or not a JSON object: the gate cannot tell what the release must carry`,
      place: { file },
    });
    return { passed: passed.join(', '), evidence: evidence.items, findings };
  }
  evidence.add(atlas, policy.file, 'the evidence policy');

  for (const entry of policy.requiredPaths) {
    const place = { file: policy.file, pointer: entry.pointer };
    const state = evidencePathState(atlas, entry.value);
    if (state.kind === 'outside')
      findings.push({
        severity: 'error',
        message: `\`${entry.value}\` is outside the repository (${describeEscape(state.reason)}): required paths are repo-relative`,
        place,
      });
    else if (state.kind === 'missing')
      findings.push({
        severity: 'error',
        message: `The evidence policy requires \`${entry.value}\`, which is neither in the repository nor in the evidence tarball: add it or update \`required_paths\``,
        place,
      });
    else if (state.kind === 'present')
      evidence.add(
        atlas,
        state.path,
        state.source === 'tarball' ? `required by the policy, ${inTarball}` : 'required by the policy',
        state.source === 'tarball' ? atlas.digestOf(state.path)?.sha256 : undefined,
      );
  }
  passed.push(`${policy.requiredPaths.length} required paths present`);

  const found = manifestArtifacts(atlas.workspace.json(manifest.file)?.value);
  const requiring = new Map(policy.imageDigestRequiredProfiles.map((entry) => [entry.value, entry]));
  const imaged: string[] = [];
  for (const profile of context.profiles) {
    const images = found.images.filter((image) => image.profile === profile);
    const required = requiring.get(profile);
    for (const image of images) {
      evidence.add(atlas, manifest.file, `image of \`${profile}\`: \`${image.repository ?? '?'}@${image.digest}\``);
    }
    if (!required) continue;
    const real = images.filter((image) => imageDigestProblem(image.digest) === undefined);
    for (const image of images) {
      if (imageDigestProblem(image.digest) === undefined) continue;
      findings.push({
        severity: 'error',
        message: `The image of release profile \`${profile}\` has digest \`${image.digest}\`, which is not a real image digest: pin the digest the registry reports`,
        place: { file: manifest.file, pointer: `${image.pointer}/digest` },
      });
    }
    if (images.length === 0) {
      const list = found.images[0]?.pointer.replace(/\/\d+$/, '') ?? '';
      findings.push({
        severity: 'error',
        message: `The manifest has no image artifact for release profile \`${profile}\`, which the evidence policy requires: add the image \`${profile}\` deploys, with its digest, to the evidence`,
        place: { file: manifest.file, pointer: list },
        related: [
          {
            file: policy.file,
            pointer: required.pointer,
            message: `The policy requires an image digest for \`${profile}\``,
          },
        ],
      });
    } else if (real.length) imaged.push(profile);
  }
  if (imaged.length) passed.push(`images pinned by digest for ${listInProse(imaged)}`);

  const accepted = policy.acceptedSbomFormats.map((entry) => entry.value);
  for (const sbom of found.sboms) {
    evidence.add(atlas, sbom.path, `SBOM \`${sbom.format}\`${sbom.profile ? ` of \`${sbom.profile}\`` : ''}`);
    if (accepted.length && !accepted.includes(sbom.format)) {
      findings.push({
        severity: 'error',
        message: `SBOM \`${sbom.path}\` is in format \`${sbom.format}\`, which the evidence policy does not accept: produce it as ${listInProse(accepted, 'or')}`,
        place: { file: manifest.file, pointer: `${sbom.pointer}/format` },
        related: [{ file: policy.file, pointer: '/accepted_sbom_formats', message: 'The formats the policy accepts' }],
      });
    }
  }
  if (found.sboms.length) passed.push(`${found.sboms.length} SBOMs in accepted formats`);
  return { passed: passed.join(', '), evidence: evidence.items, findings };
}
