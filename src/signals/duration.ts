/** Prometheus durations (`15m`, `1h30m`, `90s`, `500ms`), as Prometheus's `model.ParseDuration` reads them. */

const UNIT_MS: Readonly<Record<string, number>> = {
  y: 365 * 24 * 3600_000,
  w: 7 * 24 * 3600_000,
  d: 24 * 3600_000,
  h: 3600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
};
const ORDER = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];
const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Milliseconds of a Prometheus duration, or `undefined` when `text` is not one (`0` alone is allowed, as in Prometheus). */
export function parseDuration(text: string): number | undefined {
  if (text === '0') return 0;
  if (text === '') return undefined;
  const match = DURATION.exec(text);
  if (!match) return undefined;
  let total = 0;
  ORDER.forEach((unit, i) => {
    const count = match[i + 1];
    if (count !== undefined) total += Number(count) * UNIT_MS[unit]!;
  });
  return Number.isSafeInteger(total) ? total : undefined;
}

/** A duration in milliseconds written back the way Prometheus prints it (`1h30m`, `15m`, `0s`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let text = '';
  for (const unit of ORDER) {
    const size = UNIT_MS[unit]!;
    const count = Math.floor(rest / size);
    if (count > 0) {
      text += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return text;
}
