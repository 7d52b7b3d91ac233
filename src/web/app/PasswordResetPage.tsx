import { type FormEvent, type ReactNode, useRef, useState } from "react";
import { AuthCard } from "../components/AuthCard.js";
import { PasswordField } from "../components/PasswordField.js";
import { Field, FormError } from "../components/ui.js";
import { ApiError, request } from "../lib/api.js";
import { Link, navigate } from "../lib/router.js";

const minPasswordLength = 10;

/** A card of the reset flow: its form, then the way back to signing in. */
function ResetCard(props: { title: string; children: ReactNode; onSubmit(event: FormEvent): void }) {
  return (
    <AuthCard title={props.title} titleId="reset-title" onSubmit={props.onSubmit}>
      {props.children}
      <p>
        <Link href="/sign-in">Back to sign in</Link>
      </p>
    </AuthCard>
  );
}

/** "Forgot password?": asks for the e-mail; the same answer whether or not it is known. */
export function ForgotPasswordPage() {
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    if (!email.trim()) return setError("Enter your e-mail.");
    try {
      await request("POST", "/api/auth/request-password-reset", {
        body: { email: email.trim(), redirectTo: "/reset-password" },
      });
      setSent(true);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : "The request failed.");
    }
  };
  return (
    <ResetCard title="Reset your password" onSubmit={submit}>
      {sent ? (
        <p className="notice notice-success" role="status">
          If an account uses {email.trim()}, a link to choose a new password is on its way. It works once, for
          an hour.
        </p>
      ) : (
        <>
          <Field id="forgot-email" label="Email">
            <input
              id="forgot-email"
              type="email"
              autoComplete="username"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              required
            />
          </Field>
          <FormError error={error} />
          <button type="submit" className="button button-primary button-block">
            Send the link
          </button>
        </>
      )}
    </ResetCard>
  );
}

/** Where the mailed link lands (`?token=`, or `?error=INVALID_TOKEN`): choose the new password. */
export function ResetPasswordPage() {
  const params = new URLSearchParams(window.location.search);
  const token = params.get("token");
  const [password, setPassword] = useState("");
  const [passwordError, setPasswordError] = useState<string>();
  const passwordInput = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | undefined>(
    token ? undefined : "This link is not valid or has expired. Ask for a new one.",
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!token) return;
    setError(undefined);
    if (password.length < minPasswordLength) {
      setPasswordError(`Choose a password of at least ${minPasswordLength} characters.`);
      passwordInput.current?.focus();
      return;
    }
    setPasswordError(undefined);
    try {
      await request("POST", "/api/auth/reset-password", { body: { newPassword: password, token } });
      navigate("/sign-in?reset=1", { replace: true });
    } catch (caught) {
      setError(
        caught instanceof ApiError && caught.status === 400
          ? "This link is not valid or has expired. Ask for a new one."
          : caught instanceof Error
            ? caught.message
            : "Resetting failed.",
      );
    }
  };
  return (
    <ResetCard title="Choose a new password" onSubmit={submit}>
      {token ? (
        <PasswordField
          id="reset-password"
          label="New password"
          autoComplete="new-password"
          hint={`At least ${minPasswordLength} characters.`}
          value={password}
          onChange={setPassword}
          error={passwordError}
          inputRef={passwordInput}
        />
      ) : null}
      <FormError
        error={
          error ? (
            <>
              {error} {token ? null : <Link href="/forgot-password">Ask for a new link</Link>}
            </>
          ) : null
        }
      />
      {token ? (
        <button type="submit" className="button button-primary button-block">
          Save the new password
        </button>
      ) : null}
    </ResetCard>
  );
}
