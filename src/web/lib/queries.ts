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

export function useSubscription(enabled = true) {
  return useQuery({
    queryKey: keys.subscription,
    queryFn: () => api.get<Subscription>("/subscription"),
    enabled,
  });
}

export function useCatalog(enabled = true) {
  return useQuery({
    queryKey: keys.catalog,
    queryFn: () => api.get<CatalogResponse>("/catalog"),
    staleTime: Number.POSITIVE_INFINITY,
    enabled,
  });
}

export function useCredits(enabled = true) {
  return useQuery({ queryKey: keys.credits, queryFn: () => api.get<Credits>("/credits"), enabled });
}

export function useDailyUsage(enabled = true) {
  return useQuery({
    queryKey: keys.dailyUsage,
    queryFn: () => api.get<DailyUsage>("/credits/usage/daily"),
    enabled,
  });
}

export function useBillingInfo(enabled = true) {
  return useQuery({
    queryKey: keys.billingInfo,
    queryFn: () => api.get<BillingInfo>("/billing-info"),
    enabled,
  });
}

export function useChangeRequests(status: ChangeRequestStatus | undefined, enabled = true) {
  return useQuery({
    queryKey: keys.changeRequests(status),
    queryFn: () => api.get<{ data: ChangeRequest[] }>(`/change-requests${status ? `?status=${status}` : ""}`),
    enabled,
  });
}

export function useChangeRequestQuote(id: string, enabled = true) {
  return useQuery({
    queryKey: keys.changeRequestQuote(id),
    queryFn: () => api.get<Quote>(`/change-requests/${encodeURIComponent(id)}/quote`),
    enabled,
  });
}

export function useUsers(enabled = true) {
  return useQuery({ queryKey: keys.users, queryFn: () => api.get<UserList>("/users"), enabled });
}

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
