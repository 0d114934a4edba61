import type { Rule } from '../src/engine/rule.js';
import atlasContractFile from './atlas/contract-file.js';
import docsFrontmatter from './docs/frontmatter.js';
import docsLink from './docs/link.js';
import docsMermaidSyntax from './docs/mermaid-syntax.js';
import docsNav from './docs/nav.js';
import docsPathRef from './docs/path-ref.js';
import docsRequiredSections from './docs/required-sections.js';
import docsSourceOfTruth from './docs/source-of-truth.js';
import docsStaleReview from './docs/stale-review.js';
import docsTitleH1 from './docs/title-h1.js';
import evidenceDigestPlaceholder from './evidence/digest-placeholder.js';
import evidencePath from './evidence/path.js';
import evidenceProfileCoverage from './evidence/profile-coverage.js';
import evidenceReleaseImages from './evidence/release-images.js';
import evidenceRequiredPaths from './evidence/required-paths.js';
import evidenceSbomFormat from './evidence/sbom-format.js';
import evidenceSha256 from './evidence/sha256.js';
import generatedDrift from './generated/drift.js';
import helmValuesSchema from './helm/values-schema.js';
import identityCommit from './identity/commit.js';
import identityRelease from './identity/release.js';
import identityUnverifiedCommit from './identity/unverified-commit.js';
import jsonDuplicateKey from './json/duplicate-key.js';
import jsonSyntax from './json/syntax.js';
import matrixProfilesSorted from './matrix/profiles-sorted.js';
import matrixReleaseCoverage from './matrix/release-coverage.js';
import matrixScenarioProfile from './matrix/scenario-profile.js';
import matrixScenarioRefs from './matrix/scenario-refs.js';
import matrixValuesFile from './matrix/values-file.js';
import observeAlertDefined from './observe/alert-defined.js';
import observeAlertFor from './observe/alert-for.js';
import observePromqlSyntax from './observe/promql-syntax.js';
import observeRuleFile from './observe/rule-file.js';
import observeSloMeasured from './observe/slo-measured.js';
import readinessConsistent from './readiness/consistent.js';
import readinessReleaseReady from './readiness/release-ready.js';
import registryPathExists from './registry/path-exists.js';
import registrySchemaId from './registry/schema-id.js';
import rolloutProfileCovered from './rollout/profile-covered.js';
import rolloutProfileInMatrix from './rollout/profile-in-matrix.js';
import rolloutValuesConform from './rollout/values-conform.js';
import scenarioCurrentVersion from './scenario/current-version.js';
import scenarioIdFilename from './scenario/id-filename.js';
import scenarioKindSemver from './scenario/kind-semver.js';
import scenarioReleasePaths from './scenario/release-paths.js';
import scenarioRollbackSteps from './scenario/rollback-steps.js';
import scenarioTransitionSupported from './scenario/transition-supported.js';
import schemaCompile from './schema/compile.js';
import schemaMappingUnused from './schema/mapping-unused.js';
import schemaUnmapped from './schema/unmapped.js';
import schemaValid from './schema/valid.js';
import signalsCriticalAlert from './signals/critical-alert.js';
import signalsIdentity from './signals/identity.js';
import signalsReadiness from './signals/readiness.js';
import signalsSlo from './signals/slo.js';
import signalsWarningAlert from './signals/warning-alert.js';
import workspaceSymlinkEscape from './workspace/symlink-escape.js';
import workspaceUnreadable from './workspace/unreadable.js';

/** Every rule surveyor has, in documentation order. */
export const allRules: readonly Rule[] = [
  jsonSyntax,
  jsonDuplicateKey,
  schemaCompile,
  schemaValid,
  schemaUnmapped,
  schemaMappingUnused,
  registryPathExists,
  registrySchemaId,
  workspaceSymlinkEscape,
  workspaceUnreadable,
  atlasContractFile,
  matrixProfilesSorted,
  matrixValuesFile,
  matrixScenarioProfile,
  matrixScenarioRefs,
  matrixReleaseCoverage,
  rolloutProfileInMatrix,
  rolloutProfileCovered,
  rolloutValuesConform,
  helmValuesSchema,
  scenarioIdFilename,
  scenarioKindSemver,
  scenarioRollbackSteps,
  scenarioTransitionSupported,
  scenarioCurrentVersion,
  scenarioReleasePaths,
  identityRelease,
  identityCommit,
  identityUnverifiedCommit,
  evidencePath,
  evidenceSha256,
  evidenceDigestPlaceholder,
  evidenceRequiredPaths,
  evidenceProfileCoverage,
  evidenceReleaseImages,
  evidenceSbomFormat,
  readinessConsistent,
  readinessReleaseReady,
  signalsIdentity,
  signalsSlo,
  signalsReadiness,
  signalsCriticalAlert,
  signalsWarningAlert,
  observeRuleFile,
  observePromqlSyntax,
  observeSloMeasured,
  observeAlertDefined,
  observeAlertFor,
  docsFrontmatter,
  docsTitleH1,
  docsStaleReview,
  docsRequiredSections,
  docsSourceOfTruth,
  docsPathRef,
  docsLink,
  docsNav,
  docsMermaidSyntax,
  generatedDrift,
];
