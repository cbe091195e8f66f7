/** Times on the session screen: wall-clock times to the second, and a running timer as m:ss. */
const clockFormat = new Intl.DateTimeFormat(typeof navigator !== 'undefined' ? navigator.language : 'en', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export function formatClock(iso: string): string {
  return clockFormat.format(new Date(iso));
}

export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, '0')}`;
}
