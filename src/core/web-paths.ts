/**
 * The addresses of the web UI's pages. The router serves them and the server links to them (the
 * e-mails it sends), so a link in a message always opens a page that exists.
 */
export const webPaths = {
  billing: "/settings/billing",
  invoices: "/settings/invoices",
  invoice: (id: string) => `/settings/invoices/${encodeURIComponent(id)}`,
  users: "/settings/users",
  activity: "/settings/activity",
  webhooks: "/settings/webhooks",
  signIn: "/sign-in",
  forgotPassword: "/forgot-password",
  resetPassword: "/reset-password",
  invite: (token: string) => `/invite/${encodeURIComponent(token)}`,
} as const;
