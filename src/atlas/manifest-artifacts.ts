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

/** Walks a manifest's JSON value for image artifacts and SBOMs, in document order. */
export function manifestArtifacts(value: unknown): ManifestArtifacts {
  const artifacts: ManifestArtifacts = { images: [], sboms: [] };
  const visit = (node: unknown, pointer: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, `${pointer}/${index}`));
      return;
    }
    if (!isObject(node)) return;
    const text = (key: string) => (typeof node[key] === 'string' ? (node[key] as string) : undefined);
    const digest = text('digest');
    if (digest !== undefined) {
      const image: ImageArtifact = { pointer, digest };
      for (const key of ['profile', 'repository', 'tag'] as const) if (text(key) !== undefined) image[key] = text(key)!;
      artifacts.images.push(image);
    }
    const path = text('path');
    const format = text('format');
    if (path !== undefined && format !== undefined) {
      const sbom: SbomArtifact = { pointer, path, format };
      if (text('profile') !== undefined) sbom.profile = text('profile')!;
      artifacts.sboms.push(sbom);
    }
    for (const [key, child] of Object.entries(node))
      if (typeof child === 'object' && child !== null) visit(child, `${pointer}/${escapePointerToken(key)}`);
  };
  visit(value, '');
  return artifacts;
}
