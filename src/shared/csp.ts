/**
 * One Content-Security-Policy for both hosts: the Electron window (meta tag + session header) and
 * the headless host (response header). Scripts and connections only from the app itself.
 */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
