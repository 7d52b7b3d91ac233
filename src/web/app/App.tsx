import { useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useEffect } from "react";
import { webPaths } from "../../core/web-paths.js";
import { ErrorBoundary } from "../components/ErrorBoundary.js";
import { PageHeader } from "../components/PageHeader.js";
import { ErrorState, Loading, NoAccess } from "../components/ui.js";
import { BillingPage } from "../features/billing/BillingPage.js";
import { type Me, onUnauthorized } from "../lib/api.js";
import { keys, useMe } from "../lib/queries.js";
import { match, navigate, usePathname } from "../lib/router.js";
import { AppShell } from "./AppShell.js";
import { InvitePage } from "./InvitePage.js";
import { ForgotPasswordPage, ResetPasswordPage } from "./PasswordResetPage.js";
import { mayOpen, settingsPageOf } from "./pages.js";
import { SignInPage } from "./SignInPage.js";

// Pages off the first screen load on demand, keeping the first page's JavaScript small.
const InvoicesPage = lazy(() => import("../features/invoices/InvoicesPage.js"));
const InvoicePage = lazy(() => import("../features/invoices/InvoicePage.js"));
const UsersPage = lazy(() => import("../features/users/UsersPage.js"));
const ActivityPage = lazy(() => import("../features/activity/ActivityPage.js"));
const WebhooksPage = lazy(() => import("../features/webhooks/WebhooksPage.js"));
// The operator console: no user session (the operator token), off every user's first page.
const OperatorConsole = lazy(() => import("../features/operator/OperatorConsole.js"));

export const homePath = webPaths.billing;

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function NotFound() {
  return (
    <div className="page">
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <a href={homePath}>Go to Billing</a>.
      </p>
    </div>
  );
}

/**
 * A page the role may not open: its title and the no-access notice. The page itself is not
 * mounted, so nothing of it (a list, an export, a filter) shows and its data is never asked for.
 */
function NoAccessPage({ title }: { title: string }) {
  return (
    <div className="page">
      <PageHeader title={title} />
      <NoAccess />
    </div>
  );
}

function SignedInRoutes({ path, me }: { path: string; me: Me }) {
  if (path === "/" || path === "/settings" || path === webPaths.signIn) return <Redirect to={homePath} />;
  const page = settingsPageOf(path);
  if (page && !mayOpen(me, page)) return <NoAccessPage title={page.label} />;
  if (path === homePath) return <BillingPage />;
  if (path === webPaths.users) return <UsersPage />;
  if (path === webPaths.invoices) return <InvoicesPage />;
  if (path === webPaths.activity) return <ActivityPage />;
  if (path === webPaths.webhooks) return <WebhooksPage />;
  const invoice = match(`${webPaths.invoices}/:id`, path);
  if (invoice?.id) return <InvoicePage id={invoice.id} />;
  return <NotFound />;
}

export function App() {
  const path = usePathname();
  const client = useQueryClient();
  const me = useMe();

  useEffect(
    () =>
      onUnauthorized(() => {
        client.setQueryData(keys.me, null);
      }),
    [client],
  );

  const invite = match("/invite/:token", path);
  if (invite?.token) return <InvitePage token={invite.token} />;
  if (path === webPaths.forgotPassword) return <ForgotPasswordPage />;
  if (path === webPaths.resetPassword) return <ResetPasswordPage />;
  if (path === "/operator" || path.startsWith("/operator/")) {
    return (
      <ErrorBoundary resetKey={path}>
        <Suspense fallback={<Loading label="Loading the operator console…" />}>
          <OperatorConsole />
        </Suspense>
      </ErrorBoundary>
    );
  }

  if (me.isPending) return <Loading label="Loading WiseParts Billing…" />;
  if (me.isError) {
    return (
      <main className="centered">
        <ErrorState error={me.error} title="WiseParts Billing could not start" onRetry={() => me.refetch()} />
      </main>
    );
  }
  if (!me.data) {
    return (
      <SignInPage
        notice={
          new URLSearchParams(window.location.search).get("reset")
            ? "Your password was changed: sign in with it."
            : undefined
        }
      />
    );
  }
  return (
    <AppShell me={me.data} path={path}>
      <ErrorBoundary resetKey={path}>
        <Suspense fallback={<Loading />}>
          <SignedInRoutes path={path} me={me.data} />
        </Suspense>
      </ErrorBoundary>
    </AppShell>
  );
}
