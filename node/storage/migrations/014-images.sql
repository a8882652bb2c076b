-- Images uploaded by operators (event and project banners). The files are in <dataDir>/media/
-- as <id>.webp and <id>-thumb.webp; events and projects name them by URL.
CREATE TABLE images (
  id TEXT PRIMARY KEY,
  media_type TEXT NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  thumbnail_width INTEGER NOT NULL,
  thumbnail_height INTEGER NOT NULL,
  blurhash TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
