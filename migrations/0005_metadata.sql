-- Local metadata (Kodi NFO files) and artwork of items. Written by lib/metadata after each scan;
-- read by lib/db/items.ts (item JSON) and the images endpoint.

-- What the NFO of an item says, and which local files it was read from. `source_sig` lists the
-- NFO and image files (path, size, mtime) the row was made from: a scan re-reads an item only
-- when its signature changes, so an unchanged rescan reads no NFO.
CREATE TABLE item_metadata (
  item_id TEXT PRIMARY KEY REFERENCES media_items (id) ON DELETE CASCADE,
  library_id TEXT NOT NULL REFERENCES libraries (id) ON DELETE CASCADE,
  -- The item's group key: the scanner applies the overrides below to the planned item with this
  -- key, so NFO titles win over names parsed from the path without rewrites on every rescan.
  group_key TEXT NOT NULL,
  source_sig TEXT NOT NULL,
  -- Public metadata (plot, tagline, genres, studios, content_rating, ratings, provider_ids,
  -- people, premiered, runtime_ms) as JSON; NULL without an NFO.
  json TEXT,
  -- Image types and version tags for URLs: {"primary": ["tag"], "backdrop": ["t0", "t1"]}.
  images TEXT,
  -- Why the NFO could not be read (malformed XML); the scan goes on.
  error TEXT,
  -- NFO values that replace the ones parsed from the path (NULL: keep the path's).
  title TEXT,
  sort_title TEXT,
  original_title TEXT,
  year INTEGER,
  updated_at TEXT NOT NULL
);
CREATE INDEX item_metadata_library ON item_metadata (library_id, group_key);

-- The artwork of an item, one row per type and index. `source`: a local image file, a picture
-- embedded in a media file (`stream_index`), or a frame grabbed from the video.
CREATE TABLE item_images (
  item_id TEXT NOT NULL REFERENCES media_items (id) ON DELETE CASCADE,
  type TEXT NOT NULL CHECK (type IN ('primary', 'backdrop', 'logo', 'banner', 'thumb')),
  idx INTEGER NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('local', 'embedded', 'frame')),
  -- Absolute path of the image, or of the media file it comes from.
  path TEXT NOT NULL,
  stream_index INTEGER,
  -- Changes whenever the image does (size + mtime of its file): part of image URLs and ETags.
  tag TEXT NOT NULL,
  PRIMARY KEY (item_id, type, idx)
) WITHOUT ROWID;
