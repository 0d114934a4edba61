import type { Draft } from '../config/config-schema.js';

const META_SCHEMAS: Record<string, Draft> = {
  'json-schema.org/draft-04/schema': 'draft-04',
  'json-schema.org/draft-06/schema': 'draft-06',
  'json-schema.org/draft-07/schema': 'draft-07',
  'json-schema.org/draft/2019-09/schema': '2019-09',
  'json-schema.org/draft/2020-12/schema': '2020-12',
};

/** The draft a `$schema` URI names (http or https, with or without the empty fragment), if any. */
export function draftOfMetaUri(uri: string): Draft | undefined {
  const key = uri
    .trim()
    .replace(/^https?:\/\//, '')
    .replace(/#$/, '');
  return META_SCHEMAS[key];
}

/** True for URIs inside json-schema.org's meta-schema space (vocabularies, meta documents). */
export function isMetaSchemaUri(uri: string): boolean {
  return /^https?:\/\/json-schema\.org\//.test(uri);
}

/** The `$schema` URI that declares a draft. */
export function metaUriOfDraft(draft: Draft): string {
  switch (draft) {
    case 'draft-04':
      return 'http://json-schema.org/draft-04/schema#';
    case 'draft-06':
      return 'http://json-schema.org/draft-06/schema#';
    case 'draft-07':
      return 'http://json-schema.org/draft-07/schema#';
    case '2019-09':
      return 'https://json-schema.org/draft/2019-09/schema';
    case '2020-12':
      return 'https://json-schema.org/draft/2020-12/schema';
  }
}
