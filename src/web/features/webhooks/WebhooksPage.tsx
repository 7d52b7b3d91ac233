// Loaded on demand: an admin's webhook endpoints (issue 16), Settings → Webhooks; the list and its
// dialogs are WebhookEndpoints, shared with the operator console.
import { api } from "../../lib/api.js";
import { WebhookEndpoints } from "./WebhookEndpoints.js";

export default function WebhooksPage() {
  return (
    <div className="page">
      <header className="page-header">
        <p className="breadcrumb">
          <span>Settings</span> / <span>Webhooks</span>
        </p>
        <h1>Webhooks</h1>
        <p className="lead">
          Send your organization's billing events, signed, to your own systems as they happen.
        </p>
      </header>
      <WebhookEndpoints client={api} owner="organization" />
    </div>
  );
}
