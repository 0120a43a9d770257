-- Keyframe times of video files, read with ffprobe when a remux (video copy) HLS session first
-- needs them (every packet of the file is read: seconds for a feature film). Kept per absolute
-- path for the size and mtime they were read at: a file whose size or mtime changed is read
-- again. Written and read by lib/db/keyframes.ts through lib/media/keyframe_cache.ts.
CREATE TABLE media_keyframes (
  path TEXT PRIMARY KEY,
  size_bytes INTEGER NOT NULL,
  mtime_ms INTEGER NOT NULL,
  -- JSON array of keyframe times in ms on the file's own timeline, ascending.
  keyframes_json TEXT NOT NULL,
  read_at TEXT NOT NULL
);

-- A file leaving the index takes its keyframes along (keyed by path, not file id, because HLS
-- sessions work on paths; two libraries sharing a file share its row, which the next session
-- simply reads again).
CREATE TRIGGER media_keyframes_file_gone AFTER DELETE ON media_files
BEGIN
  DELETE FROM media_keyframes WHERE path = old.path;
END;
