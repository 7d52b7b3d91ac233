// The billing clock is the server's (it may even be a manual test clock): every quote carries the
// instant it was computed at, and the local preview counts from there.
let offsetMs: number | null = null;

export function noteServerTime(iso: string) {
  const at = Date.parse(iso);
  if (Number.isFinite(at)) offsetMs = at - Date.now();
}

/** The server's "now" as best known, or null before the first quote arrived. */
export function serverNow(): Date | null {
  return offsetMs === null ? null : new Date(Date.now() + offsetMs);
}
