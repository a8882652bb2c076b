-- A project's banner image, as JSON ({url, alt, mediaType, width, height, blurhash, thumbnailUrl}),
-- like events.image.
ALTER TABLE projects ADD COLUMN image TEXT;
