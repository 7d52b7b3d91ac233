import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { describedBy, Field } from "../components/ui.js";
import { ApiError, api } from "../lib/api.js";
import { keys } from "../lib/queries.js";
import { navigate } from "../lib/router.js";

const minPasswordLength = 10;

/** /invite/<token>: an invited member chooses a password, then signs in. */
export function InvitePage({ token }: { token: string }) {
  const client = useQueryClient();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (password.length < minPasswordLength)
      found.password = `Choose a password of at least ${minPasswordLength} characters.`;
    if (confirm !== password) found.confirm = "The two passwords differ.";
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const body: { password: string; name?: string } = { password };
      if (name.trim()) body.name = name.trim();
      const accepted = await api.post<{ user?: { email?: string } }>(
        `/invitations/${encodeURIComponent(token)}/accept`,
        body,
      );
      await client.invalidateQueries({ queryKey: keys.me });
      const me = await client.fetchQuery({ queryKey: keys.me });
      if (me) navigate("/settings/billing", { replace: true });
      else {
        const email = accepted?.user?.email;
        setDone(true);
        navigate(`/sign-in${email ? `?email=${encodeURIComponent(email)}` : ""}`, { replace: true });
      }
    } catch (caught) {
      const field = caught instanceof ApiError && caught.field === "password" ? "password" : "form";
      setErrors({
        [field]: caught instanceof Error ? caught.message : "The invitation could not be accepted.",
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="auth-page">
      <form className="auth-card" onSubmit={submit} noValidate aria-labelledby="invite-title">
        <p className="brand">
          <span className="brand-mark" aria-hidden="true">
            W
          </span>
          <span className="brand-name">WiseParts</span>
        </p>
        <h1 id="invite-title">Accept your invitation</h1>
        <p className="muted">Choose a password to join your organization in WiseParts.</p>
        {done ? (
          <p role="status">Your password is set. Sign in to continue.</p>
        ) : (
          <>
            <Field id="invite-name" label="Your name" optional>
              <input
                id="invite-name"
                autoComplete="name"
                value={name}
                onChange={(event) => setName(event.target.value)}
              />
            </Field>
            <Field
              id="invite-password"
              label="Password"
              error={errors.password}
              hint={`At least ${minPasswordLength} characters.`}
            >
              <input
                id="invite-password"
                type="password"
                autoComplete="new-password"
                value={password}
                onChange={(event) => setPassword(event.target.value)}
                {...describedBy("invite-password", errors.password, true)}
              />
            </Field>
            <Field id="invite-confirm" label="Confirm password" error={errors.confirm}>
              <input
                id="invite-confirm"
                type="password"
                autoComplete="new-password"
                value={confirm}
                onChange={(event) => setConfirm(event.target.value)}
                {...describedBy("invite-confirm", errors.confirm)}
              />
            </Field>
            {errors.form ? (
              <p className="form-error" role="alert">
                {errors.form}
              </p>
            ) : null}
            <button type="submit" className="button button-primary button-block" disabled={busy}>
              {busy ? "Saving…" : "Set password and continue"}
            </button>
          </>
        )}
      </form>
    </main>
  );
}
