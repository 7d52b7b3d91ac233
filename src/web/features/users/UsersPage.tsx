import { useQueryClient } from "@tanstack/react-query";
import type { Schemas } from "@wiseparts/billing-sdk";
import { type FormEvent, useState } from "react";
import { DataTable } from "../../components/DataTable.js";
import { PageHeader } from "../../components/PageHeader.js";
import { QueryState } from "../../components/QueryState.js";
import { describedBy, Field, FormError, Meter, Notice, Options } from "../../components/ui.js";
import type { CreatedUser, Me, Role, User } from "../../lib/api.js";
import { ApiError, api } from "../../lib/api.js";
import { count, date, dateTime, plural } from "../../lib/format.js";
import { can, keys, refreshBilling, useMe, useSubscription, useUsers } from "../../lib/queries.js";
import { Link } from "../../lib/router.js";

const roleNames: Record<Role, string> = { admin: "Admin", billing: "Billing", member: "Member" };
const roleOptions = (["member", "billing", "admin"] as const).map((role) => ({
  value: role,
  label: roleNames[role],
}));
const columns = ["Name", { label: "Role", className: "hide-narrow" }, "Status"];

export default function UsersPage() {
  const me = useMe().data as Me;
  const users = useUsers();
  const manages = can(me, "users.manage");
  // A scheduled decrease caps the active users at the scheduled seats (409 decrease_scheduled).
  const subscription = useSubscription(can(me, "subscription.read"));
  const scheduled = subscription.data?.scheduled ?? null;
  return (
    <div className="page">
      <PageHeader title="Users" lead="Each active user needs one seat. Deactivating a user frees the seat." />
      <QueryState query={users} loading="Loading users…" failed="Users could not be loaded">
        {(list) => (
          <>
            <section className="card stat" aria-labelledby="seat-usage-title">
              <h2 id="seat-usage-title" className="stat-label">
                Seat usage
              </h2>
              <p className="stat-value" data-testid="users-seats-used">
                {count(list.seats.used)} of {plural(list.seats.total, "seat")} used
              </p>
              <Meter
                value={list.seats.used}
                max={list.seats.total}
                label="Seats used"
                tone={list.seats.used < list.seats.total ? "ok" : "warn"}
              />
              {list.seats.used >= list.seats.total ? (
                <p className="muted">
                  All seats are in use. <Link href="/settings/billing">Add seats</Link> before inviting
                  anyone.
                </p>
              ) : null}
              {scheduled && scheduled.seats < list.seats.total ? (
                <p className="muted" data-testid="users-scheduled-decrease">
                  Seats drop to {count(scheduled.seats)} on {date(scheduled.effectiveAt)}. Until then no more
                  than {plural(scheduled.seats, "user")} can be active: cancel the scheduled change on the{" "}
                  <Link href="/settings/billing">Billing page</Link> or add seats first.
                </p>
              ) : null}
            </section>
            {manages ? <InviteForm /> : null}
            <section className="card section" aria-labelledby="members-title">
              <h2 id="members-title">Members</h2>
              <DataTable
                columns={manages ? [...columns, { label: "Actions", hidden: true }] : columns}
                className="table table-stack stack-3"
                testId="user-list"
              >
                {list.data.map((user) => (
                  <UserRow key={user.id} user={user} manages={manages} isMe={user.email === me.user.email} />
                ))}
              </DataTable>
            </section>
          </>
        )}
      </QueryState>
    </div>
  );
}

