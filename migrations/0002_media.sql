-- The media index: logical items (what a person browses and plays) apart from the physical files
-- that make them up (a stacked movie has several parts, a movie several versions, a video its
-- sidecar subtitles and images). Written by lib/scanner through lib/db/media_files.ts; read by
-- the API through lib/db/items.ts.

CREATE TABLE media_items (
  id TEXT PRIMARY KEY,
  library_id TEXT NOT NULL REFERENCES libraries (id) ON DELETE CASCADE,
  kind TEXT NOT NULL
    CHECK (kind IN ('movie', 'series', 'season', 'episode', 'artist', 'album', 'track', 'video')),
  -- Containers are removed by the scanner once their last child is gone; the cascade only
  -- matters when a library is deleted.
  parent_id TEXT REFERENCES media_items (id) ON DELETE CASCADE,
  series_id TEXT REFERENCES media_items (id) ON DELETE CASCADE,
  -- Stable grouping key derived from the naming rules (series folder, season number, album
  -- folder, movie folder + title…), so a rescan finds the same item and keeps its id.
  group_key TEXT NOT NULL,
  title TEXT NOT NULL,
  -- Lower-cased, diacritics removed, leading article moved to the end ("matrix, the").
  sort_title TEXT NOT NULL,
  -- Lower-cased, diacritics and punctuation removed: what `?q=` matches with instr().
  search_title TEXT NOT NULL,
  original_title TEXT,
  year INTEGER,
  season_number INTEGER,
  episode_number INTEGER,
  episode_end INTEGER,
  air_date TEXT,
  artist TEXT,
  album_artist TEXT,
  album TEXT,
  track_number INTEGER,
  disc_number INTEGER,
  extra_type TEXT,
  duration_ms INTEGER,
  size_bytes INTEGER,
  container TEXT,
  bitrate_kbps INTEGER,
  added_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (library_id, group_key)
);
-- The top level of a library in title order (partial: most items have a parent, and a smaller
-- index is cheaper to maintain during a first scan).
CREATE INDEX media_items_top ON media_items (library_id, sort_title) WHERE parent_id IS NULL;
-- Children of one parent in title order (also serves the parent_id foreign key).
CREATE INDEX media_items_parent ON media_items (parent_id, sort_title);
CREATE INDEX media_items_series ON media_items (series_id);
CREATE INDEX media_items_kind ON media_items (library_id, kind, sort_title);
CREATE INDEX media_items_added ON media_items (library_id, added_at);

CREATE TABLE media_files (
  id TEXT PRIMARY KEY,
  library_id TEXT NOT NULL REFERENCES libraries (id) ON DELETE CASCADE,
  -- NULL for a sidecar whose video is not (yet) known; kept so rescans need not re-read it.
  item_id TEXT REFERENCES media_items (id) ON DELETE SET NULL,
  -- Absolute path (what the byte server opens) and the path relative to the library root with
  -- `/` separators (what the naming rules and the scanner key on). Two libraries may share a
  -- folder, so uniqueness is per library.
  path TEXT NOT NULL,
  rel_path TEXT NOT NULL,
  file_class TEXT NOT NULL CHECK (file_class IN ('video', 'audio', 'subtitle', 'image', 'nfo')),
  size_bytes INTEGER NOT NULL,
  mtime_ms INTEGER NOT NULL,
  -- "size:sha1(first 64 KiB + last 64 KiB)", computed in the background for video and audio
  -- files; lets a moved or renamed file keep its item.
  fingerprint TEXT,
  part_number INTEGER,
  version_label TEXT,
  -- JSON SidecarInfo (language, forced, default, hearing_impaired, title) of sidecar files.
  sidecar TEXT,
  -- Set while the file's folder could not be read (a disk going away under a subfolder): the
  -- file is kept, not deleted, until a scan sees the folder again.
  missing_since TEXT,
  added_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (library_id, rel_path)
);
CREATE INDEX media_files_item ON media_files (item_id);

-- One ffprobe result per file, for the size and mtime it was made for: a file whose size or
-- mtime changed is probed again.
CREATE TABLE media_probe (
  file_id TEXT PRIMARY KEY REFERENCES media_files (id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('pending', 'ok', 'error')),
  probe_json TEXT,
  -- The music tags of probe_json (title, artist, album_artist, album, track, disc, date), small
  -- enough to load for a whole library when the scanner groups tracks into albums.
  tags_json TEXT,
  error TEXT,
  probed_at TEXT,
  size_bytes INTEGER NOT NULL,
  mtime_ms INTEGER NOT NULL
);

-- Files a scan could not read (unreadable folder, ffprobe failure). `GET
-- /api/libraries/{id}/scan/errors` lists them; walk errors are replaced on each scan, probe
-- errors live as long as the file (or until it is probed successfully).
CREATE TABLE scan_errors (
  id INTEGER PRIMARY KEY,
  library_id TEXT NOT NULL REFERENCES libraries (id) ON DELETE CASCADE,
  file_id TEXT REFERENCES media_files (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('walk', 'probe')),
  path TEXT NOT NULL,
  message TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX scan_errors_library ON scan_errors (library_id, at);
CREATE INDEX scan_errors_file ON scan_errors (file_id);
