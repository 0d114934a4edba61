#!/usr/bin/env bash
# The steps of the surveyor GitHub Action (action.yml), as one script so they can be tested
# outside GitHub: run the check once (annotations on stdout, SARIF, JSON and a Markdown job
# summary from the same run), then `generate --check`; write the job summary to
# $GITHUB_STEP_SUMMARY and the results to $GITHUB_OUTPUT; fail when either fails.
#
# Environment: SURVEYOR (the command, default `surveyor`), INPUT_ROOT (default .),
# INPUT_MAX_ANNOTATIONS (default 50), INPUT_SARIF (where the SARIF goes, default
# surveyor.sarif), INPUT_GENERATE_CHECK (true|false, default true), INPUT_ARGS (more
# `check` options), GITHUB_STEP_SUMMARY and GITHUB_OUTPUT (files; when unset, not written).
set -u -o pipefail

surveyor=${SURVEYOR:-surveyor}
root=${INPUT_ROOT:-.}
max_annotations=${INPUT_MAX_ANNOTATIONS:-50}
sarif=${INPUT_SARIF:-surveyor.sarif}
generate_check=${INPUT_GENERATE_CHECK:-true}
work=$(mktemp -d "${RUNNER_TEMP:-/tmp}/surveyor-action.XXXXXX")
trap 'rm -rf "$work"' EXIT

summary=${GITHUB_STEP_SUMMARY:-/dev/null}
output=${GITHUB_OUTPUT:-/dev/null}

# shellcheck disable=SC2086 # INPUT_ARGS is a list of options, split on purpose
$surveyor check --root "$root" --format github --max-annotations "$max_annotations" \
  --report "sarif=$sarif" --report "json=$work/report.json" --report "markdown=$work/summary.md" \
  ${INPUT_ARGS:-}
check_code=$?

if [ -f "$work/summary.md" ]; then
  cat "$work/summary.md" >> "$summary"
fi
counts=$(node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).summary;
  console.log(`errors=${r.errors}\nwarnings=${r.warnings}\ninfos=${r.infos}`);
' "$work/report.json" 2>/dev/null || printf 'errors=\nwarnings=\ninfos=\n')
{
  echo "$counts"
  echo "check-exit-code=$check_code"
  [ -f "$sarif" ] && echo "sarif=$sarif"
} >> "$output"

generate_code=0
if [ "$generate_check" = "true" ]; then
  $surveyor generate --check --root "$root" > "$work/drift.diff" 2> "$work/drift.txt"
  generate_code=$?
  cat "$work/drift.txt" >&2
  if [ "$generate_code" -ne 0 ]; then
    {
      echo
      echo "### ❌ Generated docs are out of date"
      echo
      echo "$(cat "$work/drift.txt")"
      echo
      if [ -s "$work/drift.diff" ]; then
        echo "<details><summary>Diff (run <code>surveyor generate</code> to heal it)</summary>"
        echo
        echo '```diff'
        # Keep the summary within GitHub's limits: the first 400 lines of the diff.
        head -n 400 "$work/drift.diff"
        echo '```'
        echo
        echo "</details>"
      fi
    } >> "$summary"
  else
    { echo; echo "✅ Generated docs are current."; } >> "$summary"
  fi
  echo "generate-exit-code=$generate_code" >> "$output"
fi

# Exit 2 (surveyor could not run) wins over 1 (findings).
if [ "$check_code" -eq 2 ] || [ "$generate_code" -eq 2 ]; then exit 2; fi
if [ "$check_code" -ne 0 ] || [ "$generate_code" -ne 0 ]; then exit 1; fi
exit 0
