/** Dates and times as the clerk types them (`<input type=date|time>`, in this computer's time zone) and as the server keeps them (ISO, UTC). */

const pad = (value: number) => String(value).padStart(2, '0');

/** `YYYY-MM-DD` of an instant, in local time. */
export function localDate(iso: string): string {
  const date = new Date(iso);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** `HH:MM` of an instant, in local time. */
export function localTime(iso: string): string {
  const date = new Date(iso);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The instant a local date and time of day name, as the server's ISO timestamp. */
export function startsAtOf(date: string, time: string): string {
  return new Date(`${date}T${time}`).toISOString();
}
