import { escapePointerToken } from '../workspace/json-document.js';
import { isObject } from './contract-file.js';

/** An image artifact of the manifest: an object with a `digest`, at any depth. */
export interface ImageArtifact {
  pointer: string;
  digest: string;
  profile?: string;
  repository?: string;
  tag?: string;
}

/** An SBOM of the manifest: an object with a `path` and a `format`, at any depth. */
export interface SbomArtifact {
  pointer: string;
  path: string;
  format: string;
  profile?: string;
}

/** The image artifacts and SBOMs of an evidence manifest, found generically as the manifest model finds paths. */
export interface ManifestArtifacts {
  images: ImageArtifact[];
  sboms: SbomArtifact[];
}

/** A value met during the walk, with the way back to the root (its pointer is built only when needed). */
interface Visit {
  node: unknown;
  parent: Visit | undefined;
  token: string;
}

function pointerOf(visit: Visit): string {
  const tokens: string[] = [];
  for (let at: Visit | undefined = visit; at?.parent; at = at.parent) tokens.push(at.token);
  return tokens
    .reverse()
    .map((token) => `/${token}`)
    .join('');
}

/**
 * Walks a manifest's JSON value for image artifacts and SBOMs, in document order. The walk
 * keeps its own stack, so a manifest nested thousands deep is walked, not a stack overflow.
 */
export function manifestArtifacts(value: unknown): ManifestArtifacts {
  const artifacts: ManifestArtifacts = { images: [], sboms: [] };
  const stack: Visit[] = [{ node: value, parent: undefined, token: '' }];
  for (let visit = stack.pop(); visit; visit = stack.pop()) {
    const { node } = visit;
    const children: Visit[] = [];
    if (Array.isArray(node)) {
      node.forEach((item, index) => children.push({ node: item, parent: visit, token: String(index) }));
    } else if (isObject(node)) {
      const text = (key: string) => (typeof node[key] === 'string' ? (node[key] as string) : undefined);
      const digest = text('digest');
      if (digest !== undefined) {
        const image: ImageArtifact = { pointer: pointerOf(visit), digest };
        for (const key of ['profile', 'repository', 'tag'] as const)
          if (text(key) !== undefined) image[key] = text(key)!;
        artifacts.images.push(image);
      }
      const path = text('path');
      const format = text('format');
      if (path !== undefined && format !== undefined) {
        const sbom: SbomArtifact = { pointer: pointerOf(visit), path, format };
        if (text('profile') !== undefined) sbom.profile = text('profile')!;
        artifacts.sboms.push(sbom);
      }
      for (const [key, child] of Object.entries(node))
        if (typeof child === 'object' && child !== null)
          children.push({ node: child, parent: visit, token: escapePointerToken(key) });
    }
    // Pushed last child first, so the first child is walked next: document order.
    for (let index = children.length - 1; index >= 0; index--) stack.push(children[index]!);
  }
  return artifacts;
}
