/** The API shape of a library (docs/api.md). */
import type { Library } from "../db/libraries.ts";
import type { Services } from "../services.ts";

/** A library as the API returns it; the path only for admins. */
export function libraryJson(services: Services, library: Library, isAdmin: boolean) {
  return {
    id: library.id,
    name: library.name,
    kind: library.kind,
    ...(isAdmin ? { path: library.path } : {}),
    state: library.state,
    state_reason: library.state_reason,
    item_count: services.items.list({ library_ids: [library.id], library_id: library.id, limit: 1 })
      .total,
    last_scan_at: library.last_scan_at,
  };
}
