// The operator console's E-mail tab: what the server sent, or wrote as .eml files without
// SMTP_URL, newest first and paged as the API pages; each message opens with its bodies. The HTML
// body is shown in a sandboxed frame: no scripts, no same origin, nothing it links loads here.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { DataTable, LoadMore, RefreshButton } from "../../components/DataTable.js";
import { Modal } from "../../components/Modal.js";
import { QueryState } from "../../components/QueryState.js";
import type { ApiClient, OperatorEmail, OperatorEmailSummary, Page } from "../../lib/api.js";
import { count, dateTime } from "../../lib/format.js";
import { usePages } from "../../lib/usePages.js";

const PAGE = 20;
const emailsKey = ["operator", "emails"] as const;

function EmailStatus({ email }: { email: OperatorEmailSummary }) {
  if (email.status === "sent")
    return <span className="badge badge-approved">{email.file ? "Written" : "Sent"}</span>;
  if (email.status === "dead") return <span className="badge badge-rejected">Failed</span>;
  return <span className="badge badge-pending">{email.attempts === 0 ? "Queued" : "Retrying"}</span>;
}

export function OperatorEmails({ client }: { client: ApiClient }) {
  const [open, setOpen] = useState<OperatorEmailSummary>();
  const { query: emails, rows } = usePages<Page<OperatorEmailSummary>>({
    queryKey: emailsKey,
    path: `/operator/emails?limit=${PAGE}`,
    client,
    always: true,
    settling: (email) => email.status === "pending",
  });
  return (
    <section className="section" aria-labelledby="emails-heading">
      <div className="section-head webhooks-head">
        <div>
          <h2 id="emails-heading">E-mail</h2>
          <p className="muted small">
            Newest first. Without SMTP_URL the server writes each message as an .eml file under its data
            folder instead of sending it.
          </p>
        </div>
        <RefreshButton query={emails} />
      </div>
      <p className="visually-hidden" role="status" data-testid="emails-status">
        {emails.isSuccess ? `${count(rows.length)} ${rows.length === 1 ? "message" : "messages"} shown.` : ""}
      </p>
      <QueryState query={emails} loading="Loading e-mail…" failed="E-mail could not be loaded">
        {() =>
          rows.length === 0 ? (
            <div className="card">
              <p className="muted">
                No e-mail yet. Receipts, approvals and warnings appear here as they are sent.
              </p>
            </div>
          ) : (
            <div className="card card-flush">
              <DataTable
                columns={["Subject", "To", "Time", "Status"]}
                caption="E-mail, newest first"
                className="table table-stack email-table"
                testId="email-list"
              >
                {rows.map((email) => (
                  <tr key={email.id} data-testid="email-row">
                    <td data-label="Subject" className="email-subject">
                      <button type="button" className="link-button" onClick={() => setOpen(email)}>
                        {email.subject}
                      </button>
                      <br />
                      <span className="muted small">{email.template}</span>
                    </td>
                    <td data-label="To" className="email-recipient">
                      {email.recipient}
                    </td>
                    <td data-label="Time" className="nowrap">
                      {dateTime(email.sentAt ?? email.createdAt)}
                    </td>
                    <td data-label="Status">
                      <EmailStatus email={email} />
                    </td>
                  </tr>
                ))}
              </DataTable>
            </div>
          )
        }
      </QueryState>
      <LoadMore query={emails} />
      <EmailDialog client={client} email={open} onClose={() => setOpen(undefined)} />
    </section>
  );
}

function EmailDialog(props: {
  client: ApiClient;
  email: OperatorEmailSummary | undefined;
  onClose: () => void;
}) {
  const id = props.email?.id;
  const detail = useQuery({
    queryKey: [...emailsKey, id],
    queryFn: () => props.client.get<OperatorEmail>(`/operator/emails/${id}`),
    enabled: id !== undefined,
  });
  return (
    <Modal
      open={props.email !== undefined}
      onOpenChange={(open) => {
        if (!open) props.onClose();
      }}
      title={props.email?.subject ?? "E-mail"}
      description={props.email ? `To ${props.email.recipient}` : undefined}
      size="wide"
      footer={
        <button type="button" className="button" onClick={props.onClose}>
          Close
        </button>
      }
    >
      <QueryState query={detail} loading="Loading the message…" failed="The message could not be loaded">
        {(email) => <EmailDetail email={email} />}
      </QueryState>
    </Modal>
  );
}

function EmailDetail({ email }: { email: OperatorEmail }) {
  // One body at a time: the text as sent, or the HTML rendered in a sandboxed frame.
  const [body, setBody] = useState<"text" | "html">("text");
  return (
    <div className="email-detail" data-testid="email-detail">
      <dl className="facts email-facts">
        <div>
          <dt>From</dt>
          <dd data-testid="email-from">{email.from}</dd>
        </div>
        <div>
          <dt>To</dt>
          <dd data-testid="email-to">{email.recipient}</dd>
        </div>
        <div>
          <dt>Subject</dt>
          <dd>{email.subject}</dd>
        </div>
        <div>
          <dt>Date</dt>
          <dd>{dateTime(email.sentAt ?? email.createdAt)}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <EmailStatus email={email} />
            {email.error ? <span className="muted small"> {email.error}</span> : null}
          </dd>
        </div>
        {email.organizationId ? (
          <div>
            <dt>Organization</dt>
            <dd>
              <code className="email-file">{email.organizationId}</code>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Template</dt>
          <dd>
            <code>{email.template}</code>
          </dd>
        </div>
        {email.file ? (
          <div>
            <dt>Written to</dt>
            <dd>
              <code className="email-file" data-testid="email-file">
                {email.file}
              </code>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Attachments</dt>
          <dd data-testid="email-attachments">
            {email.attachments === null ? (
              <span className="muted">Not recorded{email.file ? "" : " (sent through SMTP)"}</span>
            ) : email.attachments.length === 0 ? (
              "None"
            ) : (
              <ul className="plain-list">
                {email.attachments.map((attachment, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the message's attachments never change; two may share a name
                  <li key={index}>
                    {attachment.filename || "(no name)"}{" "}
                    <span className="muted small">
                      {attachment.contentType}, {count(Math.max(1, Math.round(attachment.size / 1024)))} KB
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
      </dl>
      <div className="body-head">
        <h3 className="subheading">Body</h3>
        <fieldset className="segmented">
          <legend className="visually-hidden">Body shown</legend>
          {(["text", "html"] as const).map((shown) => (
            <button
              key={shown}
              type="button"
              className="segment"
              aria-pressed={body === shown}
              onClick={() => setBody(shown)}
            >
              {shown === "text" ? "Text" : "HTML"}
            </button>
          ))}
        </fieldset>
      </div>
      {body === "text" ? (
        <pre className="email-text" data-testid="email-text">
          {email.text}
        </pre>
      ) : (
        // sandbox="": no scripts, no forms, no same origin, no navigation; the page's CSP applies too.
        <iframe
          className="email-html"
          title={`HTML body of “${email.subject}”`}
          sandbox=""
          srcDoc={email.html}
          referrerPolicy="no-referrer"
          data-testid="email-html"
        />
      )}
    </div>
  );
}
