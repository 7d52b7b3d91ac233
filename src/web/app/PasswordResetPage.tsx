import { type FormEvent, type ReactNode, useRef, useState } from "react";
import { AuthCard, AuthSubmit, EmailField } from "../components/AuthCard.js";
import { NewPasswordField, newPasswordError } from "../components/PasswordField.js";
import { FormError } from "../components/ui.js";
import { ApiError, request } from "../lib/api.js";
import { Link, navigate } from "../lib/router.js";

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
          <EmailField id="forgot-email" value={email} onChange={setEmail} />
          <FormError error={error} />
          <AuthSubmit label="Send the link" />
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
    const refused = newPasswordError(password);
    setPasswordError(refused);
    if (refused) return passwordInput.current?.focus();
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
        <NewPasswordField
          id="reset-password"
          label="New password"
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
      {token ? <AuthSubmit label="Save the new password" /> : null}
    </ResetCard>
  );
}
