import type { ReactNode } from "react";
import { ApiError } from "../lib/api.js";
import { Link } from "../lib/router.js";

/**
 * Where "Contact support" leads: the page's <meta name="support-email"> (src/web/index.html, set
 * by whoever deploys the app), else the documented default (decision 0046).
 */
export function supportEmail(): string {
  const meta =
    typeof document !== "undefined"
      ? document.querySelector<HTMLMetaElement>('meta[name="support-email"]')?.content.trim()
      : undefined;
  return meta || "support@wiseparts.example";
}

/** A server or core message, with its way out made a link ("Deactivate users first", "Contact support"). */
export function MessageText({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  let rest = text;
  const ways: [string, (label: string) => ReactNode][] = [
    ["Deactivate users first", (label) => <Link href="/settings/users">{label}</Link>],
    ["Contact support", (label) => <a href={`mailto:${supportEmail()}`}>{label}</a>],
  ];
  for (;;) {
    const found = ways
      .map(([phrase, link]) => ({ at: rest.indexOf(phrase), phrase, link }))
      .filter((way) => way.at >= 0)
      .sort((a, b) => a.at - b.at)[0];
    if (!found) break;
    parts.push(rest.slice(0, found.at));
    parts.push(<span key={parts.length}>{found.link(found.phrase)}</span>);
    rest = rest.slice(found.at + found.phrase.length);
  }
  parts.push(rest);
  return <>{parts}</>;
}

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return "Something went wrong.";
}

/** What a role without a page's permission reads there: no failure to retry, and who can change it. */
export function NoAccess() {
  return (
    <div className="notice notice-info" role="status" data-testid="no-access">
      <div className="notice-body">
        <strong className="notice-title">You don't have access to this page</strong>
        <p>
          Your role in this organization doesn't include it. An admin of your organization can change that.
        </p>
        <p>
          <Link href="/settings/billing">Go to Billing</Link>
        </p>
      </div>
    </div>
  );
}

export function ErrorState({
  error,
  title = "This could not be loaded",
  onRetry,
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}) {
  // A refusal for the role is no failure to retry: it says so plainly, without a Retry.
  if (error instanceof ApiError && error.status === 403) return <NoAccess />;
  return (
    <div className="notice notice-error" role="alert">
      <div className="notice-body">
        <strong className="notice-title">{title}</strong>
        <p>{errorMessage(error)}</p>
      </div>
      {onRetry ? (
        <div className="notice-actions">
          <button type="button" className="button" onClick={onRetry}>
            Retry
          </button>
        </div>
      ) : null}
    </div>
  );
}

export function Notice(props: {
  tone: "warning" | "success" | "error" | "info";
  title: ReactNode;
  children?: ReactNode;
  actions?: ReactNode;
  role?: "status" | "alert" | "region";
  label?: string;
  testId?: string;
}) {
  return (
    <section
      className={`notice notice-${props.tone}`}
      role={props.role ?? "status"}
      aria-label={props.label}
      data-testid={props.testId}
    >
      <div className="notice-body">
        <strong className="notice-title">{props.title}</strong>
        {props.children}
      </div>
      {props.actions ? <div className="notice-actions">{props.actions}</div> : null}
    </section>
  );
}

/** A labelled form field; the error sits next to it and is announced with it. */
export function Field(props: {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  optional?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={`field ${props.error ? "field-invalid" : ""}`}>
      <label htmlFor={props.id} className="field-label" id={`${props.id}-label`}>
        {props.label}
        {props.optional ? <span className="field-optional"> (optional)</span> : null}
      </label>
      {props.children}
      {props.hint ? (
        <p className="field-hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p className="field-error" id={`${props.id}-error`} role="alert">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/** aria attributes tying an input to its hint and error. */
export function describedBy(id: string, error: string | undefined, hint = false) {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return { "aria-invalid": error ? true : undefined, "aria-describedby": ids || undefined } as const;
}

export function Meter(props: { value: number; max: number; label: string; tone?: "ok" | "warn" | "full" }) {
  const percent = props.max > 0 ? Math.min(100, Math.round((props.value / props.max) * 100)) : 0;
  const tone = props.tone ?? (percent >= 100 ? "full" : percent >= 80 ? "warn" : "ok");
  return (
    // biome-ignore lint/a11y/useSemanticElements: a styled bar; <meter> renders differently in every browser
    <div
      className={`meter meter-${tone}`}
      role="meter"
      aria-label={props.label}
      aria-valuemin={0}
      aria-valuemax={props.max}
      aria-valuenow={props.value}
    >
      <div className="meter-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}

/** The product's mark and name; the shell's header adds the organization beside them. */
export function Brand({ children, block }: { children?: ReactNode; block?: boolean }) {
  const content = (
    <>
      <span className="brand-mark" aria-hidden="true">
        W
      </span>
      <span className="brand-name">WiseParts</span>
      {children}
    </>
  );
  // A <div> where it holds a control (the organization switcher), a <p> otherwise.
  return block ? <div className="brand">{content}</div> : <p className="brand">{content}</p>;
}

/**
 * A form's refusal, announced as it appears; nothing when there is none. `small`: the quieter
 * style of a refusal next to one control or in a notice.
 */
export function FormError(props: { error: ReactNode; small?: boolean; id?: string; testId?: string }) {
  const { error } = props;
  if (!error) return null;
  return (
    <p
      className={props.small ? "field-error" : "form-error"}
      id={props.id}
      role="alert"
      data-testid={props.testId}
    >
      {error}
    </p>
  );
}

/** A select's choices: each one's value and the words shown for it, in the order given. */
export function Options({ items }: { items: readonly { value: string; label: string }[] }) {
  return (
    <>
      {items.map((item) => (
        <option key={item.value} value={item.value}>
          {item.label}
        </option>
      ))}
    </>
  );
}
