import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError } from "./api.js";
import { refreshBilling } from "./queries.js";

/**
 * A billing write behind a button: which one runs (`busy`, null when none), the server's refusal
 * (or `failure` when it gave none) and, done or refused, every figure read again, since another
 * member may have changed them meanwhile.
 */
export function useBillingAction<Action extends string = "run">(failure: string) {
  const client = useQueryClient();
  const [busy, setBusy] = useState<Action | null>(null);
  const [error, setError] = useState<string>();
  const run = async (action: Action, work: () => Promise<unknown>) => {
    setBusy(action);
    setError(undefined);
    try {
      await work();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : failure);
    }
    await refreshBilling(client);
    setBusy(null);
  };
  return { busy, error, run };
}