function UserRow({ user, manages, isMe }: { user: User; manages: boolean; isMe: boolean }) {
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const active = user.status === "active";
  const run = async (action: string, body?: unknown) => {
    setBusy(true);
    setError(undefined);
    try {
      await api.post(`/users/${encodeURIComponent(user.id)}/${action}`, body);
      await refreshBilling(client);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "That did not work.");
    } finally {
      setBusy(false);
    }
  };
  const act = () => run(active ? "deactivate" : "reactivate");
  // An admin changes anyone's role but their own (that would be a step out of this page).
  const editsRole = manages && !isMe;
  return (
    <tr data-testid="user-row" data-email={user.email}>
      <td>
        <strong>{user.name}</strong>
        {isMe ? <span className="muted"> (you)</span> : null}
        <br />
        <span className="muted">{user.email}</span>
        <span className="narrow-only muted small">{roleNames[user.role]}</span>
      </td>
      <td className="hide-narrow">
        {editsRole ? (
          <select
            className="select-small"
            aria-label={`Role of ${user.name}`}
            value={user.role}
            disabled={busy}
            onChange={(event) => run("role", { role: event.target.value as Role })}
          >
            <Options items={roleOptions} />
          </select>
        ) : (
          roleNames[user.role]
        )}
      </td>
      <td>
        <span className={`badge ${active ? "badge-approved" : "badge-withdrawn"}`}>
          {active ? "Active" : "Deactivated"}
        </span>
        {!active && user.deactivatedAt ? (
          <div className="muted small">since {date(user.deactivatedAt)}</div>
        ) : null}
        <FormError error={error} small />
      </td>
      {manages ? (
        <td className="actions-cell">
          {isMe ? null : (
            <button
              type="button"
              className="button button-small"
              onClick={act}
              disabled={busy}
              aria-label={`${active ? "Deactivate" : "Reactivate"} ${user.name}`}
            >
              {active ? "Deactivate" : "Reactivate"}
            </button>
          )}
        </td>
      ) : null}
    </tr>
  );
}

function InviteForm() {
  const client = useQueryClient();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("member");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [invited, setInvited] = useState<CreatedUser | null>(null);
  const [copied, setCopied] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = "Name is required.";
    if (!email.trim()) found.email = "Email is required.";
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      // The API answers the user with its invitation beside it: {...user, invitation}.
      const response = await api.post<Schemas["CreatedUser"]>("/users", {
        name: name.trim(),
        email: email.trim(),
        role,
      });
      const { invitation, ...user } = response;
      const created: CreatedUser = { user, invitation };
      setInvited(created);
      setCopied(false);
      setName("");
      setEmail("");
      await Promise.all([client.invalidateQueries({ queryKey: keys.users }), refreshBilling(client)]);
    } catch (caught) {
      if (caught instanceof ApiError && (caught.field === "email" || caught.field === "name")) {
        setErrors({ [caught.field]: caught.message });
      } else {
        setErrors({ form: caught instanceof Error ? caught.message : "The invitation failed." });
      }
    } finally {
      setBusy(false);
    }
  };

  const invitationUrl = invited?.invitation
    ? new URL(invited.invitation.url, window.location.origin).toString()
    : undefined;

  return (
    <section className="card section" aria-labelledby="invite-title">
      <h2 id="invite-title">Invite a user</h2>
      <form className="invite-form" onSubmit={submit} noValidate>
        <Field id="invite-user-name" label="Name" error={errors.name}>
          <input
            id="invite-user-name"
            value={name}
            onChange={(event) => setName(event.target.value)}
            {...describedBy("invite-user-name", errors.name)}
          />
        </Field>
        <Field id="invite-user-email" label="Email" error={errors.email}>
          <input
            id="invite-user-email"
            type="email"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            {...describedBy("invite-user-email", errors.email)}
          />
        </Field>
        <Field id="invite-user-role" label="Role">
          <select
            id="invite-user-role"
            value={role}
            onChange={(event) => setRole(event.target.value as Role)}
          >
            <Options items={roleOptions} />
          </select>
        </Field>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? "Inviting…" : "Invite"}
        </button>
      </form>
      <FormError error={errors.form} />
      {invited ? (
        <Notice tone="success" title={`${invited.user.name} is invited`} testId="invitation">
          {invitationUrl ? (
            <>
              <p>
                We e-mailed {invited.user.email} a one-time link to choose a password, valid until{" "}
                {dateTime(invited.invitation?.expiresAt ?? "")}. You can also send it yourself:
              </p>
              <p className="invite-link">
                <code data-testid="invitation-url">{invitationUrl}</code>{" "}
                <button
                  type="button"
                  className="button button-quiet"
                  onClick={async () => {
                    try {
                      await navigator.clipboard.writeText(invitationUrl);
                      setCopied(true);
                    } catch {
                      setCopied(false);
                    }
                  }}
                >
                  {copied ? "Copied" : "Copy link"}
                </button>
              </p>
            </>
          ) : (
            <p>They take a seat now.</p>
          )}
        </Notice>
      ) : null}
    </section>
  );
}
