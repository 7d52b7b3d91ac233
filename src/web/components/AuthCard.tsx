import type { FormEvent, ReactNode } from "react";
import { Brand } from "./ui.js";

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
