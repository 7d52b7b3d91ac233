import type { FormEvent, ReactNode } from "react";
import { Brand, Field } from "./ui.js";

/**
 * The centred card of the pages before a session (sign in, password reset, invitation, operator
 * token): the brand, the page's one h1 and a form named by it. Without `onSubmit` the card is no
 * form (the invitation holds its own, once it is loaded).
 */
export function AuthCard(props: {
  title: string;
  titleId: string;
  onSubmit?: (event: FormEvent) => void;
  children: ReactNode;
}) {
  const content = (
    <>
      <Brand />
      <h1 id={props.titleId}>{props.title}</h1>
      {props.children}
    </>
  );
  return (
    <main className="auth-page">
      {props.onSubmit ? (
        <form className="auth-card" onSubmit={props.onSubmit} noValidate aria-labelledby={props.titleId}>
          {content}
        </form>
      ) : (
        <div className="auth-card">{content}</div>
      )}
    </main>
  );
}

/** The card's one primary action, the card's full width; busy while it runs. */
export function AuthSubmit(props: {
  label: string;
  busyLabel?: string;
  busy?: boolean;
  onClick?: () => void;
}) {
  return (
    <button
      type={props.onClick ? "button" : "submit"}
      className="button button-primary button-block"
      onClick={props.onClick}
      disabled={props.busy}
    >
      {props.busy ? (props.busyLabel ?? props.label) : props.label}
    </button>
  );
}

/** The e-mail a person signs in with. */
export function EmailField(props: { id: string; value: string; onChange: (value: string) => void }) {
  return (
    <Field id={props.id} label="Email">
      <input
        id={props.id}
        type="email"
        autoComplete="username"
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        required
      />
    </Field>
  );
}
