/**
 * Request URLs as they may appear in logs. Pure: unit-tested directly.
 * Free-text search (`q`) may hold an e-mail address or a name, and a client may put a key in the
 * query string by mistake: their values are replaced; everything else is kept as sent.
 */
const REDACTED_PARAMETERS = new Set(['q', 'key', 'api_key', 'apikey', 'api-key', 'token', 'access_token']);

export function redactUrl(url: string): string {
  const mark = url.indexOf('?');
  if (mark < 0) return url;
  const fragmentAt = url.indexOf('#', mark);
  const query = url.slice(mark + 1, fragmentAt < 0 ? undefined : fragmentAt);
  const parts = query.split('&').map((part) => {
    const equals = part.indexOf('=');
    const rawName = equals < 0 ? part : part.slice(0, equals);
    let name: string;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
    } catch {
      name = rawName;
    }
    return REDACTED_PARAMETERS.has(name.toLowerCase()) && equals >= 0 ? `${rawName}=[redacted]` : part;
  });
  return `${url.slice(0, mark)}?${parts.join('&')}`;
}
