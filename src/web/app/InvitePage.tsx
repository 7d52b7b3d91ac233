import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { AuthCard, AuthSubmit } from "../components/AuthCard.js";
import { NewPasswordField, newPasswordError, PasswordField } from "../components/PasswordField.js";
import { QueryState } from "../components/QueryState.js";
import { Field, FormError } from "../components/ui.js";
import type { Role } from "../lib/api.js";
import { ApiError, api, request } from "../lib/api.js";
import { dateTime } from "../lib/format.js";
import { keys, useMe } from "../lib/queries.js";
import { navigate } from "../lib/router.js";

const roleNames: Record<Role, string> = {
  admin: "an admin",
  billing: "a billing member",
  member: "a member",
};

interface Invitation {
  email: string;
  name: string;
  role: Role;
  organizationName: string;
  /** The e-mail already signs in (another organization): accept by signing in, no new password. */
  identityExists: boolean;
  expiresAt: string;
}

/**
 * /invite/<token>: a new member chooses a password and is signed in; a person who already has an
 * account signs in with it (its password is never changed by an invitation) and accepts.
 */
export function InvitePage({ token }: { token: string }) {
  const invitation = useQuery({
    queryKey: ["invitation", token],
    queryFn: () => api.get<Invitation>(`/invitations/${encodeURIComponent(token)}`),
    retry: false,
  });
  return (
    <AuthCard title="Accept your invitation" titleId="invite-title">
      <QueryState
        query={invitation}
        loading="Checking the invitation…"
        failed="This invitation cannot be used"
        final
      >
        {(found) =>
          found.identityExists ? (
            <SignInToAccept token={token} invitation={found} />
          ) : (
            <InviteForm token={token} invitation={found} />
          )
        }
      </QueryState>
    </AuthCard>
  );
}

function InviteForm({ token, invitation }: { token: string; invitation: Invitation }) {
  const client = useQueryClient();
  const [name, setName] = useState(invitation.name);
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const passwordInput = useRef<HTMLInputElement>(null);
  const confirmInput = useRef<HTMLInputElement>(null);
  useEffect(() => setName(invitation.name), [invitation.name]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    const tooShort = newPasswordError(password);
    if (tooShort) found.password = tooShort;
    if (confirm !== password) found.confirm = "The two passwords differ.";
    setErrors(found);
    // A refusal moves the focus to the first refused field (decision 0045).
    if (found.password) return passwordInput.current?.focus();
    if (found.confirm) return confirmInput.current?.focus();
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
        You are invited to join {invitation.organizationName} as {roleNames[invitation.role]} with{" "}
        <strong>{invitation.email}</strong>. Choose a password to continue. The link works until{" "}
        {dateTime(invitation.expiresAt)}.
      </p>
      <Field id="invite-name" label="Your name">
        <input
          id="invite-name"
          autoComplete="name"
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
      </Field>
      <NewPasswordField
        id="invite-password"
        label="Password"
        value={password}
        onChange={setPassword}
        error={errors.password}
        inputRef={passwordInput}
      />
      <PasswordField
        id="invite-confirm"
        label="Confirm password"
        autoComplete="new-password"
        value={confirm}
        onChange={setConfirm}
        error={errors.confirm}
        inputRef={confirmInput}
      />
      <FormError error={errors.form} />
      <AuthSubmit label="Set password and continue" busyLabel="Saving…" busy={busy} />
    </form>
  );
}

/** The invited e-mail already has an account: sign in as it (or use the session), then accept. */
function SignInToAccept({ token, invitation }: { token: string; invitation: Invitation }) {
  const client = useQueryClient();
  const me = useMe();
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const signedInAs = me.data?.user.email;
  const sameIdentity = signedInAs?.toLowerCase() === invitation.email.toLowerCase();

  const acceptSignedIn = async () => {
    await api.post(`/invitations/${encodeURIComponent(token)}/accept`, {});
    // The session now acts on the organization just joined; nothing of the previous one stays.
    client.removeQueries({ predicate: (query) => query.queryKey[0] !== keys.me[0] });
    await client.invalidateQueries({ queryKey: keys.me });
    navigate("/settings/billing", { replace: true });
  };

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : "The invitation could not be accepted.");
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (sameIdentity) return run(acceptSignedIn);
    if (!password) {
      setError("Enter your password.");
      return;
    }
    return run(async () => {
      try {
        await request("POST", "/api/auth/sign-in/email", { body: { email: invitation.email, password } });
      } catch (caught) {
        if (caught instanceof ApiError && (caught.status === 401 || caught.status === 400)) {
          throw new Error("The password is not correct.");
        }
        throw caught;
      }
      await acceptSignedIn();
    });
  };

  const signOut = () =>
    run(async () => {
      await request("POST", "/api/auth/sign-out", { body: {} });
      client.clear();
      setBusy(false);
    });

  const intro = (
    <p className="muted">
      You are invited to join {invitation.organizationName} as {roleNames[invitation.role]}. An account
      already exists for <strong>{invitation.email}</strong>: sign in with it to accept. The link works until{" "}
      {dateTime(invitation.expiresAt)}.
    </p>
  );

  if (signedInAs && !sameIdentity) {
    return (
      <div className="auth-form">
        {intro}
        <p className="notice notice-warning" role="status">
          <span className="notice-body">
            You are signed in as <strong>{signedInAs}</strong>. Sign out, then sign in as {invitation.email}{" "}
            to accept.
          </span>
        </p>
        <FormError error={error} />
        <AuthSubmit label="Sign out" busy={busy} onClick={signOut} />
      </div>
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="invite-title" className="auth-form">
      {intro}
      <Field id="invite-email" label="Email">
        <input id="invite-email" type="email" autoComplete="username" value={invitation.email} readOnly />
      </Field>
      {sameIdentity ? null : (
        <PasswordField
          id="invite-current-password"
          label="Password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
        />
      )}
      <FormError error={error} />
      <AuthSubmit
        label={sameIdentity ? "Accept invitation" : "Sign in and accept"}
        busyLabel="Accepting…"
        busy={busy}
      />
    </form>
  );
}
