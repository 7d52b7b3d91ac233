// Loaded on demand at /operator: the operator console (issue 16). No user session: the operator
// token, kept in this tab's sessionStorage only (never localStorage or a cookie), is sent as a
// bearer token. Two tabs: the e-mail this server sent or wrote as .eml files, and the host
// product's webhook endpoints (every organization's events) with the admin page's parts.
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type KeyboardEvent, useEffect, useMemo, useRef, useState } from "react";
import { AuthCard, AuthSubmit } from "../../components/AuthCard.js";
import { PageHeader } from "../../components/PageHeader.js";
import { Brand, Field, FormError } from "../../components/ui.js";
import { type ApiClient, ApiError, apiClient } from "../../lib/api.js";
import { Link, navigate, usePathname } from "../../lib/router.js";
import { WebhookEndpoints } from "../webhooks/WebhookEndpoints.js";
import { OperatorEmails } from "./OperatorEmails.js";
import "./operator.css";

const tokenKey = "wiseparts.operator-token";

function storedToken(): string | undefined {
  try {
    return sessionStorage.getItem(tokenKey) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Every request as the operator; a refusal of the token (401) ends the console's session. */
function operatorClient(token: string, refused: () => void): ApiClient {
  const client = apiClient(token);
  const guard = <T,>(answer: Promise<T>) =>
    answer.catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 401) refused();
      throw error;
    });
  return {
    get: <T,>(path: string, signal?: AbortSignal) => guard(client.get<T>(path, signal)),
    post: <T,>(path: string, body?: unknown) => guard(client.post<T>(path, body)),
    put: <T,>(path: string, body: unknown) => guard(client.put<T>(path, body)),
    patch: <T,>(path: string, body: unknown) => guard(client.patch<T>(path, body)),
    delete: <T,>(path: string) => guard(client.delete<T>(path)),
    query: <T,>(path: string, body: unknown, signal?: AbortSignal) =>
      guard(client.query<T>(path, body, signal)),
  };
}

export default function OperatorConsole() {
  const queryClient = useQueryClient();
  const [token, setToken] = useState(storedToken);
  const [notice, setNotice] = useState<string>();
  const end = (message: string) => {
    try {
      sessionStorage.removeItem(tokenKey);
    } catch {
      // Nothing stored.
    }
    // Nothing read with the token stays in memory once it is gone.
    queryClient.removeQueries({ queryKey: ["operator"] });
    queryClient.removeQueries({ queryKey: ["webhook-endpoints", "host"] });
    setToken(undefined);
    setNotice(message);
  };
  if (!token) {
    return (
      <TokenForm
        notice={notice}
        onAccepted={(accepted) => {
          try {
            sessionStorage.setItem(tokenKey, accepted);
          } catch {
            // Private mode without storage: the console still works until the page reloads.
          }
          setNotice(undefined);
          setToken(accepted);
        }}
      />
    );
  }
  return (
    <Console
      token={token}
      onSignOut={() => end("Signed out of the operator console: the token is forgotten in this tab.")}
      onRefused={() =>
        end("The server no longer accepts this operator token (it may have restarted with a new one).")
      }
    />
  );
}

function TokenForm(props: { notice: string | undefined; onAccepted: (token: string) => void }) {
  const [token, setToken] = useState("");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    field.current?.focus();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const candidate = token.trim();
    setError(undefined);
    if (!candidate) {
      setError("Enter the operator token.");
      field.current?.focus();
      return;
    }
    setBusy(true);
    try {
      await apiClient(candidate).get("/operator/emails?limit=1");
      props.onAccepted(candidate);
    } catch (caught) {
      setBusy(false);
      setError(
        caught instanceof ApiError && caught.status === 401
          ? "That is not the operator token. Use the one npm start printed on its terminal, or the server's OPERATOR_TOKEN."
          : caught instanceof Error
            ? caught.message
            : "The token could not be checked.",
      );
      field.current?.focus();
    }
  };

  return (
    <AuthCard title="Operator console" titleId="operator-title" onSubmit={submit}>
      <p className="muted">
        The e-mail this server sends and the host product's webhooks, for every organization.
      </p>
      {props.notice ? (
        <p className="notice notice-info" role="status" data-testid="operator-notice">
          {props.notice}
        </p>
      ) : null}
      <Field
        id="operator-token"
        label="Operator token"
        hint="Printed by npm start on its terminal, or the server's OPERATOR_TOKEN. Kept in this tab only."
      >
        <input
          ref={field}
          id="operator-token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(event) => setToken(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "operator-token-hint operator-token-error" : "operator-token-hint"}
        />
      </Field>
      <FormError error={error} id="operator-token-error" testId="operator-token-error" />
      <AuthSubmit label="Open console" busyLabel="Checking…" busy={busy} />
      <p>
        <Link href="/">Sign in to an organization instead</Link>
      </p>
    </AuthCard>
  );
}

const tabs = [
  { id: "email", label: "E-mail", path: "/operator" },
  { id: "webhooks", label: "Webhooks", path: "/operator/webhooks" },
] as const;

function Console(props: { token: string; onSignOut: () => void; onRefused: () => void }) {
  const path = usePathname();
  const selected = tabs.find((tab) => tab.path === path) ?? tabs[0];
  const refused = useRef(props.onRefused);
  refused.current = props.onRefused;
  const client = useMemo(() => operatorClient(props.token, () => refused.current()), [props.token]);
  const heading = useRef<HTMLHeadingElement>(null);
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);
  useEffect(() => {
    // Just signed in: the console's heading, not the page's top, has the focus.
    heading.current?.focus();
  }, []);

  const select = (index: number) => {
    const tab = tabs[(index + tabs.length) % tabs.length] ?? tabs[0];
    navigate(tab.path, { replace: true });
    tabRefs.current[tabs.indexOf(tab)]?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const moves: Record<string, number> = {
      ArrowRight: index + 1,
      ArrowLeft: index - 1,
      Home: 0,
      End: tabs.length - 1,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    select(next);
  };

  return (
    <div className="shell operator-console">
      <header className="topbar">
        <Brand>
          <span className="brand-org">Operator</span>
        </Brand>
        <button type="button" className="button" onClick={props.onSignOut}>
          Sign out
        </button>
      </header>
      <main id="main" className="content">
        <div className="page">
          <PageHeader
            title="Operator console"
            crumb={null}
            headingRef={heading}
            lead="The e-mail this server sends and the host product's webhook endpoints, for every organization."
          />
          <div className="tabs" role="tablist" aria-label="Operator console">
            {tabs.map((tab, index) => (
              <button
                key={tab.id}
                ref={(element) => {
                  tabRefs.current[index] = element;
                }}
                type="button"
                role="tab"
                id={`tab-${tab.id}`}
                className="tab"
                aria-selected={tab === selected}
                aria-controls={`panel-${tab.id}`}
                tabIndex={tab === selected ? 0 : -1}
                onClick={() => select(index)}
                onKeyDown={(event) => onKeyDown(event, index)}
              >
                {tab.label}
              </button>
            ))}
          </div>
          <div
            role="tabpanel"
            id={`panel-${selected.id}`}
            aria-labelledby={`tab-${selected.id}`}
            className="tab-panel"
          >
            {selected.id === "email" ? (
              <OperatorEmails client={client} />
            ) : (
              <WebhookEndpoints client={client} owner="host" />
            )}
          </div>
        </div>
      </main>
    </div>
  );
}
