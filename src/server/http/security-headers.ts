import type { IncomingMessage, ServerResponse } from "node:http";
import helmet from "helmet";

/**
 * Security headers, computed once at start rather than per request (helmet rebuilt per request
 * cost more CPU than a whole quote). Pages (the web UI, the API docs) get helmet's full set with
 * our content security policy; JSON API responses get the set OWASP's REST Security Cheat Sheet
 * lists for APIs: a browser never renders them, so page policies would only add bytes.
 */
export const pageHeaders: Readonly<Record<string, string>> = capture(
  helmet({
    contentSecurityPolicy: {
      directives: {
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "https:"],
      },
    },
  }),
);

export const apiHeaders: Readonly<Record<string, string>> = {
  "cache-control": "no-store",
  "content-security-policy": "frame-ancestors 'none'",
  "strict-transport-security": "max-age=31536000; includeSubDomains",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
};

/** The headers a connect-style middleware sets, read off a stand-in response. */
function capture(
  middleware: (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => void,
): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown;
  middleware({} as IncomingMessage, response as unknown as ServerResponse, (error) => {
    failure = error;
  });
  if (failure) throw failure;
  return headers;
}

/** JSON endpoints: everything under /api/ but the interactive docs page. */
export function securityHeadersFor(url: string): Readonly<Record<string, string>> {
  return url.startsWith("/api/") && !url.startsWith("/api/docs") ? apiHeaders : pageHeaders;
}
