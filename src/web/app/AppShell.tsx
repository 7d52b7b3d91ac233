import { useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { Brand, Options } from "../components/ui.js";
import type { Me } from "../lib/api.js";
import { request } from "../lib/api.js";
import { keys } from "../lib/queries.js";
import { Link, navigate } from "../lib/router.js";
import { mayOpen, settingsPageOf, settingsPages } from "./pages.js";

const roleNames = { admin: "Admin", billing: "Billing", member: "Member" } as const;

export function AppShell({ me, path, children }: { me: Me; path: string; children: ReactNode }) {
  const client = useQueryClient();
  const [signingOut, setSigningOut] = useState(false);
  const links = settingsPages
    .filter((page) => mayOpen(me, page))
    .map((page) => ({ href: page.path, label: page.label }));

  const signOut = async () => {
    setSigningOut(true);
    try {
      await request("POST", "/api/auth/sign-out", { body: {} });
    } catch {
      // The session is dropped locally either way.
    }
    // Signed out first (the shell unmounts), then nothing of the session stays in memory.
    client.setQueryData(keys.me, null);
    client.removeQueries({ predicate: (query) => query.queryKey[0] !== keys.me[0] });
  };

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Brand block>
          {me.organizations.length > 1 ? (
            <OrganizationSwitcher me={me} path={path} />
          ) : (
            <span className="brand-org">{me.organization.name}</span>
          )}
        </Brand>
        <div className="account">
          <span className="account-name">
            {me.user.name} <span className="badge">{roleNames[me.user.role]}</span>
          </span>
          <button type="button" className="button button-quiet" onClick={signOut} disabled={signingOut}>
            Sign out
          </button>
        </div>
      </header>
      <div className="shell-body">
        <nav className="sidebar" aria-label="Settings">
          <p className="sidebar-heading" id="settings-nav">
            Settings
          </p>
          <ul aria-labelledby="settings-nav">
            {links.map((link) => {
              const current = path === link.href || path.startsWith(`${link.href}/`);
              return (
                <li key={link.href}>
                  <Link href={link.href} aria-current={current ? "page" : undefined} className="nav-link">
                    {link.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        {/* Keyed by organization: nothing of the previous organization's pages stays mounted. */}
        <main id="main" className="content" tabIndex={-1} key={me.organization.id}>
          {children}
        </main>
      </div>
    </div>
  );
}

/**
 * Where a switch lands: a page's list (not one record of the previous organization) when the role
 * in the next organization may open it, else Billing.
 */
function pageAfterSwitch(path: string, next: Me): string {
  const page = settingsPageOf(path);
  if (!page) return path;
  return mayOpen(next, page) ? page.path : "/";
}

/**
 * The header's organization picker, for a person who belongs to several: the session switches on
 * the server, then every query of the previous organization is dropped and read again.
 */
function OrganizationSwitcher({ me, path }: { me: Me; path: string }) {
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const switchTo = async (organizationId: string) => {
    if (organizationId === me.organization.id) return;
    setBusy(true);
    setError(undefined);
    try {
      const next = await request<Me>("POST", "/me/organization", { body: { organizationId } });
      client.setQueryData(keys.me, next);
      await client.resetQueries({ predicate: (query) => query.queryKey[0] !== keys.me[0] });
      navigate(pageAfterSwitch(path, next), { replace: true });
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : "The organization could not be switched.");
      await client.invalidateQueries({ queryKey: keys.me });
    } finally {
      setBusy(false);
    }
  };

  return (
    <span className="brand-org org-switcher">
      <label htmlFor="organization-switcher" className="visually-hidden">
        Organization
      </label>
      <select
        id="organization-switcher"
        className="select-small org-switcher-select"
        value={me.organization.id}
        disabled={busy}
        onChange={(event) => switchTo(event.target.value)}
        aria-describedby={error ? "organization-switcher-error" : undefined}
      >
        <Options
          items={me.organizations.map((organization) => ({
            value: organization.id,
            label: `${organization.name} (${roleNames[organization.role]})`,
          }))}
        />
      </select>
      {error ? (
        <span id="organization-switcher-error" className="form-error" role="alert">
          {error}
        </span>
      ) : null}
    </span>
  );
}
