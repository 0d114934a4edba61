/**
 * What GitHub code scanning requires of an uploaded SARIF file beyond the SARIF 2.1.0
 * schema, as documented in "SARIF support for code scanning"
 * (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning):
 * the properties it marks "Required" for `tool.driver`, `reportingDescriptor`, `result`
 * and `location`, the upload limits it lists, and SARIF 2.1.0 §3.14.14 for
 * `originalUriBaseIds` (an absolute URI ending in `/`), which the upload action resolves
 * `%SRCROOT%` with. Returns one line per violation.
 */
export function codeScanningProblems(log: unknown): string[] {
  const problems: string[] = [];
  const fail = (where: string, what: string) => problems.push(`${where}: ${what}`);
  const l = log as Record<string, any>;
  if (l.version !== '2.1.0') fail('/version', 'must be 2.1.0');
  if (typeof l.$schema !== 'string') fail('/$schema', 'required');
  const runs: any[] = Array.isArray(l.runs) ? l.runs : [];
  if (runs.length === 0 || runs.length > 20) fail('/runs', 'between 1 and 20 runs');
  runs.forEach((run, r) => {
    const at = `/runs/${r}`;
    const driver = run?.tool?.driver;
    if (typeof driver?.name !== 'string' || driver.name === '') fail(`${at}/tool/driver/name`, 'required');
    const rules: any[] = driver?.rules ?? [];
    if (rules.length > 25_000) fail(`${at}/tool/driver/rules`, 'at most 25,000 rules');
    rules.forEach((rule, i) => {
      const where = `${at}/tool/driver/rules/${i}`;
      if (typeof rule.id !== 'string' || rule.id === '') fail(`${where}/id`, 'required');
      for (const key of ['shortDescription', 'fullDescription', 'help'] as const)
        if (typeof rule[key]?.text !== 'string' || rule[key].text.trim() === '')
          fail(`${where}/${key}/text`, 'required');
      if (typeof rule.help?.markdown !== 'string' || rule.help.markdown.trim() === '')
        fail(`${where}/help/markdown`, 'recommended, shown on the alert');
      if ((rule.properties?.tags?.length ?? 0) > 20) fail(`${where}/properties/tags`, 'at most 20 tags');
    });
    for (const [name, base] of Object.entries<any>(run.originalUriBaseIds ?? {})) {
      const where = `${at}/originalUriBaseIds/${name}`;
      if (typeof base?.uri !== 'string') fail(where, 'needs a `uri`');
      else if (!/^[a-z][a-z0-9+.-]*:/i.test(base.uri) || !base.uri.endsWith('/'))
        fail(`${where}/uri`, 'must be an absolute URI ending in `/`');
    }
    const results: any[] = run.results ?? [];
    if (results.length > 25_000) fail(`${at}/results`, 'at most 25,000 results');
    results.forEach((result, i) => {
      const where = `${at}/results/${i}`;
      if (typeof result.ruleId !== 'string') fail(`${where}/ruleId`, 'required');
      if (typeof result.message?.text !== 'string' || result.message.text === '')
        fail(`${where}/message/text`, 'required');
      if (result.partialFingerprints === undefined || Object.keys(result.partialFingerprints).length === 0)
        fail(`${where}/partialFingerprints`, 'required');
      const locations: any[] = result.locations ?? [];
      if (locations.length === 0 || locations.length > 10) fail(`${where}/locations`, 'between 1 and 10 locations');
      locations.forEach((location, j) => {
        const physical = location.physicalLocation;
        const uri = physical?.artifactLocation?.uri;
        if (typeof uri !== 'string' || uri === '') fail(`${where}/locations/${j}`, 'artifactLocation.uri required');
        const base = physical?.artifactLocation?.uriBaseId;
        if (base !== undefined && run.originalUriBaseIds?.[base] === undefined)
          fail(`${where}/locations/${j}`, `uriBaseId \`${base}\` is not in originalUriBaseIds`);
        if (!Number.isInteger(physical?.region?.startLine))
          fail(`${where}/locations/${j}`, 'region.startLine required');
      });
      if ((result.relatedLocations?.length ?? 0) > 1000) fail(`${where}/relatedLocations`, 'at most 1,000');
    });
  });
  return problems;
}
