-- A file moved or renamed inside a library keeps its media_files row (and id) with a new path:
-- its keyframe list follows it, so the next remux of the moved file needs no ffprobe pass (the
-- lookup still checks size and mtime). Without this the list stayed under the old path until
-- that path was deleted from the index.
CREATE TRIGGER media_keyframes_file_moved AFTER UPDATE OF path ON media_files
WHEN old.path <> new.path
BEGIN
  UPDATE OR REPLACE media_keyframes SET path = new.path WHERE path = old.path;
END;
