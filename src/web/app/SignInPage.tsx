import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { AuthCard, AuthSubmit, EmailField } from "../components/AuthCard.js";
import { PasswordField } from "../components/PasswordField.js";
import { FormError } from "../components/ui.js";
import { ApiError, request } from "../lib/api.js";
import { keys } from "../lib/queries.js";
import { Link } from "../lib/router.js";

export function SignInPage({ notice }: { notice?: string }) {
  const client = useQueryClient();
  const [email, setEmail] = useState(() => new URLSearchParams(window.location.search).get("email") ?? "");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    if (!email.trim() || !password) {
      setError("Enter your e-mail and password.");
      return;
    }
    setBusy(true);
    try {
      await request("POST", "/api/auth/sign-in/email", { body: { email: email.trim(), password } });
      await client.invalidateQueries({ queryKey: keys.me });
    } catch (caught) {
      const status = caught instanceof ApiError ? caught.status : 0;
      setError(
        status === 401 || status === 403 || status === 400
          ? "The e-mail or password is not correct, or the account is not active."
          : caught instanceof Error
            ? caught.message
            : "Signing in failed.",
      );
      setBusy(false);
    }
  };

  return (
    <AuthCard title="Sign in" titleId="sign-in-title" onSubmit={submit}>
      {notice ? (
        <p className="notice notice-success" role="status">
          {notice}
        </p>
      ) : null}
      <EmailField id="sign-in-email" value={email} onChange={setEmail} />
      <PasswordField
        id="sign-in-password"
        label="Password"
        autoComplete="current-password"
        value={password}
        onChange={setPassword}
      />
      <FormError error={error} />
      <AuthSubmit label="Sign in" busyLabel="Signing in…" busy={busy} />
      <p>
        <Link href="/forgot-password">Forgot password?</Link>
      </p>
      <p className="small">
        <Link href="/operator">Operator console</Link>
      </p>
    </AuthCard>
  );
}
