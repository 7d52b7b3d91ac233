import { useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { request } from "../lib/api.js";
import { can, keys } from "../lib/queries.js";
import { Link } from "../lib/router.js";
import type { Me } from "../lib/types.js";

const roleNames = { admin: "Admin", billing: "Billing", member: "Member" } as const;

export function AppShell({ me, path, children }: { me: Me; path: string; children: ReactNode }) {
  const client = useQueryClient();
  const [signingOut, setSigningOut] = useState(false);
  const links = [
    { href: "/settings/billing", label: "Billing", show: true },
    { href: "/settings/invoices", label: "Invoices", show: can(me, "invoices.read") },
    { href: "/settings/users", label: "Users", show: can(me, "users.read") },
  ].filter((link) => link.show);

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
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            W
          </span>
          <span className="brand-name">WiseParts</span>
          <span className="brand-org">{me.organization.name}</span>
        </div>
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
        <main id="main" className="content" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}
