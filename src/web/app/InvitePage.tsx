import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { describedBy, ErrorState, Field, Loading } from "../components/ui.js";
import { ApiError, api, request } from "../lib/api.js";
import { dateTime } from "../lib/format.js";
import { keys } from "../lib/queries.js";
import { navigate } from "../lib/router.js";
import type { Role } from "../lib/types.js";

const minPasswordLength = 10;
const roleNames: Record<Role, string> = {
  admin: "an admin",
  billing: "a billing member",
  member: "a member",
};

interface Invitation {
  email: string;
  name: string;
  role: Role;
  expiresAt: string;
}

/** /invite/<token>: an invited member chooses a password and is signed in. */
export function InvitePage({ token }: { token: string }) {
  const invitation = useQuery({
    queryKey: ["invitation", token],
    queryFn: () => api.get<Invitation>(`/invitations/${encodeURIComponent(token)}`),
    retry: false,
  });
  return (
    <main className="auth-page">
      <div className="auth-card">
        <p className="brand">
          <span className="brand-mark" aria-hidden="true">
            W
          </span>
          <span className="brand-name">WiseParts</span>
        </p>
        <h1 id="invite-title">Accept your invitation</h1>
        {invitation.isPending ? (
          <Loading label="Checking the invitation…" />
        ) : invitation.isError ? (
          <ErrorState error={invitation.error} title="This invitation cannot be used" />
        ) : (
          <InviteForm token={token} invitation={invitation.data} />
        )}
      </div>
    </main>
  );
}

function InviteForm({ token, invitation }: { token: string; invitation: Invitation }) {
  const client = useQueryClient();
  const [name, setName] = useState(invitation.name);
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  useEffect(() => setName(invitation.name), [invitation.name]);

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
      if (name.trim() && name.trim() !== invitation.name) body.name = name.trim();
      await api.post(`/invitations/${encodeURIComponent(token)}/accept`, body);
      await request("POST", "/api/auth/sign-in/email", { body: { email: invitation.email, password } });
      await client.invalidateQueries({ queryKey: keys.me });
      navigate("/settings/billing", { replace: true });
    } catch (caught) {
      const field = caught instanceof ApiError && caught.field === "password" ? "password" : "form";
      setErrors({
        [field]: caught instanceof Error ? caught.message : "The invitation could not be accepted.",
      });
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="invite-title" className="auth-form">
      <p className="muted">
        You are invited to join as {roleNames[invitation.role]} with <strong>{invitation.email}</strong>.
        Choose a password to continue. The link works until {dateTime(invitation.expiresAt)}.
      </p>
      <Field id="invite-name" label="Your name">
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
    </form>
  );
}
