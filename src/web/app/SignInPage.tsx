import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { PasswordField } from "../components/PasswordField.js";
import { Field } from "../components/ui.js";
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
    <main className="auth-page">
      <form className="auth-card" onSubmit={submit} noValidate aria-labelledby="sign-in-title">
        <p className="brand">
          <span className="brand-mark" aria-hidden="true">
            W
          </span>
          <span className="brand-name">WiseParts</span>
        </p>
        <h1 id="sign-in-title">Sign in</h1>
        {notice ? (
          <p className="notice notice-success" role="status">
            {notice}
          </p>
        ) : null}
        <Field id="sign-in-email" label="Email">
          <input
            id="sign-in-email"
            type="email"
            autoComplete="username"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            required
          />
        </Field>
        <PasswordField
          id="sign-in-password"
          label="Password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
        />
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button button-primary button-block" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
        <p>
          <Link href="/forgot-password">Forgot password?</Link>
        </p>
        <p className="small">
          <Link href="/operator">Operator console</Link>
        </p>
      </form>
    </main>
  );
}
