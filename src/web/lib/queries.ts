import { type QueryClient, useQuery } from "@tanstack/react-query";
import type {
  BillingInfo,
  CatalogResponse,
  ChangeRequest,
  ChangeRequestStatus,
  Credits,
  DailyUsage,
  Me,
  Quote,
  Subscription,
  UserList,
} from "./api.js";
import { ApiError, api } from "./api.js";

export const keys = {
  me: ["me"] as const,
  subscription: ["subscription"] as const,
  credits: ["credits"] as const,
  dailyUsage: ["credits", "daily"] as const,
  catalog: ["catalog"] as const,
  billingInfo: ["billing-info"] as const,
  changeRequests: (status?: ChangeRequestStatus) => ["change-requests", status ?? "all"] as const,
  changeRequestQuote: (id: string) => ["change-requests", "quote", id] as const,
  invoices: ["invoices"] as const,
  invoice: (id: string) => ["invoices", id] as const,
  users: ["users"] as const,
};

/** The signed-in member, or null when signed out (401). */
export function useMe() {
  return useQuery({
    queryKey: keys.me,
    queryFn: async () => {
      try {
        return await api.get<Me>("/me");
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

export const can = (me: Me | null | undefined, permission: string) =>
  Boolean(me?.permissions.includes(permission));

/** GET `path` of the session's organization, cached under `queryKey`; `enabled` where the role reads it. */
function useRead<T>(
  queryKey: readonly unknown[],
  path: string,
  enabled: boolean,
  fresh?: { staleTime: number },
) {
  // No staleTime of its own unless given: the client's default (main.tsx) holds.
  return useQuery({ queryKey, queryFn: () => api.get<T>(path), enabled, ...fresh });
}

export const useSubscription = (enabled = true) =>
  useRead<Subscription>(keys.subscription, "/subscription", enabled);

/** The price catalog changes only with a deployment: read once. */
export const useCatalog = (enabled = true) =>
  useRead<CatalogResponse>(keys.catalog, "/catalog", enabled, { staleTime: Number.POSITIVE_INFINITY });

export const useCredits = (enabled = true) => useRead<Credits>(keys.credits, "/credits", enabled);

export const useDailyUsage = (enabled = true) =>
  useRead<DailyUsage>(keys.dailyUsage, "/credits/usage/daily", enabled);

export const useBillingInfo = (enabled = true) =>
  useRead<BillingInfo>(keys.billingInfo, "/billing-info", enabled);

export const useChangeRequests = (status: ChangeRequestStatus | undefined, enabled = true) =>
  useRead<{ data: ChangeRequest[] }>(
    keys.changeRequests(status),
    `/change-requests${status ? `?status=${status}` : ""}`,
    enabled,
  );

export const useChangeRequestQuote = (id: string, enabled = true) =>
  useRead<Quote>(keys.changeRequestQuote(id), `/change-requests/${encodeURIComponent(id)}/quote`, enabled);

export const useUsers = (enabled = true) => useRead<UserList>(keys.users, "/users", enabled);

/** After a subscription write: everything that shows its figures is read again. */
export async function refreshBilling(client: QueryClient) {
  await Promise.all([
    client.invalidateQueries({ queryKey: keys.subscription }),
    client.invalidateQueries({ queryKey: ["change-requests"] }),
    client.invalidateQueries({ queryKey: keys.credits }),
    client.invalidateQueries({ queryKey: keys.invoices }),
    client.invalidateQueries({ queryKey: keys.users }),
    client.invalidateQueries({ queryKey: keys.me }),
  ]);
}
