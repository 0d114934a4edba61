import { escapePointerToken } from '../workspace/json-document.js';
import { isObject } from './contract-file.js';

/** A path the manifest names, with the pointer of the string that names it. */
export interface EvidencePath {
  path: string;
  pointer: string;
  /** A folder (`site_dir`) rather than a file. */
  folder?: boolean;
}

/** A `{ path, sha256 }` object: the digest the manifest records for a file. */
export interface EvidenceDigest {
  path: string;
  pathPointer: string;
  sha256: string;
  pointer: string;
}

/** A `{ site_dir, file_count, sha256 }` summary of a folder (the docs site). */
export interface SiteSummary {
  siteDir: string;
  siteDirPointer: string;
  fileCount?: number;
  sha256: string;
  pointer: string;
}

/** A string field of the manifest with its pointer (`digest`, `profile`). */
export interface EvidenceField {
  value: string;
  pointer: string;
}

/**
 * The release evidence manifest read generically, not by a fixed list of keys: every
 * object with a `path` (and its `sha256` when it has one), every `*_path` string, every
 * list of path strings, `site_dir` summaries, image `digest`s and `profile` names, at any
 * depth, each with its JSON pointer. New groups need no code change.
 */
export interface EvidenceManifest {
  file: string;
  paths: EvidencePath[];
  digests: EvidenceDigest[];
  sites: SiteSummary[];
  imageDigests: EvidenceField[];
  profiles: EvidenceField[];
  /** `evidence_tarball.path`, when the manifest names one. */
  tarball?: EvidencePath;
}

/** True for a string that names a repository path in a path list: it has a `/` or a file extension. */
function looksLikePath(value: string): boolean {
  return value.includes('/') || /\.[A-Za-z0-9]+$/.test(value);
}

/** Walks a manifest and collects every path, digest, site summary, image digest and profile; `undefined` when it is not an object. */
export function readEvidenceManifest(file: string, value: unknown): EvidenceManifest | undefined {
  if (!isObject(value)) return undefined;
  const manifest: EvidenceManifest = { file, paths: [], digests: [], sites: [], imageDigests: [], profiles: [] };
  const stack: { node: unknown; pointer: string }[] = [{ node: value, pointer: '' }];
  while (stack.length) {
    const { node, pointer } = stack.pop()!;
    if (Array.isArray(node)) {
      const strings = node.every((item) => typeof item === 'string');
      if (strings && node.some((item) => looksLikePath(item as string))) {
        node.forEach((item, index) => manifest.paths.push({ path: item as string, pointer: `${pointer}/${index}` }));
        continue;
      }
      for (let index = node.length - 1; index >= 0; index--)
        stack.push({ node: node[index], pointer: `${pointer}/${index}` });
      continue;
    }
    if (!isObject(node)) continue;
    const at = (key: string) => `${pointer}/${escapePointerToken(key)}`;
    if (typeof node.path === 'string') {
      manifest.paths.push({ path: node.path, pointer: at('path') });
      if (typeof node.sha256 === 'string')
        manifest.digests.push({ path: node.path, pathPointer: at('path'), sha256: node.sha256, pointer: at('sha256') });
    }
    if (typeof node.site_dir === 'string') {
      manifest.paths.push({ path: node.site_dir, pointer: at('site_dir'), folder: true });
      if (typeof node.sha256 === 'string') {
        const site: SiteSummary = {
          siteDir: node.site_dir,
          siteDirPointer: at('site_dir'),
          sha256: node.sha256,
          pointer: at('sha256'),
        };
        if (typeof node.file_count === 'number') site.fileCount = node.file_count;
        manifest.sites.push(site);
      }
    }
    if (typeof node.digest === 'string') manifest.imageDigests.push({ value: node.digest, pointer: at('digest') });
    if (typeof node.profile === 'string') manifest.profiles.push({ value: node.profile, pointer: at('profile') });
    const keys = Object.keys(node);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      const child = node[key];
      if (key.endsWith('_path') && typeof child === 'string') manifest.paths.push({ path: child, pointer: at(key) });
      else if (typeof child === 'object' && child !== null) stack.push({ node: child, pointer: at(key) });
    }
  }
  const tarball = isObject(value) && isObject(value.evidence_tarball) ? value.evidence_tarball : undefined;
  if (typeof tarball?.path === 'string') manifest.tarball = { path: tarball.path, pointer: '/evidence_tarball/path' };
  return manifest;
}
