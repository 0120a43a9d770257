-- What each user did with each item (position, played, favorite), each user's playback
-- preferences, and the full-text index behind `?q=`.

-- One row per user and item, created on the first progress report, mark or favorite. Rows go
-- with the user or the item (a rescan keeps item ids, so state survives rescans).
CREATE TABLE user_item_data (
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  item_id TEXT NOT NULL REFERENCES media_items (id) ON DELETE CASCADE,
  -- Resume point; 0 when there is none (see lib/playstate/resume_rules.ts).
  position_ms INTEGER NOT NULL DEFAULT 0,
  played INTEGER NOT NULL DEFAULT 0,
  play_count INTEGER NOT NULL DEFAULT 0,
  last_played_at TEXT,
  favorite INTEGER NOT NULL DEFAULT 0,
  -- Last change of any field: "Continue watching" is newest first by this.
  updated_at TEXT NOT NULL,
  PRIMARY KEY (user_id, item_id)
) WITHOUT ROWID;
-- The item foreign key's cascade and "who touched this item".
CREATE INDEX user_item_data_item ON user_item_data (item_id);
-- "Continue watching": the resumable items of a user, newest first.
CREATE INDEX user_item_data_resume ON user_item_data (user_id, updated_at)
  WHERE position_ms > 0 AND played = 0;

-- Per-user playback preferences (GET/PUT /api/me/settings).
CREATE TABLE user_settings (
  user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  -- ISO 639-2 codes as streams carry them ("eng", "fre"), or NULL for no preference.
  audio_language TEXT,
  subtitle_language TEXT,
  max_bitrate_kbps INTEGER,
  updated_at TEXT NOT NULL
);

-- Word-prefix search over items. Its rowid is the media_items rowid. `title` holds the folded
-- search_title (accents, case and punctuation already removed by the scanner); the other columns
-- use the tokenizer's own folding. `people` and `genres` stay empty until local metadata (NFO)
-- fills them: whoever writes them updates this table by rowid, the triggers below never touch
-- them. FTS5 tables cannot gain columns later, hence their presence now.
CREATE VIRTUAL TABLE media_items_fts USING fts5 (
  title,
  original_title,
  people,
  genres,
  tokenize = "unicode61 remove_diacritics 2"
);
INSERT INTO media_items_fts (rowid, title, original_title, people, genres)
  SELECT rowid, search_title, coalesce(original_title, ''), '', '' FROM media_items;

-- Triggers keep the index in step with the scanner's writes without it knowing. The update
-- trigger only fires when a searched column changes: the scanner rewrites whole rows in place.
CREATE TRIGGER media_items_fts_insert AFTER INSERT ON media_items BEGIN
  INSERT INTO media_items_fts (rowid, title, original_title, people, genres)
    VALUES (new.rowid, new.search_title, coalesce(new.original_title, ''), '', '');
END;
CREATE TRIGGER media_items_fts_delete AFTER DELETE ON media_items BEGIN
  DELETE FROM media_items_fts WHERE rowid = old.rowid;
END;
CREATE TRIGGER media_items_fts_update AFTER UPDATE OF search_title, original_title ON media_items
  WHEN old.search_title IS NOT new.search_title OR old.original_title IS NOT new.original_title
BEGIN
  UPDATE media_items_fts
    SET title = new.search_title, original_title = coalesce(new.original_title, '')
    WHERE rowid = old.rowid;
END;
