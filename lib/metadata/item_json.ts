/**
 * The metadata and artwork fields of an item's JSON (docs/api.md), built from the two columns
 * `lib/db/items.ts` selects with each item (`item_metadata.json` and `.images`).
 */
import type { ItemMetadata } from "./metadata_repo.ts";
import { IMAGE_TYPES, type ImageType } from "./local_images.ts";

/** One image URL slot: `null` when the item has no image of that type. */
export type ImageUrls = Record<ImageType, string | null> & { backdrops: string[] };

/** SQL selecting the two columns {@link metadataJson} reads (item alias `i`). */
export const METADATA_COLUMNS =
  `(SELECT m.json FROM item_metadata m WHERE m.item_id = i.id) AS metadata_json,
  (SELECT m.images FROM item_metadata m WHERE m.item_id = i.id) AS images_json,
  (SELECT m.error FROM item_metadata m WHERE m.item_id = i.id) AS metadata_error`;

/** The image URL of an item (`tag` makes it immutable, so caches may keep it for good). */
export function imageUrl(itemId: string, type: ImageType, tag: string, index = 0): string {
  const base = `/api/items/${encodeURIComponent(itemId)}/images/${type}`;
  return `${base}?tag=${tag}${index > 0 ? `&index=${index}` : ""}`;
}

/**
 * The metadata fields of an item: `plot`, `tagline`, `genres`, `studios`, `content_rating`,
 * `ratings`, `provider_ids`, `people`, `premiered`, `images` (URLs per type, `backdrops` all of
 * them). Every field is present; null or empty without metadata. `metadata_error` (why the NFO
 * could not be read) is for admins only.
 */
export function metadataJson(
  itemId: string,
  metadataText: string | null | undefined,
  imagesText: string | null | undefined,
  error: string | null | undefined,
  isAdmin: boolean,
) {
  const m = metadataText ? JSON.parse(metadataText) as ItemMetadata : null;
  const tags = imagesText ? JSON.parse(imagesText) as Partial<Record<ImageType, string[]>> : {};
  const images = { backdrops: [] } as unknown as ImageUrls;
  for (const type of IMAGE_TYPES) {
    const t = tags[type]?.[0];
    images[type] = t ? imageUrl(itemId, type, t) : null;
  }
  images.backdrops = (tags.backdrop ?? []).map((t, i) => imageUrl(itemId, "backdrop", t, i));
  return {
    plot: m?.plot ?? null,
    tagline: m?.tagline ?? null,
    genres: m?.genres ?? [],
    studios: m?.studios ?? [],
    content_rating: m?.content_rating ?? null,
    premiered: m?.premiered ?? null,
    ratings: m?.ratings ?? [],
    provider_ids: m?.provider_ids ?? {},
    people: (m?.people ?? []).map((p) => ({
      name: p.name,
      kind: p.kind,
      role: p.role,
      order: p.order,
    })),
    images,
    ...(isAdmin ? { metadata_error: error ?? null } : {}),
  };
}

/** The primary image URL of an item row (its `images_json` summary), or null. */
export function primaryImageUrl(
  row: { id: string; images_json?: string | null },
): string | null {
  if (!row.images_json) return null;
  const tag = (JSON.parse(row.images_json) as Partial<Record<ImageType, string[]>>).primary?.[0];
  return tag ? imageUrl(row.id, "primary", tag) : null;
}
